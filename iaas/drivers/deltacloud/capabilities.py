"""What a remote Deltacloud API can do, read from its ``/api`` and instance states, cached."""

import dataclasses
import logging
import threading
import time

from iaas import collections
from iaas import features as features_mod
from iaas import states

LOG = logging.getLogger(__name__)
INSTANCE_ACTIONS = ('start', 'stop', 'reboot', 'destroy')


@dataclasses.dataclass(frozen=True)
class RemoteApi:
    """The remote's entry point: its collections (link rels) and features per collection."""

    version: str
    driver: str
    provider: str
    links: frozenset
    features: dict          # collection -> (feature name, ...)


def parse_api(body):
    """A RemoteApi from the JSON of ``GET /api``; ValueError when it is not one."""
    api = body.get('api') if isinstance(body, dict) else None
    if not isinstance(api, dict) or not isinstance(api.get('links'), list):
        raise ValueError('not a Deltacloud entry point')
    links, found = set(), {}
    for link in api['links']:
        rel = link['rel']
        links.add(rel)
        # Deltacloud nests each feature in a list of its own: [[{"name": ...}], ...].
        names = []
        for group in link.get('features') or ():
            for feature in (group if isinstance(group, list) else [group]):
                names.append(feature['name'])
        found[rel] = tuple(names)
    return RemoteApi(api.get('version'), api.get('driver'), api.get('provider'),
                     frozenset(links), found)


def parse_states(body):
    """A StateMachine from ``GET /api/instance_states`` (a bare list of states)."""
    if not isinstance(body, list):
        raise ValueError('not a list of instance states')
    machine = {}
    for state in body:
        transitions = []
        for item in state.get('transitions') or ():
            automatic = str(item.get('auto', '')).lower() == 'true' or not item.get('action')
            transitions.append(states.Transition(
                item['to'].upper(), None if automatic else item['action']))
        machine[state['name'].upper()] = transitions
    return states.StateMachine(machine)


def inferred_operations(api, machine):
    """Every operation the remote's links imply, before the remote's answers correct it.

    Deltacloud's ``/api`` links each collection the remote driver supports, with its
    features, but lists no operations. So: index and show of every linked collection,
    create and destroy where the collection has them, its member actions (instance actions
    only where the remote's state machine has them), and the blob operations with
    ``buckets``. :class:`Capabilities` then corrects this from the remote's answers.
    """
    ops = set()
    machine_actions = {a for state in machine.states for a in machine.actions(state)}
    for rel in api.links:
        collection = collections.COLLECTIONS.get(rel)
        if collection is None or collection.parent:
            continue  # drivers, instance_states: the front end's own
        implied = [collection] + [c for c in collections.COLLECTIONS.values()
                                  if c.parent == rel]
        for each in implied:
            for op in each.operations:
                if each.name == 'instances' and op in INSTANCE_ACTIONS \
                        and op not in machine_actions:
                    continue
                ops.add(collections.operation_name(each.name, op))
    return ops


def known_features(api):
    """``{collection: (Feature, ...)}`` of the remote's features this layer knows."""
    result = {}
    for collection, names in api.features.items():
        found = []
        for name in names:
            try:
                found.append(features_mod.lookup(collection, name))
            except KeyError:
                LOG.debug('Ignoring unknown remote feature %s of %s', name, collection)
        if found:
            result[collection] = tuple(found)
    return result


class Capabilities:
    """One remote's entry point and states, refetched after ``ttl`` seconds; thread-safe.

    ``fetch_api`` and ``fetch_states`` return the decoded JSON documents. Until the next
    fetch, a 412 marks an operation missing, and an instance's ``actions`` links show which
    of its state's actions the remote offers (Deltacloud links only the supported ones).
    """

    def __init__(self, ttl, fetch_api, fetch_states, clock=time.monotonic):
        self.ttl = ttl
        self._fetch_api = fetch_api
        self._fetch_states = fetch_states
        self._clock = clock
        self._lock = threading.Lock()
        self._api = self._machine = None
        self._api_at = self._machine_at = None
        self._forget()

    def _forget(self):
        """Drop what was learned and derived: a new look at the remote starts afresh."""
        self._learned = {}      # operation -> bool, as the remote answered since the fetch
        self._seen = set()      # instance observations already learned from
        self._operations = None

    def _fresh(self, fetched_at):
        return fetched_at is not None and self._clock() - fetched_at < self.ttl

    def api(self):
        with self._lock:
            if not self._fresh(self._api_at):
                api = parse_api(self._fetch_api())
                if self._api is not None:
                    self._forget()
                self._api, self._api_at = api, self._clock()
            return self._api

    def state_machine(self):
        with self._lock:
            if not self._fresh(self._machine_at):
                machine = parse_states(self._fetch_states())
                self._machine, self._machine_at = machine, self._clock()
                self._seen, self._operations = set(), None
            return self._machine

    def operations(self):
        api = self.api()
        machine = self.state_machine() if 'instances' in api.links else states.StateMachine({})
        with self._lock:
            # Derived once per change: the front end asks on every request.
            if self._operations is None:
                missing = {op for op, supported in self._learned.items() if not supported}
                self._operations = frozenset(inferred_operations(api, machine) - missing)
            return self._operations

    def features(self):
        return known_features(self.api())

    def learn(self, operation, supported):
        """Record what the remote showed about ``operation`` until the next fetch."""
        with self._lock:
            if self._learned.get(operation) != supported:
                LOG.debug('Remote %s %s', 'supports' if supported else 'lacks', operation)
                self._learned[operation] = supported
                # What changed may be changed back by an observation already seen.
                self._seen, self._operations = set(), None

    def observe_instance(self, instance, machine):
        """Learn from an instance's action links: Deltacloud shows only what it supports."""
        offered = tuple(instance.extra.get('actions') or ())
        seen = (instance.state, offered, instance.create_image)
        with self._lock:
            if seen in self._seen:
                return  # a list of many instances shows few combinations
            self._seen.add(seen)
        for action in machine.actions(instance.state or ''):
            if action in INSTANCE_ACTIONS:
                self.learn('instances.' + action, action in offered)
        if instance.create_image:
            self.learn('images.create', 'create_image' in offered)
