"""The driver contract, run against the mock driver with its state in the test's directory."""

import pytest

from iaas import models
from iaas.drivers.mock import driver as mock_driver
from tests.contract import base


class TestMockDriverContract(base.DriverContract):

    @pytest.fixture
    def contract(self, conf):
        return base.ContractFixture(
            driver=mock_driver.MockDriver(conf, provider='contract'),
            context=models.RequestContext(models.Credentials('mockuser', 'mockpassword'),
                                          provider='contract'),
            bad_context=models.RequestContext(models.Credentials('mockuser', 'wrong'),
                                              provider='contract'),
            image_id='img1', realm_id='us', hardware_profile_id='m1-small',
            timeout=2.0)
