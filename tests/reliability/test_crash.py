"""Crash: gunicorn workers SIGKILLed during launches; after a restart nothing is lost or doubled.

Clients launch (with idempotency keys, retried when their worker dies) while the test kills
every worker of broker-api, gunicorn starting new ones, in two ways:

- mid-create: once a launch has claimed its placement, before its provider creates the
  instance (creates take LATENCY seconds);
- created, not recorded: the test holds the broker database's write lock, waits for a
  provider instance to appear whose launch now waits to record it, and kills then.

Then a clean restart: nothing runs any more, so with no grace period every unfinished
launch counts as interrupted, and the reconciler (run when the broker driver starts) must
leave no orphan, no duplicate, no record in a transient state, and quota usage equal to
what the live records hold.
"""

import concurrent.futures
import contextlib
import os
import signal
import sqlite3
import threading
import time
import uuid

import pytest
import requests

from broker_core import instances
from broker_core import placements
from broker_core import quotas
from iaas.drivers.mock import driver as mock_driver
from iaas import models
from iaas import states
from tests.reliability import audit
from tests.reliability import world

pytestmark = pytest.mark.integration

CLIENTS = 4
MOST_LAUNCHES = 12  # per client; clients stop once the kills are done
RETRIES = 5
LATENCY = 0.3
ROUNDS = ('created', 'mid-create', 'created', 'mid-create')
WAIT = 5.0  # seconds a round waits for its moment, and for gunicorn to replace workers
POLL = 0.005
TRIES = 5


def launch(api, form, key):
    """POST /instances with an idempotency key, sent again while the worker dies; the answer."""
    for _ in range(RETRIES):
        try:
            response = api.request('POST', '/instances', data=form,
                                   headers={'Idempotency-Key': key})
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            continue
        assert response.status_code == 201, response.text
        return response.json()['instance']
    raise AssertionError('launch %s found no worker %d times' % (key, RETRIES))


def run_client(server, form, index, stop):
    api = server.api(('alice', 'bob')[index % 2])
    answers = []
    for number in range(MOST_LAUNCHES):
        if stop.is_set():
            break
        answers.append(launch(api, form, 'crash-%d-%d' % (index, number)))
    return answers


def kill_workers(server):
    """SIGKILL every worker; returns their pids."""
    pids = server.worker_pids()
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    return pids


def wait_for_workers(server, killed, count):
    deadline = time.monotonic() + WAIT * 4
    while time.monotonic() < deadline:
        pids = server.worker_pids()
        if len(pids) == count and not set(pids) & set(killed):
            return
        time.sleep(0.05)
    raise AssertionError('gunicorn did not replace its workers %s' % killed)


def wait_for(condition, seconds=WAIT):
    """``condition()``'s first true value within ``seconds``, else None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(POLL)
    return None


@contextlib.contextmanager
def writes_held(database):
    """The broker's SQLite database write-locked by the test: every broker write waits."""
    connection = sqlite3.connect(database.url.database, timeout=30, isolation_level=None)
    try:
        connection.execute('BEGIN IMMEDIATE')
        yield
        connection.execute('ROLLBACK')
    finally:
        connection.close()


def unplaced(site):
    """Records without a provider instance yet, by id: launches under way or interrupted."""
    return {row['id']: row for row in instances.list_instances(site.world.admin,
                                                               state=states.PENDING)
            if row['provider_instance_id'] is None}


def wait_for_a_new_launch(site, at_provider=False):
    """Ids of launches started after now (not interrupted by an earlier kill), past their claim.

    A retry of a claimed launch waits for the reconciler rather than finishing the launch
    itself. ``at_provider``: only launches with their account assigned, which write
    nothing more before the provider's create.
    """
    before = set(unplaced(site))

    def started():
        return {ident for ident, row in unplaced(site).items() if ident not in before
                and placements.open_placement(site.world.admin, ident)
                and (row['account_id'] or not at_provider)}

    return wait_for(started)


def kill_after_create(server, site):
    """Kill workers whose launch has its provider instance but cannot record it; those.

    Tried again while the launch under way was not yet at its provider when writes stopped.
    """
    for _ in range(TRIES):
        wait_for_a_new_launch(site, at_provider=True)
        with writes_held(site.database):
            before = set(world.provider_instances(site.conf, site.world.providers))
            created = wait_for(lambda: {
                key: instance for key, instance in world.provider_instances(
                    site.conf, site.world.providers).items() if key not in before},
                seconds=LATENCY * 3)
            if created:
                return kill_workers(server), created
    return [], {}


def kill_mid_create(server, site):
    return (kill_workers(server) if wait_for_a_new_launch(site) else []), {}


def kill_during_launches(server, site, stop):
    """The rounds of kills; the provider instances caught created but not recorded."""
    caught = {}
    try:
        for way in ROUNDS:
            killed, created = {'created': kill_after_create,
                               'mid-create': kill_mid_create}[way](server, site)
            assert killed, 'no launch was under way for a %s kill' % way
            caught.update(created)
            wait_for_workers(server, killed, 2)
    finally:
        stop.set()
    return caught


def test_workers_killed_during_launches_leave_nothing_behind(site):
    for provider in site.world.providers:
        site.world.knobs(provider, latency=LATENCY)
    form = {'image_id': site.world.images['fedora']['id'], 'hwp_id': 'm1-small',
            'realm_id': 'gold'}
    stop = threading.Event()
    with site.serve(workers=2) as server:
        with concurrent.futures.ThreadPoolExecutor(CLIENTS + 1) as pool:
            clients = [pool.submit(run_client, server, form, index, stop)
                       for index in range(CLIENTS)]
            caught = pool.submit(kill_during_launches, server, site, stop).result()
            answers = [answer for client in clients for answer in client.result()]

    for provider in site.world.providers:
        site.world.knobs(provider, latency=0)  # the reconciler's searches need no waiting
    with site.serve(workers=1, broker_driver={'reconcile_grace_seconds': 0}) as server:
        server.api('alice').json('GET', '/instances')  # the driver starts: it reconciles

    assert audit.problems(site) == []
    rows = {row['id']: row for row in instances.list_instances(site.world.admin,
                                                               include_deleted=True)}
    assert caught, 'no kill landed between a provider create and its record'
    for (provider, provider_id), instance in caught.items():
        adopted = rows[instance.name]
        assert (adopted['provider_instance_id'], adopted['deleted_at']) == (provider_id, None)
    failed = [row for row in rows.values() if row['provider_instance_id'] is None]
    assert failed and all(row['deleted_at'] for row in failed), 'mid-create kills fail launches'
    for answer in answers:
        if answer['state'] == states.RUNNING:
            assert rows[answer['id']]['deleted_at'] is None, 'a launch answered was lost'


def test_the_audit_sees_orphans_doubles_stuck_launches_and_leaked_quota(site):
    """The final check can fail: each fault made by hand is reported."""
    world_ = site.world
    assert audit.problems(site) == []
    alice = world_.context('alice')
    placed, = world_.driver.create_instance(alice, models.InstanceSpec(
        image_id=world_.images['fedora']['id'], realm_id='gold', hardware_profile_id='m1-small'))
    assert audit.problems(site) == []

    mock = mock_driver.MockDriver(site.conf, provider='cloud-b')
    login = models.RequestContext(models.Credentials(site.conf.mock.username,
                                                     site.conf.mock.password))
    orphan_name = str(uuid.uuid4())
    for name in (orphan_name, placed.id):
        mock.create_instance(login, models.InstanceSpec(image_id='img2', name=name))
    stuck = instances.create_reserved(world_.admin, owner_id=world_.users['bob']['id'],
                                      pool_id=world_.pool['id'])
    quotas.reserve(world_.admin, [('user', world_.users['alice']['id'])], {'instances': 1})

    found = '\n'.join(audit.problems(site))
    assert 'named %s' % orphan_name in found
    assert '2 provider instances carry the id %s' % placed.id in found
    assert 'instance %s is stuck' % stuck['id'] in found
    assert 'alice uses 2 instances but has 1' in found
    assert 'quota usage of user %s instances' % world_.users['alice']['id'] in found
