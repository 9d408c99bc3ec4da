"""Errors moto cannot produce, answered at the boto3 client boundary (botocore's Stubber).

The driver runs unchanged with its own client; only the EC2 answers are canned, so these
tests show what a driver operation makes of quota, capacity, state and dependency errors.
"""

from botocore import stub
import pytest

from iaas import errors
from iaas import models
from iaas.drivers.ec2 import driver as ec2_driver

CTX = models.RequestContext(models.Credentials('AKIDEXAMPLE', 'secret'), provider='us-east-1')
IMAGE = {'ImageId': 'ami-0a1b2c3d4e5f60001', 'Name': 'al2023', 'OwnerId': '137112412989',
         'Architecture': 'x86_64', 'State': 'available', 'RootDeviceType': 'ebs'}
ZONE = {'ZoneName': 'us-east-1a', 'State': 'available', 'RegionName': 'us-east-1',
        'ZoneType': 'availability-zone'}
INSTANCE_TYPE = {'InstanceType': 't3.micro', 'VCpuInfo': {'DefaultVCpus': 2},
                 'MemoryInfo': {'SizeInMiB': 1024},
                 'ProcessorInfo': {'SupportedArchitectures': ['x86_64']}}


def instance(state):
    return {'InstanceId': 'i-0123456789abcdef0', 'ImageId': IMAGE['ImageId'],
            'InstanceType': 't3.micro', 'State': {'Code': 0, 'Name': state},
            'Placement': {'AvailabilityZone': 'us-east-1a'}}


@pytest.fixture
def stubbed(conf):
    # Never connected to: the Stubber answers before any request leaves.
    conf.set_override('endpoint_url', 'http://127.0.0.1:9', 'ec2')
    driver = ec2_driver.EC2Driver(conf, provider='us-east-1')
    client = driver.pool.connect(CTX.credentials.username, CTX.credentials.password).client
    with stub.Stubber(client) as stubber:
        yield driver, stubber
        stubber.assert_no_pending_responses()


def expect_launch_lookups(stubber):
    """What resolving a launch asks: the image (the caller's? anyone's), zones, types."""
    stubber.add_response('describe_images', {'Images': []})
    stubber.add_response('describe_images', {'Images': [IMAGE]})
    stubber.add_response('describe_availability_zones', {'AvailabilityZones': [ZONE]})
    stubber.add_response('describe_instance_types', {'InstanceTypes': [INSTANCE_TYPE]})


def launch_spec(**fields):
    return models.InstanceSpec(IMAGE['ImageId'], realm_id='us-east-1a',
                               hardware_profile_id='t3.micro', **fields)


@pytest.mark.parametrize('code,cls,status', [
    ('InstanceLimitExceeded', errors.ProviderError, 502),
    ('VcpuLimitExceeded', errors.ProviderError, 502),
    ('InsufficientInstanceCapacity', errors.ServiceUnavailable, 503),
    ('RequestLimitExceeded', errors.ServiceUnavailable, 503),  # once retries are spent
    ('InvalidKeyPair.NotFound', errors.ValidationError, 400),
    ('InvalidGroup.NotFound', errors.ValidationError, 400),
    ('UnauthorizedOperation', errors.Forbidden, 403),
])
def test_launch_refusals(stubbed, code, cls, status):
    driver, stubber = stubbed
    expect_launch_lookups(stubber)
    message = 'the provider explains %s' % code
    stubber.add_client_error('run_instances', code, message, 400)
    with pytest.raises(cls) as raised:
        driver.create_instance(CTX, launch_spec(keyname='deploy'))
    assert raised.value.code == status
    assert message in raised.value.message


def test_a_state_changed_under_the_action_is_405(stubbed):
    driver, stubber = stubbed
    stubber.add_response('describe_instances',
                         {'Reservations': [{'Instances': [instance('stopped')]}]})
    stubber.add_client_error('start_instances', 'IncorrectInstanceState',
                             'The instance is not in a state from which it can be started.')
    with pytest.raises(errors.MethodNotAllowed):
        driver.start_instance(CTX, 'i-0123456789abcdef0')


def test_the_state_machine_refuses_before_ec2_is_asked(stubbed):
    driver, stubber = stubbed
    stubber.add_response('describe_instances',
                         {'Reservations': [{'Instances': [instance('pending')]}]})
    with pytest.raises(errors.MethodNotAllowed):
        driver.stop_instance(CTX, 'i-0123456789abcdef0')


def test_a_firewall_in_use_is_a_conflict(stubbed):
    driver, stubber = stubbed
    stubber.add_client_error('delete_security_group', 'DependencyViolation',
                             'resource sg-1 has a dependent object', 400,
                             expected_params={'GroupId': 'sg-1'})
    with pytest.raises(errors.Conflict):
        driver.destroy_firewall(CTX, 'sg-1')


def test_a_deleted_default_group_is_forbidden(stubbed):
    driver, stubber = stubbed
    stubber.add_client_error('delete_security_group', 'CannotDelete',
                             'the specified group: "default" name cannot be deleted by a user')
    with pytest.raises(errors.Forbidden):
        driver.destroy_firewall(CTX, 'sg-default')


@pytest.mark.parametrize('code', ['AuthFailure', 'InvalidClientTokenId',
                                  'SignatureDoesNotMatch'])
def test_credentials_ec2_refuses_are_401(stubbed, code):
    driver, stubber = stubbed
    stubber.add_client_error('describe_availability_zones', code, 'not valid', 401)
    with pytest.raises(errors.AuthenticationFailure):
        driver.authenticate(CTX)


def test_another_accounts_image_is_not_deregistered(stubbed):
    driver, stubber = stubbed
    stubber.add_response('describe_images', {'Images': []},
                         {'Owners': ['self'], 'ImageIds': [IMAGE['ImageId']]})
    stubber.add_response('describe_images', {'Images': []},
                         {'Owners': ['self'], 'ImageIds': [IMAGE['ImageId']]})
    stubber.add_response('describe_images', {'Images': [IMAGE]},
                         {'ImageIds': [IMAGE['ImageId']]})
    with pytest.raises(errors.Forbidden):
        driver.destroy_image(CTX, IMAGE['ImageId'])
