"""This worker's share of the accounts: a tooz hash ring over the live state workers."""

import logging
import os
import socket
import threading
import uuid
from urllib import parse
import warnings

from broker_core.conf import coordination as coordination_conf

LOG = logging.getLogger(__name__)

PARTITIONS = 2 ** 5


class BackendUnavailable(Exception):
    """The coordination backend did not answer in time, or an earlier call still hangs."""


def member_id():
    """A member id unique to this process: host, pid and a random part."""
    return ('%s:%d:%s' % (socket.gethostname(), os.getpid(), uuid.uuid4().hex[:8])).encode()


def backend_url(conf):
    """[coordination] backend_url with member_timeout as its timeout, unless it sets one."""
    url = conf.coordination.backend_url
    split = parse.urlsplit(url)
    query = parse.parse_qs(split.query)
    if 'timeout' in query:
        return url
    extra = 'timeout=%d' % conf.coordination.member_timeout
    return parse.urlunsplit(split._replace(query=split.query + '&' + extra if split.query
                                           else extra))


def _tooz():
    """tooz, imported when coordination is used; its futurist imports eventlet, which warns."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        from tooz import coordination
        from tooz import hashring
    return coordination, hashring


def owner_ring(members):
    ring = _tooz()[1].HashRing([], partitions=PARTITIONS)
    ring.add_nodes(sorted(members))
    return ring


class Partition:
    """Membership of this worker in the state workers' group; ``extract_my_subset`` per cycle.

    As aodh's PartitionCoordinator does: each worker joins one tooz group, tooz's heartbeat
    thread keeps it a member, and every cycle ``extract_my_subset`` builds the hash ring
    from the members the backend lists right then and keeps the accounts that fall to this
    worker. A worker that leaves (or stops heartbeating for [coordination] member_timeout)
    drops out of the listing, so the others take its accounts in their next cycle. The ring
    is rebuilt from the listing each time rather than kept up to date by join/leave
    watchers, which can drift after a missed event.

    When the backend does not answer, [coordination] outage_policy decides: keep the ring
    of the last membership seen (the default: no account doubled, those of a worker that
    died meanwhile wait), track every account, or track none; nothing crashes, and the
    worker rejoins when the backend is back. "Does not answer" includes answering late:
    tooz and its clients retry a dead server for a long time, so every backend call runs on
    a thread of its own and is given up after half the member timeout (at least a second;
    a later answer could not be trusted anyway); while it still hangs, no second call is
    made.
    """

    def __init__(self, conf, member=None):
        self.url = backend_url(conf)
        self.group = conf.coordination.group.encode()
        self.policy = conf.coordination.outage_policy
        self.call_timeout = max(1.0, conf.coordination.member_timeout / 2.0)
        self.member = member or member_id()
        self.coordinator = None
        self.members = None          # the membership last seen, None before any
        self.degraded = False        # whether the last listing failed
        self._ring = None
        self._call_thread = None
        self._made = None
        self._stopped = False

    def start(self):
        """Connect and join; a backend that does not answer is retried by the next cycle."""
        try:
            # Loading the driver does no I/O; it is not part of the time a call is given.
            self._made = _tooz()[0].get_coordinator(self.url, self.member)
            self._call(self._join)
        except Exception as exc:  # noqa: B902 - any backend failure: degrade, retry later
            LOG.warning('Coordination backend %s unavailable at start-up: %s',
                        self._safe_url(), exc)

    def _call(self, func):
        """``func()`` on a thread of its own, given up after call_timeout."""
        if self._call_thread is not None and self._call_thread.is_alive():
            raise BackendUnavailable('an earlier call has not returned yet')
        outcome = {}

        def run():
            try:
                outcome['value'] = func()
            except BaseException as exc:  # noqa: B902 - handed to the caller
                outcome['error'] = exc
        self._call_thread = threading.Thread(target=run, name='coordination', daemon=True)
        self._call_thread.start()
        self._call_thread.join(self.call_timeout)
        if self._call_thread.is_alive():
            raise BackendUnavailable('no answer within %.1f s' % self.call_timeout)
        if 'error' in outcome:
            raise outcome['error']
        return outcome['value']

    def _connect(self):
        if self.coordinator is not None:
            return self.coordinator
        coordinator = self._made or _tooz()[0].get_coordinator(self.url, self.member)
        self._made = None
        # tooz's heart thread heartbeats on its own, retrying while the backend is down.
        coordinator.start(start_heart=True)
        if self._stopped:  # stopped while this call hung
            coordinator.stop()
            raise BackendUnavailable('stopped')
        self.coordinator = coordinator
        LOG.info('Connected to coordination backend %s as %s', self._safe_url(),
                 self.member.decode())
        return coordinator

    def _join(self):
        tooz = _tooz()[0]
        coordinator = self._connect()
        # Created first: join_group_create waits a second before it retries the join.
        try:
            coordinator.create_group(self.group).get()
        except tooz.GroupAlreadyExist:
            pass
        try:
            coordinator.join_group(self.group, capabilities={'weight': 1}).get()
        except tooz.MemberAlreadyJoined:
            pass

    def extract_my_subset(self, items):
        """The items (account ids) that fall to this worker now."""
        items = list(items)
        try:
            members = self._call(self._current_members)
        except Exception as exc:  # noqa: B902 - any backend failure: degrade, never crash
            return self._degraded(items, exc)
        self.degraded = False
        if members != self.members:
            LOG.info('State workers now: %s', ', '.join(sorted(m.decode() for m in members)))
            self.members, self._ring = members, owner_ring(members)
        return [item for item in items if self._mine(self._ring, item)]

    def _current_members(self):
        coordinator = self._connect()
        members = set(coordinator.get_members(self.group).get())
        if self.member not in members:
            # Never joined, or dropped while the backend was away (our beat expired).
            self._join()
            members.add(self.member)
        return frozenset(members)

    def _mine(self, ring, item):
        return ring.get_nodes(str(item).encode('utf-8')) == {self.member}

    def _degraded(self, items, exc):
        self.degraded = True
        LOG.warning('Coordination backend %s failed (%s); outage policy %s',
                    self._safe_url(), exc, self.policy)
        if self.policy == coordination_conf.ALL:
            return items
        if self.policy == coordination_conf.LAST_KNOWN and self._ring is not None:
            return [item for item in items if self._mine(self._ring, item)]
        return []

    def stop(self):
        """Leave the group at once, so the others take over without waiting for a timeout."""
        self._stopped = True
        coordinator, self.coordinator = self.coordinator, None
        if coordinator is None:
            return
        try:
            self._call(lambda: coordinator.leave_group(self.group).get())
        except Exception as exc:  # noqa: B902 - leaving is best effort; the timeout covers it
            LOG.info('Could not leave the coordination group: %s', exc)
        try:
            self._call(coordinator.stop)
        except Exception as exc:  # noqa: B902
            LOG.info('Could not stop the coordinator cleanly: %s', exc)

    def _safe_url(self):
        split = parse.urlsplit(self.url)
        netloc = split.hostname or ''
        if split.port:
            netloc += ':%d' % split.port
        return parse.urlunsplit((split.scheme, netloc, split.path, '', ''))


class Everything:
    """No coordination configured: this process tracks every account."""

    members = None

    def start(self):
        pass

    def extract_my_subset(self, items):
        return list(items)

    def stop(self):
        pass


def from_conf(conf, member=None):
    if not conf.coordination.backend_url:
        return Everything()
    return Partition(conf, member)
