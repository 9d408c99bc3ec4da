"""A launch killed between its steps, then repaired by the reconciler: nothing lost or doubled."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

from broker_core import placements
from broker_driver import compute
from broker_driver import driver as broker_driver
from broker_driver import saga
from iaas import errors
from iaas import models
from iaas import states
from tests.broker_world import PASSWORDS

ROOT = pathlib.Path(__file__).resolve().parents[4]
KEY = 'crash-key'
LAUNCHER = 'tests.functional.broker_driver.instances.crash_launch'


@pytest.fixture(params=['sqlite', pytest.param('postgresql', marks=pytest.mark.integration)])
def db_backend(request):
    return request.param


def crashed_launch(served, database, crash_point):
    """Run a launch in a subprocess that ends (os._exit) at ``crash_point``."""
    args = {'state_path': served.conf.state_path,
            'database': database.url.render_as_string(hide_password=False),
            'user': 'alice', 'password': PASSWORDS['alice'],
            'image_id': served.world.images['fedora']['id'], 'idempotency_key': KEY}
    env = dict(os.environ, **{saga.CRASH_ENV: crash_point})
    done = subprocess.run([sys.executable, '-m', LAUNCHER, json.dumps(args)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == saga.CRASH_EXIT_CODE, done.stdout + done.stderr
    record, = served.records()
    return record


def at_providers(world):
    return world.launched_at('cloud-a') + world.launched_at('cloud-b')


def retry(served):
    spec = models.InstanceSpec(image_id=served.world.images['fedora']['id'], realm_id='gold',
                               hardware_profile_id='m1-small', extra={'idempotency_key': KEY})
    return served.driver.create_instance(served.world.context('alice'), spec)


def test_an_orphan_created_before_the_crash_is_adopted(served, database):
    record = crashed_launch(served, database, saga.AFTER_PROVIDER_CREATE)
    assert (record['state'], record['provider_instance_id']) == (states.PENDING, None)
    assert served.in_use() == 1
    orphan, = at_providers(served.world)
    assert orphan.name == record['id']
    assert retry(served)[0].state == states.PENDING, 'a retry waits for the reconciler'
    assert served.driver.reconcile() == {}, 'younger than the grace period: left alone'
    assert served.driver.reconcile(grace_seconds=0) == {record['id']: 'adopted'}
    adopted = served.record(record['id'])
    assert (adopted['provider_instance_id'], adopted['state']) == (orphan.id, states.RUNNING)
    assert adopted['account_id'] == record['account_id']
    assert served.in_use() == 1
    assert [i.id for i in retry(served)] == [record['id']]
    assert len(at_providers(served.world)) == 1
    assert placements.get_placement(served.world.admin, record['id'])['outcome'] == 'adopted'
    served.driver.stop_instance(served.world.context('alice'), record['id'])
    served.driver.destroy_instance(served.world.context('alice'), record['id'])
    assert served.in_use() == 0
    assert at_providers(served.world) == []


def test_a_launch_that_crashed_before_the_provider_is_failed_and_released(served, database):
    record = crashed_launch(served, database, saga.BEFORE_PROVIDER_CREATE)
    assert served.in_use() == 1
    assert at_providers(served.world) == []
    assert served.driver.reconcile(grace_seconds=0) == {record['id']: 'failed'}
    failed = served.record(record['id'])
    assert failed['deleted_at'] is not None and failed['quota_scopes'] is None
    assert served.in_use() == 0
    assert served.driver.reconcile(grace_seconds=0) == {}, 'nothing is done twice'
    with pytest.raises(errors.ProviderError):
        retry(served)
    assert served.in_use() == 0 and at_providers(served.world) == []


def test_the_driver_reconciles_once_when_it_starts(served, database, monkeypatch):
    record = crashed_launch(served, database, saga.AFTER_PROVIDER_CREATE)
    monkeypatch.setattr(compute, '_RECONCILED_PIDS', set())
    served.conf.set_override('reconcile_on_start', True, group='broker_driver')
    served.conf.set_override('reconcile_grace_seconds', 0, group='broker_driver')
    broker_driver.BrokerDriver(served.conf)
    assert served.record(record['id'])['provider_instance_id'] is not None
    assert served.in_use() == 1 and len(at_providers(served.world)) == 1
