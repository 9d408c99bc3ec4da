"""Fixtures of the mock driver tests: a driver whose simulated clouds live in tmp_path."""

import pytest

from iaas.drivers.mock import driver as mock_driver
from tests.unit.drivers.mock import helpers


@pytest.fixture
def ctx():
    return helpers.context()


@pytest.fixture
def mock(conf):
    """The default simulated cloud, freshly seeded."""
    return mock_driver.MockDriver(conf)


@pytest.fixture
def make_driver(conf):
    """Another MockDriver on the same state directory (another worker, or a restart)."""
    def make(provider=None):
        return mock_driver.MockDriver(conf, provider=provider)
    return make
