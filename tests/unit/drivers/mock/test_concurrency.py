"""Worker processes sharing one simulated cloud never hand out the same id twice."""

import concurrent.futures
import multiprocessing

from iaas import conf as iaas_conf
from iaas.drivers.mock import driver as mock_driver
from tests.unit.drivers.mock import helpers

PROCESSES = 5
PER_PROCESS = 10


def _worker_driver(state_path, provider):
    """What a gunicorn worker has: its own configuration and driver on the shared files."""
    conf = iaas_conf.build()
    conf.set_override('state_path', state_path)
    return mock_driver.MockDriver(conf, provider=provider)


def launch_in_worker(args):
    state_path, provider, worker = args
    driver = _worker_driver(state_path, provider)
    ctx = helpers.context()
    return [helpers.launch(driver, ctx, name='w%d-%d' % (worker, n))[0].id
            for n in range(PER_PROCESS)]


def create_addresses_in_worker(args):
    state_path, provider = args
    driver = _worker_driver(state_path, provider)
    return [driver.create_address(helpers.context()).id for _ in range(PER_PROCESS)]


def _in_processes(func, jobs):
    with multiprocessing.get_context('fork').Pool(PROCESSES) as pool:
        return pool.map(func, jobs)


def test_parallel_launches_from_processes(tmp_path, ctx):
    # A fresh provider: the processes also race to create and seed its file.
    jobs = [(str(tmp_path), 'race', worker) for worker in range(PROCESSES)]
    ids = [i for batch in _in_processes(launch_in_worker, jobs) for i in batch]
    assert len(ids) == PROCESSES * PER_PROCESS == len(set(ids))
    listed = {i.id: i.name for i in _worker_driver(str(tmp_path), 'race').list_instances(ctx)}
    assert set(ids) <= set(listed)
    assert set(listed) - set(ids) == {'inst0', 'inst1', 'inst2', 'inst3'}
    names = {listed[i] for i in ids}
    assert names == {'w%d-%d' % (w, n) for w in range(PROCESSES) for n in range(PER_PROCESS)}


def test_parallel_addresses_from_processes(tmp_path, ctx):
    jobs = [(str(tmp_path), 'addr')] * PROCESSES
    created = [a for batch in _in_processes(create_addresses_in_worker, jobs) for a in batch]
    assert len(set(created)) == PROCESSES * PER_PROCESS
    listed = {a.id for a in _worker_driver(str(tmp_path), 'addr').list_addresses(ctx)}
    assert set(created) <= listed and len(listed) == 4 + len(created)


def test_parallel_launches_from_threads_of_one_driver(mock, ctx):
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        batches = list(pool.map(lambda _: helpers.launch(mock, ctx), range(24)))
    ids = [batch[0].id for batch in batches]
    assert len(set(ids)) == 24
    assert set(ids) <= {i.id for i in mock.list_instances(ctx)}
