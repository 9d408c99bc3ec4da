"""Accounts divided among live state workers by a tooz hash ring; outages degrade, never crash."""

import socket
import threading
import time
import uuid

import pytest

from broker_core import conf as broker_conf
from broker_core.state import partition as partition_mod
from tests.conftest import service_unavailable

ACCOUNTS = ['account-%02d' % n for n in range(40)]
REDIS = ('127.0.0.1', 6379)


def make_conf(tmp_path, url, policy='last_known', timeout=1):
    conf = broker_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    conf.set_override('backend_url', url, group='coordination')
    conf.set_override('member_timeout', timeout, group='coordination')
    conf.set_override('outage_policy', policy, group='coordination')
    return conf


@pytest.fixture
def file_url(tmp_path):
    return 'file://%s/coordination' % tmp_path


def started(conf, name):
    partition = partition_mod.Partition(conf, member=name.encode())
    partition.start()
    return partition


def test_two_workers_split_the_accounts_and_one_takes_all_when_the_other_leaves(
        tmp_path, file_url):
    conf = make_conf(tmp_path, file_url)
    first, second = started(conf, 'first'), started(conf, 'second')
    try:
        mine, theirs = first.extract_my_subset(ACCOUNTS), second.extract_my_subset(ACCOUNTS)
        assert mine and theirs
        assert set(mine).isdisjoint(theirs) and sorted(mine + theirs) == ACCOUNTS
        assert first.extract_my_subset(ACCOUNTS) == mine  # stable while nobody moves
        second.stop()
        assert first.extract_my_subset(ACCOUNTS) == ACCOUNTS
    finally:
        first.stop()
        second.stop()


def test_a_worker_that_dies_without_leaving_loses_its_accounts_after_the_timeout(
        tmp_path, file_url):
    conf = make_conf(tmp_path, file_url, timeout=1)
    survivor, dying = started(conf, 'survivor'), started(conf, 'dying')
    try:
        assert len(survivor.extract_my_subset(ACCOUNTS)) < len(ACCOUNTS)
        # Dead: its heart stops and it never says goodbye.
        dying.coordinator.heart.stop()
        dying.coordinator.heart.wait()
        deadline = time.monotonic() + 5
        while survivor.extract_my_subset(ACCOUNTS) != ACCOUNTS:
            assert time.monotonic() < deadline, 'the dead worker kept its accounts'
            time.sleep(0.2)
    finally:
        survivor.stop()
        dying.coordinator = None


def test_no_backend_configured_tracks_everything(tmp_path):
    partition = partition_mod.from_conf(make_conf(tmp_path, ''))
    partition.start()
    assert partition.extract_my_subset(ACCOUNTS) == ACCOUNTS


@pytest.mark.parametrize('policy, expected', [('last_known', []), ('wait', []),
                                              ('all', ACCOUNTS)])
def test_a_backend_down_from_the_start_degrades_by_the_policy(tmp_path, policy, expected):
    conf = make_conf(tmp_path, 'redis://127.0.0.1:%d?socket_timeout=1' % _closed_port(),
                     policy=policy)
    partition = started(conf, 'alone')
    try:
        assert partition.extract_my_subset(ACCOUNTS) == expected
    finally:
        partition.stop()


@pytest.mark.integration
def test_a_redis_outage_keeps_the_last_known_share_and_heals(tmp_path):
    _require_redis()
    group = 'test-%s' % uuid.uuid4().hex[:8]
    with TcpProxy(REDIS) as proxy:
        conf = make_conf(tmp_path, 'redis://127.0.0.1:%d?socket_timeout=1' % proxy.port,
                         timeout=2)
        conf.set_override('group', group, group='coordination')
        direct = make_conf(tmp_path, 'redis://%s:%d' % REDIS, timeout=2)
        direct.set_override('group', group, group='coordination')
        cut, other = started(conf, 'cut-off'), started(direct, 'other')
        try:
            share = cut.extract_my_subset(ACCOUNTS)
            other.extract_my_subset(ACCOUNTS)
            share = cut.extract_my_subset(ACCOUNTS)
            assert 0 < len(share) < len(ACCOUNTS)
            proxy.cut()
            assert cut.extract_my_subset(ACCOUNTS) == share
            assert cut.degraded
            proxy.heal()
            deadline = time.monotonic() + 10
            while cut.extract_my_subset(ACCOUNTS) != share or cut.degraded:
                assert time.monotonic() < deadline, 'no recovery after the outage'
                time.sleep(0.2)
            assert cut.members == {b'cut-off', b'other'}
        finally:
            cut.stop()
            other.stop()


def _closed_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _require_redis():
    try:
        socket.create_connection(REDIS, timeout=2).close()
    except OSError as exc:
        service_unavailable('Redis at %s:%d: %s' % (REDIS + (exc,)))


class TcpProxy:
    """A TCP relay to ``target`` that can be cut (connections dropped, new ones refused)."""

    def __init__(self, target):
        self.target = target
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.sockets = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.cut()
        self.listener.close()

    def cut(self):
        self.open.clear()
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self.sockets = []

    def heal(self):
        self.open.set()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.close()
                except OSError:
                    pass
