"""What changed at a provider: one account's listing compared with the broker's records."""

import dataclasses

from iaas import states

KNOWN_STATES = frozenset((states.START, states.PENDING, states.RUNNING, states.STOPPING,
                          states.STOPPED, states.SHUTTING_DOWN, states.FINISH, states.ERROR))
SETTLED = frozenset((states.RUNNING, states.STOPPED))
# Transitional state -> the [state] option holding how long it may last.
TRANSITIONAL = {states.PENDING: 'pending_timeout', states.STOPPING: 'stopping_timeout',
                states.SHUTTING_DOWN: 'stopping_timeout'}
# Columns of a record the diff reads, in the order store.records_of selects them.
RECORD_FIELDS = ('id', 'provider_instance_id', 'state', 'provider_state', 'public_addresses',
                 'private_addresses', 'volumes', 'launched_at', 'created_at',
                 'updated_at', 'state_changed_at')


@dataclasses.dataclass(frozen=True)
class Seen:
    """What the provider lists for one instance, in the form the records keep."""

    state: str
    provider_state: str
    public_addresses: tuple
    private_addresses: tuple
    volumes: tuple


def seen(instance):
    """The Seen of a provider's ``iaas.models.Instance``."""
    raw = (instance.state or '').upper()
    return Seen(state=raw if raw in KNOWN_STATES else None,
                provider_state=(instance.state or None) and str(instance.state)[:64],
                public_addresses=tuple(a.address for a in instance.public_addresses),
                private_addresses=tuple(a.address for a in instance.private_addresses),
                volumes=tuple(sorted(instance.storage_volume_ids or ())))


@dataclasses.dataclass
class Plan:
    """Record ids by what happens to them in this cycle."""

    changed: dict = dataclasses.field(default_factory=dict)   # id -> Seen
    vanished: list = dataclasses.field(default_factory=list)
    stuck: dict = dataclasses.field(default_factory=dict)     # id -> (seconds, Seen)

    def touched(self):
        return set(self.changed) | set(self.vanished) | set(self.stuck)


def new_state(record_state, observed):
    """The state a record takes from what was listed (None: it keeps its own)."""
    if observed is None or observed == record_state:
        return None
    if record_state == states.ERROR and observed not in SETTLED:
        return None
    return observed


def changes(record, observed):
    """{column: value} that differ between a record (a mapping) and its Seen."""
    found = {}
    state = new_state(record['state'], observed.state)
    if state is not None:
        found['state'] = state
    for column in ('public_addresses', 'private_addresses'):
        if list(getattr(observed, column)) != list(record[column] or []):
            found[column] = list(getattr(observed, column))
    if list(observed.volumes) != sorted(record['volumes'] or []):
        found['volumes'] = list(observed.volumes)
    if observed.provider_state and observed.provider_state != record['provider_state']:
        found['provider_state'] = observed.provider_state
    return found


def stuck_for(record, observed, now, thresholds):
    """Seconds a record has been stuck in its transition, or None when it is not stuck."""
    state = record['state']
    if state not in TRANSITIONAL or (observed is not None and observed.state != state):
        return None
    # A record whose state was last set by a path that does not stamp state_changed_at
    # counts from its last write: later rather than too early.
    since = record['state_changed_at'] or record['updated_at'] or record['launched_at'] \
        or record['created_at']
    if since is None:
        return None
    seconds = (now - since).total_seconds()
    return seconds if seconds > thresholds[TRANSITIONAL[state]] else None


def plan(records, listed, listed_at, now, thresholds):
    """The Plan for ``records`` (mappings) given ``listed``: provider id -> Seen.

    ``thresholds`` maps 'pending_timeout' and 'stopping_timeout' to seconds.

    Pure functions over plain values, so the rules can be read (and tested) in one place:

    - a record whose provider instance is listed takes the listed state, addresses and
      attached volumes; a state the broker does not know leaves the state as it is;
    - a record left in ERROR (a stuck transition, a failed action) leaves it only for a
      settled state (RUNNING, STOPPED), never for the transition it was stuck in;
    - a record whose instance is not listed has vanished, unless it was placed after the
      listing was taken;
    - a record the provider still shows PENDING (or STOPPING, SHUTTING_DOWN) longer than the
      threshold since its state last changed is stuck;
    - a record written after the listing was taken (a user's action meanwhile) is left
      alone: the listing is older than what the record says.
    """
    result = Plan()
    for record in records:
        if record['updated_at'] is not None and record['updated_at'] > listed_at:
            continue
        observed = listed.get(record['provider_instance_id'])
        if observed is None:
            placed = record['launched_at'] or record['created_at']
            if placed is None or placed < listed_at:
                result.vanished.append(record['id'])
            continue
        stuck = stuck_for(record, observed, now, thresholds)
        if stuck is not None:
            result.stuck[record['id']] = (stuck, observed)
            continue
        if changes(record, observed):
            result.changed[record['id']] = observed
    return result
