"""The driver contract against the EC2 driver, which advertises nothing until it speaks boto3."""

import pytest

from iaas import models
from iaas.drivers.ec2 import driver as ec2_driver
from tests.contract import base


class TestEC2DriverContract(base.DriverContract):

    @pytest.fixture
    def contract(self, conf):
        return base.ContractFixture(
            driver=ec2_driver.EC2Driver(conf, provider='us-east-1'),
            context=models.RequestContext(models.Credentials('AKIDEXAMPLE', 'secret'),
                                          provider='us-east-1'),
            bad_context=models.RequestContext(models.Credentials('AKIDEXAMPLE', 'wrong'),
                                              provider='us-east-1'),
            image_id='ami-12345678')
