"""Fixtures of the broker driver's tests: the broker over two mock clouds, on SQLite."""

import falcon.testing
import pytest

from broker_core import accounts
from broker_core import pool_members
from broker_core import pools
from tests.broker_db import *  # noqa: F401,F403 (the database fixture)
from tests.broker_world import BrokerWorld
from tests.functional import conftest as api_helpers
from iaas.api import app as app_mod
from iaas import models


@pytest.fixture
def db_backend():
    """SQLite: these tests are about the driver; the DB layer runs on every backend elsewhere."""
    return 'sqlite'


@pytest.fixture
def world(conf, database):
    return BrokerWorld(conf)


@pytest.fixture
def api(world, conf):
    """The ``/api`` front end alone, over the broker world."""
    conf.set_override('enabled_apps', [], group='api')
    return api_helpers.Api(falcon.testing.TestClient(app_mod.create_app(conf)))


def headers(user='alice'):
    """What ``user`` of the world sends to ``/api``: its password and the broker driver."""
    return dict(api_helpers.basic(user, '%s-password' % user),
                **{'X-Deltacloud-Driver': 'broker'})


def launch(world, user='alice', provider=None, **fields):
    """A running instance of ``user``, in the account of ``provider`` when one is named.

    For the launch, that account alone is enabled in the pool, so placement has one choice;
    the members are as they were afterwards.
    """
    before = {name: pool_members.get_member(world.admin, world.pool['id'],
                                            world.account_id(name))['enabled']
              for name in world.accounts}
    if provider is not None:
        set_members(world, {name: name == provider for name in world.accounts})
    try:
        spec = models.InstanceSpec(image_id=world.images['fedora']['id'], realm_id='gold',
                                   hardware_profile_id='m1-small', **fields)
        return world.driver.create_instance(world.context(user), spec)[0]
    finally:
        set_members(world, before)


def set_members(world, enabled):
    """Switch the pool's members on or off: ``{provider name: enabled}``."""
    for name, value in enabled.items():
        pool_members.update_member(world.admin, world.pool['id'], world.account_id(name),
                                   enabled=value)


def prefer(world, provider):
    """Rank ``provider``'s account first by strict priority in the pool, the others next."""
    pools.update_pool(world.admin, world.pool['id'],
                      policy={'weighers': [{'name': 'priority', 'multiplier': 1.0}]})
    for name in world.accounts:
        accounts.update_account(world.admin, world.account_id(name),
                                priority=0 if name == provider else 10)


def destroy(world, instance_id, user='alice'):
    """Take an instance down as the broker's state machine asks: stop, then destroy."""
    world.driver.stop_instance(world.context(user), instance_id)
    world.driver.destroy_instance(world.context(user), instance_id)
