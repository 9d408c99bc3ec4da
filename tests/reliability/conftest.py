"""Fixtures of the reliability suite: a migrated database and a state directory per test."""

import pytest

from iaas import conf as iaas_conf
from tests.broker_db import *  # noqa: F401,F403 (fixtures)
from tests.reliability import world


@pytest.fixture(params=['sqlite'])
def db_backend(request):
    """SQLite only, unless a module parametrizes db_backend with more backends."""
    return request.param


@pytest.fixture
def conf(tmp_path):
    """The test process's configuration, its state where broker-api will keep its own."""
    config = iaas_conf.build()
    config.set_override('state_path', str(world.state_path(tmp_path)))
    return config


@pytest.fixture
def site(tmp_path, conf, database):
    """The default broker world (two mock clouds, pool gold, alice, bob, carol, root)."""
    return world.Site(tmp_path, conf, database)
