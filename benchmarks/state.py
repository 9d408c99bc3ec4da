"""Suite ``state``: one state tracking cycle over 100 mock accounts, against a bare DB read."""

import contextlib
import datetime
import shutil
import statistics
import tempfile
import time
import uuid

import sqlalchemy as sa

from benchmarks import runner
from broker_core import conf as broker_conf
from broker_core import crypto
from broker_core.db import api as db_api
from broker_core.db import migration
from broker_core.db import models
from broker_core import services
from broker_core.state import observation
from broker_core.state import tracker as tracker_mod
from iaas.drivers.mock import core as mock_core
from iaas.drivers.mock import knobs
from iaas import loader
from iaas import models as iaas_models

ACCOUNTS = 100
SIZES = (1000, 10000, 100000)
QUICK_SIZES = (1000, 10000)
# Cycles take seconds (13 s at 100,000 under load): at most this many runs per size keep
# the suite near a minute and a half, and the whole command well within ten minutes.
MAX_REPEAT = {1000: 5, 10000: 3, 100000: 2}
CHANGING_UP_TO = 10000
CHANGED_SHARE = 100          # one instance in CHANGED_SHARE changes before a "changing" run
BASELINE = 'bare DB read of the rows'
CREDENTIALS = {'username': 'mockuser', 'password': 'mockpassword'}
OWNER = 'mockuser'


class CountingDrivers:
    """The provider drivers, counting ``list_instances`` calls (what a cycle must bound)."""

    def __init__(self, conf):
        self.registry = loader.DriverRegistry(conf, enabled=['mock'])
        self.calls = 0

    def names(self):
        return self.registry.names()

    def get(self, name, provider=None):
        driver, counter = self.registry.get(name, provider), self

        class Counted:
            def __getattr__(self, attr):
                return getattr(driver, attr)

            def list_instances(self, context, **filters):
                counter.calls += 1
                return driver.list_instances(context, **filters)
        return Counted()


class World:
    """A broker DB and ACCOUNTS mock clouds with ``size`` instances between them."""

    def __init__(self, directory):
        self.conf = broker_conf.build([])
        self.conf.set_override('state_path', directory)
        self.conf.set_override('fernet_keys', [crypto.generate_key()], group='crypto')
        self.conf.set_override('backend_url', '', group='coordination')
        self.conf.set_override('max_providers', ACCOUNTS + 1, group='mock')
        self.conf.set_override('account_timeout', 600.0, group='state')
        self.manager = db_api.create_context_manager(
            'sqlite:///%s/broker.sqlite' % directory)
        migration.upgrade(None, engine=db_api.get_engine(self.manager))
        self.restore = db_api.context_manager.patch_factory(self.manager)
        self.drivers = CountingDrivers(self.conf)
        self.broker = services.Broker(self.conf, drivers=self.drivers)
        self.accounts = self._accounts()
        self.size = 0
        self.placed = []          # (cloud, provider instance id) of every instance
        self.stopped = set()

    def close(self):
        self.restore()
        self.manager.dispose_pool()

    def _accounts(self):
        token = self.broker.cipher.encrypt(CREDENTIALS)
        ids = []
        with db_api.get_engine(self.manager).begin() as connection:
            user, pool = str(uuid.uuid4()), str(uuid.uuid4())
            connection.execute(sa.insert(models.User), [{'id': user, 'name': 'bench'}])
            connection.execute(sa.insert(models.Pool), [{'id': pool, 'name': 'bench'}])
            self.user_id, self.pool_id = user, pool
            for n in range(ACCOUNTS):
                provider, account = str(uuid.uuid4()), str(uuid.uuid4())
                name = 'bench-%03d' % n
                connection.execute(sa.insert(models.Provider), [
                    {'id': provider, 'name': name, 'driver': 'mock', 'provider': name}])
                connection.execute(sa.insert(models.ProviderAccount), [
                    {'id': account, 'provider_id': provider, 'name': 'main',
                     'credentials': token}])
                ids.append((name, account))
        return ids

    def grow(self, size):
        """Add instances until there are ``size``, spread evenly over the accounts."""
        per_account = (size - self.size) // ACCOUNTS
        now = datetime.datetime.utcnow() - datetime.timedelta(minutes=5)
        rows = []
        for name, account in self.accounts:
            created = self._seed_cloud(name, per_account)
            self.placed += [(name, provider_id) for provider_id in created]
            rows += [instance_row(self.user_id, self.pool_id, account, provider_id, now)
                     for provider_id in created]
        with db_api.get_engine(self.manager).begin() as connection:
            insert_instances(connection, rows)
            # As the tracker stamps a healthy account every few minutes ([state] store).
            connection.execute(sa.update(models.ProviderAccount).values(
                last_success_at=datetime.datetime.utcnow()))
        self.size = size

    def _seed_cloud(self, name, count):
        store = knobs.open_store(self.conf, name)
        with store.write() as txn:
            taken = txn.ids('instance')
            ids = mock_core.first_free('bench', taken, count)
            for provider_id in ids:
                instance = iaas_models.Instance(
                    provider_id, provider_id, 'RUNNING', OWNER, 'img1', 'us', 'm1-small',
                    public_addresses=[iaas_models.AddressValue('%s.public' % provider_id,
                                                               'hostname')],
                    private_addresses=[iaas_models.AddressValue('%s.private' % provider_id,
                                                                'hostname')])
                txn.insert('instance', provider_id, mock_core.dump_with(instance, ready_at=0),
                           owner=OWNER)
        return ids

    def flip(self, count):
        """Stop ``count`` instances at their clouds behind the broker, or start them again."""
        requests = {}
        for name, provider_id in self.placed[::max(1, len(self.placed) // count)][:count]:
            driver = self.broker.driver('mock', name)
            request = requests.setdefault(name, iaas_models.RequestContext(
                iaas_models.Credentials(**CREDENTIALS), provider=name))
            if (name, provider_id) in self.stopped:
                driver.start_instance(request, provider_id)
                self.stopped.discard((name, provider_id))
            else:
                driver.stop_instance(request, provider_id)
                self.stopped.add((name, provider_id))


def instance_row(owner_id, pool_id, account_id, provider_id, now):
    """An Instance row of a RUNNING instance placed at ``provider_id``, to insert in bulk."""
    return {'id': str(uuid.uuid4()), 'owner_id': owner_id, 'pool_id': pool_id,
            'account_id': account_id, 'provider_instance_id': provider_id,
            'state': 'RUNNING', 'provider_state': 'RUNNING',
            'public_addresses': ['%s.public' % provider_id],
            'private_addresses': ['%s.private' % provider_id], 'volumes': [],
            'hardware': {}, 'firewall_ids': [], 'created_at': now, 'launched_at': now}


def insert_instances(connection, rows, batch=5000):
    for start in range(0, len(rows), batch):
        connection.execute(sa.insert(models.Instance), rows[start:start + batch])


def read_rows(world):
    """The baseline: one SELECT of every live row with the columns a cycle compares."""
    columns = [getattr(models.Instance, field) for field in observation.RECORD_FIELDS]
    statement = sa.select(*columns).where(models.Instance.deleted_at.is_(None),
                                          models.Instance.provider_instance_id.is_not(None))
    with db_api.get_engine(world.manager).connect() as connection:
        return len(connection.execute(statement).mappings().all())


def time_runs(func, before, repeat):
    """Timing of ``func()`` run ``repeat`` times, with ``before()`` untimed before each run."""
    seconds = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        func()
        seconds.append(time.perf_counter() - started)
    return runner.Timing(statistics.median(seconds), min(seconds), max(seconds), repeat, 1)


def measure_size(world, tracker, size, repeat):
    started = time.perf_counter()
    world.grow(size)
    seeded = time.perf_counter() - started
    repeat = min(repeat, MAX_REPEAT.get(size, repeat))
    baseline = runner.measure(lambda: read_rows(world), repeat)
    calls, changes = [], []

    def cycle():
        world.drivers.calls = 0
        report = tracker.run_cycle()
        calls.append(world.drivers.calls)
        changes.append(report.changes.get('changed', 0))
    params = {'n': size, 'accounts': ACCOUNTS}
    figures = [runner.Figure('%s n=%d' % (BASELINE, size), baseline, params)]
    timings = [('steady cycle', time_runs(cycle, lambda: None, repeat))]
    if size <= CHANGING_UP_TO:
        timings.append(('cycle, 1% changed', time_runs(
            cycle, lambda: world.flip(size // CHANGED_SHARE), repeat)))
    for name, timing in timings:
        figures.append(runner.Figure('%s n=%d' % (name, size), timing, dict(params),
                                     baseline=BASELINE, ratio=timing.median / baseline.median))
    summary = {'provider_calls_per_cycle': sorted(set(calls)),
               'changed_per_cycle': sorted(set(changes)),
               'per_instance_seconds': timings[0][1].median / size,
               'seeding_seconds': seeded}
    return figures, summary


def run(options):
    """The steady and changing cycles at every size, each against the bare read.

    The broker DB (SQLite under a temporary state_path) and the 100 mock clouds are seeded in
    bulk, straight into their tables, with the same instances on both sides: a steady cycle
    finds nothing to change, which is what most cycles of a real broker do. A second figure
    changes one instance in a hundred at the clouds before each cycle (stop, then start
    again), so the cycle also locks, writes and records events for them; it is left out at
    100,000, where its three runs alone would take over a minute.
    """
    sizes = QUICK_SIZES if options.quick else SIZES
    repeat = min(options.repeat, 3) if options.quick else options.repeat
    figures, summary = [], {}
    with _world() as world:
        tracker = tracker_mod.Tracker(world.conf, world.broker)
        try:
            world.grow(ACCOUNTS)
            tracker.run_cycle()   # warm-up: lazy imports, drivers and caches
            for size in sizes:
                found, summary[str(size)] = measure_size(world, tracker, size, repeat)
                figures += found
        finally:
            tracker.close()
    return runner.SuiteResult(figures, summary, notes=notes(summary))


@contextlib.contextmanager
def _world():
    directory = tempfile.mkdtemp(prefix='broker-bench-state-')
    world = World(directory)
    try:
        yield world
    finally:
        world.close()
        shutil.rmtree(directory, ignore_errors=True)


def notes(summary):
    lines = []
    for size, result in summary.items():
        calls = result['provider_calls_per_cycle']
        verdict = 'one per account' if calls == [ACCOUNTS] else 'NOT one per account'
        lines.append('n=%s: provider list calls per cycle %s (%s); instances changed per '
                     'cycle %s; %s per instance in a steady cycle; seeded in %.0f s'
                     % (size, calls, verdict, result['changed_per_cycle'],
                        runner.format_seconds(result['per_instance_seconds']),
                        result['seeding_seconds']))
    return lines
