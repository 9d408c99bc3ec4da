"""The EC2 driver without a cloud: identity, advertising, providers, clients, launch input."""

import base64

import pytest

from iaas import errors
from iaas import launch
from iaas import loader
from iaas import models
from iaas import states
from iaas.drivers.ec2 import compute
from iaas.drivers.ec2 import driver as ec2_driver

CTX = models.RequestContext(models.Credentials('AKIDEXAMPLE', 'secret'), provider='us-east-1')
ANONYMOUS = models.RequestContext(provider='us-east-1')

ADVERTISED = {
    'realms.index', 'realms.show', 'hardware_profiles.index', 'hardware_profiles.show',
    'images.index', 'images.show', 'images.create', 'images.destroy',
    'instances.index', 'instances.show', 'instances.create', 'instances.destroy',
    'instances.start', 'instances.stop', 'instances.reboot',
    'keys.index', 'keys.show', 'keys.create', 'keys.destroy',
    'storage_volumes.index', 'storage_volumes.show', 'storage_volumes.create',
    'storage_volumes.destroy', 'storage_volumes.attach', 'storage_volumes.detach',
    'storage_snapshots.index', 'storage_snapshots.show', 'storage_snapshots.create',
    'storage_snapshots.destroy',
    'addresses.index', 'addresses.show', 'addresses.create', 'addresses.destroy',
    'addresses.associate', 'addresses.disassociate',
    'firewalls.index', 'firewalls.show', 'firewalls.create', 'firewalls.destroy',
    'firewalls.create_rule', 'firewalls.destroy_rule',
    'networks.index', 'networks.show', 'networks.create', 'networks.destroy',
    'subnets.index', 'subnets.show', 'subnets.create', 'subnets.destroy',
}


def test_identity():
    cls = ec2_driver.EC2Driver
    assert (cls.name, cls.display_name) == ('ec2', 'Amazon Elastic Compute Cloud')
    assert cls.state_machine is states.EC2_LIKE
    assert states.STOPPING in cls.state_machine.states


def test_loaded_through_the_entry_point(conf):
    registry = loader.DriverRegistry(conf, enabled=['ec2'])
    assert registry.driver_class('ec2') is ec2_driver.EC2Driver
    drv = registry.get('ec2', 'eu-west-1')
    assert isinstance(drv, ec2_driver.EC2Driver) and drv.region == 'eu-west-1'
    assert registry.get('ec2').region == conf.ec2.default_region


def test_advertises_what_it_implements_and_nothing_else(conf):
    drv = ec2_driver.EC2Driver(conf, provider='us-east-1')
    assert set(drv.supported_operations(CTX)) == ADVERTISED
    features = {c: sorted(f.name for f in fs) for c, fs in drv.supported_features(CTX).items()}
    assert features == {c: sorted(names) for c, names in ec2_driver.EC2Driver.FEATURES.items()}


@pytest.mark.parametrize('method,args,operation', [
    ('list_load_balancers', (), 'load_balancers.index'),
    ('list_buckets', (), 'buckets.index'),
    ('list_metrics', (), 'metrics.index'),
    ('list_network_interfaces', (), 'network_interfaces.index'),
])
def test_unimplemented_collections_refuse_with_their_name(conf, method, args, operation):
    drv = ec2_driver.EC2Driver(conf, provider='us-east-1')
    with pytest.raises(errors.OperationNotSupported) as raised:
        getattr(drv, method)(CTX, *args)
    assert raised.value.operation == operation


def test_providers_are_the_configured_regions(conf):
    providers = ec2_driver.EC2Driver.providers(conf)
    ids = [p.id for p in providers]
    assert ids == conf.ec2.regions and ids[0] == 'us-east-1'
    assert providers[0].url == 'https://ec2.us-east-1.amazonaws.com'
    conf.set_override('endpoint_url', 'http://127.0.0.1:5000', 'ec2')
    conf.set_override('regions', ['eu-west-1'], 'ec2')
    assert ec2_driver.EC2Driver.providers(conf) == [
        models.Provider('eu-west-1', 'http://127.0.0.1:5000')]


def test_a_provider_that_is_no_region_is_refused(conf):
    drv = ec2_driver.EC2Driver(conf, provider='../etc')
    with pytest.raises(errors.ValidationError):
        drv.list_realms(CTX)


@pytest.mark.parametrize('context', [ANONYMOUS, None])
def test_no_credentials_is_401_before_any_call(conf, context):
    drv = ec2_driver.EC2Driver(conf, provider='us-east-1')
    for method in (drv.list_realms, drv.list_instances, drv.list_keys, drv.list_addresses):
        with pytest.raises(errors.AuthenticationFailure):
            method(context)


def test_anonymous_hardware_profiles_need_catalog_credentials(conf):
    drv = ec2_driver.EC2Driver(conf, provider='us-east-1')
    with pytest.raises(errors.AuthenticationFailure) as raised:
        drv.list_hardware_profiles(ANONYMOUS)
    assert 'catalog_access_key_id' in raised.value.message


# -- clients ------------------------------------------------------------------------------

def test_one_client_per_credentials_bounded_and_without_the_secret(conf):
    conf.set_override('client_cache_size', 2, 'ec2')
    conf.set_override('endpoint_url', 'http://127.0.0.1:9', 'ec2')
    pool = ec2_driver.EC2Driver(conf, provider='us-east-1').pool
    first = pool.connect('AKID1', 'secret-one').client
    assert pool.connect('AKID1', 'secret-one').client is first
    assert pool.connect('AKID1', 'secret-two').client is not first
    pool.connect('AKID2', 'secret-three')
    assert len(pool) == 2
    assert pool.connect('AKID1', 'secret-one').client is not first  # the oldest was dropped
    assert not any('secret' in part for key in pool._clients for part in key)


def test_client_configuration(conf):
    conf.set_override('retry_mode', 'adaptive', 'ec2')
    conf.set_override('max_attempts', 7, 'ec2')
    conf.set_override('endpoint_url', 'http://127.0.0.1:9', 'ec2')
    client = ec2_driver.EC2Driver(conf, provider='eu-west-1').pool.connect('AK', 'SK').client
    assert client.meta.region_name == 'eu-west-1'
    assert client.meta.endpoint_url == 'http://127.0.0.1:9'
    assert client.meta.config.retries == {'mode': 'adaptive', 'total_max_attempts': 7}


# -- launch input -------------------------------------------------------------------------

def test_user_data_is_decoded_from_base64():
    assert compute.decode_user_data(base64.b64encode(b'\x00#!x').decode()) == b'\x00#!x'
    assert compute.decode_user_data(None) is None and compute.decode_user_data('') is None
    with pytest.raises(errors.ValidationError):
        compute.decode_user_data('not base64!')


def test_client_token_fits_ec2():
    assert compute.client_token('0f1e2d3c-uuid') == '0f1e2d3c-uuid'
    long_key = 'k' * 200
    assert len(compute.client_token(long_key)) == 64
    assert compute.client_token(long_key) == compute.client_token(long_key)
    assert compute.client_token('clé') != 'clé'


def _resolved():
    image = models.Image('ami-1', 'img', architecture='x86_64')
    profile = models.HardwareProfile.build('t3.micro', cpu=2, memory=1024)
    return launch.ResolvedLaunch(image, models.Realm('us-east-1b', 'us-east-1b'), profile,
                                 {}, profile.defaults())


def test_run_parameters_carry_every_launch_choice_and_the_broker_tags():
    spec = models.InstanceSpec(
        'ami-1', name='web-1', keyname='deploy', firewall_ids=['sg-1', 'sg-2'],
        instance_count=3, snapshot_id='snap-1', device_name='/dev/sdg',
        extra={'broker_instance_id': 'b-uuid', 'idempotency_key': 'b-uuid'})
    params = compute.run_parameters(spec, _resolved(), b'data')
    assert params == {
        'ImageId': 'ami-1', 'InstanceType': 't3.micro', 'MinCount': 3, 'MaxCount': 3,
        'Placement': {'AvailabilityZone': 'us-east-1b'}, 'KeyName': 'deploy',
        'SecurityGroupIds': ['sg-1', 'sg-2'], 'UserData': b'data',
        'BlockDeviceMappings': [{'DeviceName': '/dev/sdg', 'Ebs': {'SnapshotId': 'snap-1'}}],
        'TagSpecifications': [{'ResourceType': 'instance', 'Tags': [
            {'Key': 'Name', 'Value': 'web-1'},
            {'Key': 'broker:instance-id', 'Value': 'b-uuid'}]}],
        'ClientToken': 'b-uuid'}


def test_run_parameters_leave_out_what_was_not_asked():
    params = compute.run_parameters(models.InstanceSpec('ami-1'), _resolved(), None)
    assert set(params) == {'ImageId', 'InstanceType', 'MinCount', 'MaxCount', 'Placement'}


@pytest.mark.parametrize('field,value', [('password', 'pw'), ('load_balancer_id', 'lb1'),
                                         ('metrics', 'true')])
def test_launch_parameters_ec2_cannot_honour_are_501(conf, field, value):
    drv = ec2_driver.EC2Driver(conf, provider='us-east-1')
    with pytest.raises(errors.NotImplementedFeature):
        drv.create_instance(CTX, models.InstanceSpec('ami-1', **{field: value}))
