"""The EC2 driver before it talks to EC2: loadable, listed, and honest about doing nothing."""

import pytest

from iaas import errors
from iaas import loader
from iaas import models
from iaas import states
from iaas.drivers.ec2 import driver as ec2_driver

CTX = models.RequestContext(models.Credentials('AKIDEXAMPLE', 'secret'), provider='us-east-1')


def test_identity():
    cls = ec2_driver.EC2Driver
    assert (cls.name, cls.display_name) == ('ec2', 'Amazon Elastic Compute Cloud')
    assert cls.state_machine is states.EC2_LIKE
    assert cls.FEATURES == {}


def test_loaded_through_the_entry_point(conf):
    registry = loader.DriverRegistry(conf, enabled=['ec2'])
    assert registry.driver_class('ec2') is ec2_driver.EC2Driver
    assert isinstance(registry.get('ec2', 'eu-west-1'), ec2_driver.EC2Driver)
    assert 'ec2' in loader.installed_driver_names()


def test_advertises_nothing(conf):
    drv = ec2_driver.EC2Driver(conf, provider='us-east-1')
    # The class overrides the required methods, so derivation alone would claim them.
    assert 'instances.create' in ec2_driver.EC2Driver.operations()
    assert drv.supported_operations(CTX) == frozenset()
    assert drv.supported_features(CTX) == {}
    assert not drv.supports(CTX, 'realms.index')


@pytest.mark.parametrize('method,args,operation', [
    ('list_realms', (), 'realms.index'),
    ('list_hardware_profiles', (), 'hardware_profiles.index'),
    ('list_images', (), 'images.index'),
    ('list_instances', (), 'instances.index'),
    ('create_instance', (models.InstanceSpec('ami-1'),), 'instances.create'),
    ('destroy_instance', ('i-1',), 'instances.destroy'),
    ('get_instance', ('i-1',), 'instances.index'),
    ('stop_instance', ('i-1',), 'instances.stop'),
    ('list_keys', (), 'keys.index'),
])
def test_operations_refuse_with_their_name(conf, method, args, operation):
    drv = ec2_driver.EC2Driver(conf, provider='us-east-1')
    with pytest.raises(errors.OperationNotSupported) as raised:
        getattr(drv, method)(CTX, *args)
    assert raised.value.operation == operation


def test_providers_are_regions():
    providers = ec2_driver.EC2Driver.providers(None)
    assert all(isinstance(p, models.Provider) for p in providers)
    ids = [p.id for p in providers]
    assert ids[0] == 'us-east-1' and {'eu-west-1', 'us-west-2'} <= set(ids)
    assert len(ids) == len(set(ids))
    assert providers[0].url == 'https://ec2.us-east-1.amazonaws.com'
