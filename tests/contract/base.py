"""The driver contract: one test suite every driver passes, each run with its own fixture."""

import pytest

from tests.contract import capabilities
from tests.contract import fixtures
from tests.contract import instances
from tests.contract import resources

ContractFixture = fixtures.ContractFixture


class DriverContract(capabilities.CapabilityContract, instances.InstanceContract,
                     resources.ResourceContract):
    """Mix into a ``Test...`` class that defines the ``contract`` fixture::

        class TestMyDriverContract(base.DriverContract):
            @pytest.fixture
            def contract(self, tmp_path):
                return base.ContractFixture(driver=..., context=..., bad_context=...,
                                            image_id='ami-12345678')

    Collections and features the driver does not advertise are skipped, except that every
    unadvertised operation must refuse with OperationNotSupported naming itself.
    """

    @pytest.fixture
    def contract(self):
        raise NotImplementedError('a driver contract run provides its own contract fixture')

    @pytest.fixture
    def cleanup(self):
        """Undo whatever a test created, even when it failed half way."""
        steps = fixtures.Cleanup()
        yield steps
        steps.run()
