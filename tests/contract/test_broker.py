"""The driver contract against the broker driver over two mock clouds, on SQLite."""

import pytest

from tests.broker_db import *  # noqa: F401,F403 (the database fixture)
from tests.broker_world import BrokerWorld
from tests.contract import base


@pytest.mark.parametrize('db_backend', ['sqlite'])
class TestBrokerDriverContract(base.DriverContract):

    @pytest.fixture
    def contract(self, conf, database):
        world = BrokerWorld(conf)
        return base.ContractFixture(
            driver=world.driver, context=world.context('alice'),
            bad_context=world.context('alice', password='wrong-password'),
            image_id=world.images['fedora']['id'], realm_id='gold',
            hardware_profile_id='m1-small', timeout=5.0)
