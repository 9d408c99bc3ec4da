"""The state tracker's DB side: which accounts to track, and one listing applied to records."""

import datetime
import logging

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db.models import base as models_base
from broker_core.db import rows
from broker_core import events
from broker_core import health
from broker_core import instances
from broker_core import records
from broker_core.state import observation
from iaas import states

LOG = logging.getLogger(__name__)

KIND = 'instance'
# A healthy account's last_success_at is refreshed at least this often by the tracker.
HEALTH_REFRESH = datetime.timedelta(minutes=5)
# Below this, the error rate counts as zero (it only decays while calls succeed).
CLEAN_ERROR_RATE = 0.001
# Records locked per statement: a whole account vanishing must not exceed bind limits.
LOCK_CHUNK = 500


@db_api.reader
def tracked_accounts(context):
    """Ids of the accounts holding live placed instance records, sorted."""
    instance = models.Instance
    statement = sa.select(instance.account_id).where(
        instance.deleted_at.is_(None), instance.account_id.is_not(None),
        instance.provider_instance_id.is_not(None)).distinct()
    return sorted(context.session.scalars(statement))


def records_of(context, account_id):
    """The live placed records of an account, as mappings of observation.RECORD_FIELDS."""
    instance = models.Instance
    columns = [getattr(instance, field) for field in observation.RECORD_FIELDS]
    statement = sa.select(*columns).where(
        instance.account_id == account_id, instance.deleted_at.is_(None),
        instance.provider_instance_id.is_not(None))
    return context.session.execute(statement).mappings().all()


def apply_listing(context, account_id, listed, listed_at, thresholds, now=None):
    """Apply one account's listing (provider id -> Seen); what was done, by kind.

    Returns None when a newer listing of the account was applied already.

    A listing is applied in one writer transaction holding the account's row lock, so two
    workers that happen to track the same account (while their views of the membership
    differ) apply their listings one after the other, and the second finds nothing left to
    change: no change is recorded twice. A listing taken before the one last applied is
    dropped (``state_listed_at``). Records are read without locks to find what changed;
    only those are then locked and compared again before they are written.

    A listing that changes nothing, of an account in good health, writes nothing at all (no
    transaction to commit per account and cycle): most cycles of a large broker are such.
    Its time is then not stored either, which leaves one narrow case open: while two workers
    overlap on an account, an older listing that differs from the records may still be
    applied after a newer one that did not; the next cycle puts it right.
    """
    now = now or models_base.utcnow()
    if _nothing_to_write(context, account_id, listed, listed_at, thresholds, now):
        return {'changed': 0, 'vanished': 0, 'stuck': 0}
    return _apply(context, account_id, listed, listed_at, thresholds, now)


@db_api.reader
def _nothing_to_write(context, account_id, listed, listed_at, thresholds, now):
    account = rows.get(context, models.ProviderAccount, account_id, 'account')
    healthy = (not account.consecutive_failures and account.circuit_state == health.CLOSED
               and (account.error_rate or 0.0) < CLEAN_ERROR_RATE
               and account.last_success_at is not None
               and now - account.last_success_at < HEALTH_REFRESH)
    if not healthy:
        return False
    plan = observation.plan(records_of(context, account_id), listed, listed_at, now,
                            thresholds)
    return not plan.touched()


@db_api.writer
def _apply(context, account_id, listed, listed_at, thresholds, now):
    account = rows.get(context, models.ProviderAccount, account_id, 'account', lock=True)
    if account.state_listed_at is not None and account.state_listed_at >= listed_at:
        return None
    account.state_listed_at = listed_at
    plan = observation.plan(records_of(context, account_id), listed, listed_at, now,
                            thresholds)
    done = {'changed': 0, 'vanished': 0, 'stuck': 0}
    for row in _locked(context, plan.touched()):
        current = {field: getattr(row, field) for field in observation.RECORD_FIELDS}
        again = observation.plan([current], listed, listed_at, now, thresholds)
        if again.vanished:
            _vanish(context, row, now)
            done['vanished'] += 1
        elif again.stuck:
            _mark_stuck(context, row, *again.stuck[row.id], thresholds, now)
            done['stuck'] += 1
        elif again.changed:
            _change(context, row, observation.changes(current, again.changed[row.id]), now)
            done['changed'] += 1
    health.record_success(context, account_id, now=now)
    return done


def _locked(context, ids):
    """The live records of ``ids``, locked, in id order (so two lockers never deadlock)."""
    instance, ids, found = models.Instance, sorted(ids), []
    for start in range(0, len(ids), LOCK_CHUNK):
        statement = db_api.for_update(context, sa.select(instance).where(
            instance.id.in_(ids[start:start + LOCK_CHUNK]),
            instance.deleted_at.is_(None)).order_by(instance.id))
        found += context.session.scalars(
            statement.execution_options(populate_existing=True)).all()
    return found


def _event(context, row, type, details, outcome='success'):
    events.record(context, type, KIND, row.id, pool_id=row.pool_id,
                  account_id=row.account_id, outcome=outcome, details=details)


def _change(context, row, changes, now):
    before = {column: getattr(row, column) for column in changes}
    for column, value in changes.items():
        setattr(row, column, value)
    row.state_checked_at = now
    if 'state' in changes:
        row.state_changed_at = now
    context.session.flush()
    if 'state' in changes:
        _event(context, row, 'instance.state_changed',
               {'from': before['state'], 'to': row.state, 'provider_state': row.provider_state})
    moved = {column: {'from': before[column], 'to': changes[column]}
             for column in ('public_addresses', 'private_addresses') if column in changes}
    if moved:
        _event(context, row, 'instance.addresses_changed', moved)
    if 'volumes' in changes:
        old, new = set(before['volumes'] or ()), set(changes['volumes'])
        _event(context, row, 'instance.volumes_changed',
               {'from': before['volumes'], 'to': changes['volumes'],
                'attached': sorted(new - old), 'detached': sorted(old - new)})


def _mark_stuck(context, row, seconds, observed, thresholds, now):
    limit = thresholds[observation.TRANSITIONAL[row.state]]
    others = observation.changes(
        {field: getattr(row, field) for field in observation.RECORD_FIELDS}, observed)
    others.pop('state', None)
    before = row.state
    error = ('stuck in %s for %d s (the limit is %d s); the provider still reports %s'
             % (before, seconds, limit, observed.provider_state or before))
    row.last_error = error[:records.ERROR_LENGTH]
    _change(context, row, dict(others, state=states.ERROR), now)
    LOG.warning('Instance %s: %s', row.id, error)
    # _change told state_changed; this says why, for those who alert on it.
    _event(context, row, 'instance.stuck', {'state': before, 'seconds': int(seconds),
                                            'limit': limit, 'error': row.last_error},
           outcome='failure')


def _vanish(context, row, now):
    """Gone at the provider: FINISH, deleted, the quota reservation given back once."""
    instances.close_gone(context, row, 'instance.vanished', now=now)
    LOG.info('Instance %s (%s) vanished from its provider', row.id, row.provider_instance_id)
