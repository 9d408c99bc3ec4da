"""Fixtures of the state tracking and webhook tests: mock clouds, a receiver, the tracker."""

import pytest

from broker_core import conf as broker_conf
from broker_core import crypto
from broker_core import services
from broker_core.state import tracker as tracker_mod
from tests.broker_db import *  # noqa: F401,F403 (fixtures)
from tests.functional.broker_core.state import clouds as clouds_mod
from tests.functional.broker_core.state import receiver as receiver_mod


@pytest.fixture
def conf(tmp_path):
    """Broker options for one state worker without coordination, short timeouts."""
    config = broker_conf.build([])
    config.set_override('state_path', str(tmp_path))
    config.set_override('fernet_keys', [crypto.generate_key()], group='crypto')
    config.set_override('backend_url', '', group='coordination')
    config.set_override('account_timeout', 5.0, group='state')
    config.set_override('backoff_base', 0.0, group='webhooks')
    config.set_override('timeout', 2.0, group='webhooks')
    return config


@pytest.fixture
def drivers(conf):
    return clouds_mod.CountingDrivers(conf)


@pytest.fixture
def broker(conf, drivers):
    return services.Broker(conf, drivers=drivers)


@pytest.fixture
def clouds(database, conf, broker):
    return clouds_mod.Clouds(conf, broker)


@pytest.fixture
def tracker(conf, broker):
    tracker = tracker_mod.Tracker(conf, broker)
    yield tracker
    tracker.close()


@pytest.fixture
def receiver():
    with receiver_mod.Receiver() as server:
        yield server
