"""One broker pool over three kinds of provider: mock, EC2 (moto_server) and a remote Deltacloud.

The broker places, launches, stops and destroys an instance on each account of the pool, and
one state tracker cycle after a change made at a provider behind the broker's back brings the
broker's record in line.
"""

import time

import pytest

from broker_core import accounts
from broker_core.catalog import hardware_profiles
from broker_core.catalog import images
from broker_core import discovery
from broker_core import instances
from broker_core import pool_members
from broker_core import providers as providers_mod
from broker_core import quotas
from broker_core.state import tracker as tracker_mod
from iaas import models
from tests.broker_db import *  # noqa: F401,F403 (the database fixture)
from tests.broker_world import BrokerWorld
from tests.integration.ec2 import moto
from tests.integration.ec2.fixtures import *  # noqa: F401,F403 (moto_server, ec2_account)
from tests.integration import remote_deltacloud

pytestmark = pytest.mark.integration

PROFILE = 'mixed-small'
IMAGE = 'mixed-linux'
# Broker profile: the smallest fit of every provider (mock m1-small, moto's t2 family...).
PROFILE_SPEC = dict(cpu=1, memory=512)
PROVIDER_IMAGES = {'mock': 'img1', 'ec2': moto.X86_IMAGE, 'remote': 'img1'}


@pytest.fixture
def db_backend():
    return 'sqlite'


@pytest.fixture
def remote_api(tmp_path):
    remote = tmp_path / 'remote'
    remote.mkdir()
    with remote_deltacloud.remote_api(remote) as url:
        yield url


@pytest.fixture
def mixed(conf, database, ec2_account, remote_api):
    conf.set_override('endpoint_url', ec2_account.endpoint, 'ec2')
    conf.set_override('instance_types', moto.INSTANCE_TYPES, 'ec2')
    conf.set_override('catalog_access_key_id', ec2_account.access_key, 'ec2')
    conf.set_override('catalog_secret_access_key', ec2_account.secret_key, 'ec2')
    conf.set_override('capabilities_ttl', 0.0, 'deltacloud')
    world = BrokerWorld(conf, providers=('mock',), account_name=None)
    add_provider(world, 'ec2', 'ec2', moto.REGION,
                 {'username': ec2_account.access_key, 'password': ec2_account.secret_key})
    add_provider(world, 'remote', 'deltacloud', remote_deltacloud.provider(remote_api),
                 {'username': remote_deltacloud.USER, 'password': remote_deltacloud.PASSWORD})
    world.profiles[PROFILE] = hardware_profiles.create_hardware_profile(
        world.admin, PROFILE, dict(PROFILE_SPEC))
    image = images.create_image(world.admin, IMAGE, architecture='x86_64')
    for name, provider in world.providers.items():
        images.set_image_mapping(world.admin, image['id'], PROVIDER_IMAGES[name],
                                 provider_id=provider['id'])
    world.images[IMAGE] = image
    for name in world.accounts:
        match = hardware_profiles.match_profile(world.admin, world.profiles[PROFILE]['id'],
                                                None, world.account_id(name))
        assert match is not None, 'no profile of %s fits %s' % (name, PROFILE_SPEC)
    tracker = tracker_mod.Tracker(conf, world.broker)
    world.tracker = tracker
    yield world
    tracker.close()


def add_provider(world, name, driver, argument, credentials):
    provider = providers_mod.create_provider(world.admin, name, driver, provider=argument)
    account = accounts.create_account(world.admin, world.broker, provider['id'], name,
                                      credentials)
    world.providers[name], world.accounts[name] = provider, account
    discovery.sync_account(world.admin, world.broker, account['id'])
    pool_members.add_member(world.admin, world.pool['id'], account['id'])
    return account


def only(world, name):
    """That account alone enabled: placement has one choice."""
    for other, account in world.accounts.items():
        accounts.update_account(world.admin, account['id'], enabled=other == name)


def record(world, instance_id):
    return instances.get(world.admin, instance_id, include_deleted=True)


def at_provider(world, name, provider_instance_id):
    """The provider's own view of the instance (None when it is gone or finished)."""
    found = {i.id: i for i in world.provider_instances(name)}
    instance = found.get(provider_instance_id)
    if instance is None or instance.state == 'FINISH':
        return None
    return instance


def provider_call(world, name, method, *args):
    connection = accounts.connect(world.admin, world.broker, world.account_id(name))
    return getattr(connection.driver, method)(connection.request, *args)


def track_until(world, instance_id, state, timeout=20.0):
    deadline = time.monotonic() + timeout
    while record(world, instance_id)['state'] != state:
        assert time.monotonic() < deadline, (instance_id, record(world, instance_id)['state'])
        world.tracker.run_cycle()
        time.sleep(0.1)


def wait_provider(world, name, provider_instance_id, state, timeout=20.0):
    deadline = time.monotonic() + timeout
    while True:
        instance = at_provider(world, name, provider_instance_id)
        if instance is not None and instance.state == state:
            return instance
        assert time.monotonic() < deadline, (name, instance and instance.state)
        time.sleep(0.1)


def in_use(world, name):
    usage = quotas.usage(world.admin, 'account', world.account_id(name))
    return usage['resources']['instances']['in_use']


def test_every_kind_of_account_launches_stops_is_tracked_and_destroys(mixed):
    world = mixed
    context = world.context('alice')
    for name in ('mock', 'ec2', 'remote'):
        account_id = world.account_id(name)
        only(world, name)
        spec = models.InstanceSpec(image_id=world.images[IMAGE]['id'], realm_id='gold',
                                   hardware_profile_id=PROFILE)
        launched = world.driver.create_instance(context, spec)[0]
        placed = record(world, launched.id)
        assert placed['account_id'] == account_id, name
        provider_id = placed['provider_instance_id']
        assert provider_id
        assert at_provider(world, name, provider_id) is not None, name
        assert in_use(world, name) == 1
        track_until(world, launched.id, 'RUNNING')
        wait_provider(world, name, provider_id, 'RUNNING')

        world.driver.stop_instance(context, launched.id)
        track_until(world, launched.id, 'STOPPED')
        wait_provider(world, name, provider_id, 'STOPPED')

        # Behind the broker's back: started at the provider; one cycle follows it.
        provider_call(world, name, 'start_instance', provider_id)
        wait_provider(world, name, provider_id, 'RUNNING')
        world.tracker.run_cycle()
        assert record(world, launched.id)['state'] == 'RUNNING', name

        # And stopped there again: one cycle follows that too.
        provider_call(world, name, 'stop_instance', provider_id)
        wait_provider(world, name, provider_id, 'STOPPED')
        world.tracker.run_cycle()
        assert record(world, launched.id)['state'] == 'STOPPED', name

        world.driver.destroy_instance(context, launched.id)
        deadline = time.monotonic() + 20
        while at_provider(world, name, provider_id) is not None:
            assert time.monotonic() < deadline, name
            time.sleep(0.1)
        world.tracker.run_cycle()
        gone = record(world, launched.id)
        assert gone['state'] == 'FINISH', (name, gone['state'])
        assert in_use(world, name) == 0, name
