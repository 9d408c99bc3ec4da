"""Two broker-state processes on PostgreSQL and Redis share the accounts; one dies, none is lost.

Each process logs the accounts it tracked in every cycle; the test reads those logs to
see that no account is tracked by both in steady state, and that the survivor takes
every account once the other is killed. The broker's events must hold each change
exactly once, and a webhook receiver must get every one of them.
"""

import collections
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid

import pytest

from broker_core import conf as broker_conf
from broker_core import crypto
from broker_core.db import api as db_api
from broker_core import events
from broker_core import services
from broker_core.webhooks import subscriptions
from tests.broker_db import *  # noqa: F401,F403 (fixtures)
from tests.functional.broker_core.state import clouds as clouds_mod
from tests.functional.broker_core.state import receiver as receiver_mod
from tests.functional.broker_core.state import test_partition

pytestmark = pytest.mark.integration

CLOUDS = tuple('cloud-%d' % n for n in range(10))
CYCLE = re.compile(r'State cycle: (\d+) accounts .* accounts (\S*)$')
WORKERS = re.compile(r'State workers now: (.*)$')
CONFIG = """[DEFAULT]
state_path = {state}
[database]
connection = {database}
[crypto]
fernet_keys = {key}
[coordination]
backend_url = redis://127.0.0.1:6379
group = {group}
member_timeout = 2
[state]
interval = 0.4
account_timeout = 5
[webhooks]
dispatch_interval = 0.2
backoff_base = 0.2
"""


def broker_state_command():
    script = shutil.which('broker-state', path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, '-m', 'broker_core.cmd.state']


class Worker:
    def __init__(self, config, log_path):
        self.log_path = log_path
        self.log = open(log_path, 'wb')
        self.proc = subprocess.Popen(broker_state_command() + ['--config-file', str(config)],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def cycles(self):
        """[(members seen then, accounts tracked)] for every cycle logged so far."""
        members, found = 0, []
        for line in self.log_path.read_text(errors='replace').splitlines():
            seen = WORKERS.search(line)
            if seen:
                members = len(seen.group(1).split(', '))
            cycle = CYCLE.search(line)
            if cycle:
                found.append((members, frozenset(filter(None, cycle.group(2).split(',')))))
        return found

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def wait_for(condition, what, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail('timed out waiting for %s' % what)
        time.sleep(0.2)


@pytest.fixture
def postgresql(broker_databases, tmp_path):
    database = broker_databases.create('postgresql', tmp_path)
    database.migrate()
    restore = db_api.context_manager.patch_factory(database.manager)
    yield database
    restore()
    broker_databases.release(database)


def test_two_workers_share_the_accounts_and_the_survivor_takes_them_all(postgresql, tmp_path):
    test_partition._require_redis()
    key = crypto.generate_key()
    conf = broker_conf.build([])
    conf.set_override('state_path', str(tmp_path / 'state'))
    conf.set_override('fernet_keys', [key], group='crypto')
    clouds = clouds_mod.Clouds(conf, services.Broker(conf), names=CLOUDS, per_account=1)
    accounts = frozenset(clouds.accounts.values())
    config = tmp_path / 'broker.conf'
    config.write_text(CONFIG.format(
        state=tmp_path / 'state', key=key, group='test-%s' % uuid.uuid4().hex[:8],
        database=postgresql.url.render_as_string(hide_password=False)))
    with receiver_mod.Receiver() as receiver:
        subscriptions.create_subscription(clouds.admin, clouds.broker, receiver.url,
                                          'a-secret-of-the-receiver',
                                          event_types=['instance.*'])
        workers = [Worker(config, tmp_path / ('worker-%d.log' % n)) for n in range(2)]
        try:
            _check_split(workers, accounts)
            # Stopped first: the mock destroys only stopped instances, and a cycle
            # between the two calls would rightly record the stop of a deleted one.
            stopped = [clouds.records[name][0] for name in CLOUDS]
            for record in stopped:
                clouds.stop(record)
            wait_for(lambda: all(clouds.record(r)['state'] == 'STOPPED' for r in stopped),
                     'the stops to be tracked')
            wait_for(lambda: len(receiver.requests) == 10, 'the first ten deliveries')

            survivor, victim = workers
            victim.stop(signal.SIGKILL)
            taken = len(survivor.cycles())
            wait_for(lambda: any(tracked == accounts for _, tracked in
                                 survivor.cycles()[taken:]),
                     'the survivor to take every account', timeout=15)
            vanished = [clouds.records[name][0] for name in CLOUDS[5:]]
            for record in vanished:
                clouds.act(record, 'destroy_instance')
            wait_for(lambda: all(clouds.record(r)['deleted_at'] for r in vanished),
                     'the deletions to be tracked')
            wait_for(lambda: len(receiver.requests) >= 15, 'every delivery')
        finally:
            for worker in workers:
                worker.stop()
        _check_each_change_once(clouds, stopped, vanished, receiver)


def _check_split(workers, accounts):
    def steady():
        return all(sum(1 for members, _ in worker.cycles() if members == 2) >= 2
                   for worker in workers)
    wait_for(steady, 'both workers to see each other and run cycles')
    mine, theirs = ([tracked for members, tracked in worker.cycles()[-2:]]
                    for worker in workers)
    for first in mine:
        for second in theirs:
            assert first.isdisjoint(second), 'an account tracked by both workers'
            assert first | second == accounts
    assert mine[-1] and theirs[-1], 'one worker got nothing (a 1 in 512 chance)'


def _check_each_change_once(clouds, stopped, vanished, receiver):
    found = events.query(clouds.admin, object_type='instance', limit=1000)
    counts = collections.Counter((e['object_id'], e['type']) for e in found
                                 if e['type'] in ('instance.state_changed', 'instance.vanished'))
    assert counts == collections.Counter(
        [(r, 'instance.state_changed') for r in stopped] +
        [(r, 'instance.vanished') for r in vanished])
    delivered = [doc['event']['id'] for doc in receiver.received()]
    assert sorted(delivered) == sorted(e['id'] for e in found
                                       if e['type'] in ('instance.state_changed',
                                                        'instance.vanished'))
