"""EC2 items to value objects: states, profiles, ownership, tags, rules, and plain extras only."""

import datetime

import pytest

from iaas import models
from iaas import states
from iaas.drivers.ec2 import mappers

UTC = datetime.timezone.utc
LAUNCHED = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
PLAIN = (str, int, float, bool, type(None))


def assert_plain(value, path='extra'):
    """Only JSON-like values: no datetimes, no botocore objects, nothing the SDK made."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), path
            assert_plain(item, '%s.%s' % (path, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            assert_plain(item, '%s[%d]' % (path, n))
    else:
        assert isinstance(value, PLAIN), '%s is %r' % (path, type(value))


def instance_item(state='running', **fields):
    item = {'InstanceId': 'i-0abc', 'ImageId': 'ami-1', 'InstanceType': 't3.micro',
            'State': {'Code': 16, 'Name': state}, 'Placement': {'AvailabilityZone': 'us-east-1a'},
            'LaunchTime': LAUNCHED, 'KeyName': 'deploy', 'RootDeviceType': 'ebs',
            'PublicIpAddress': '54.1.2.3', 'PublicDnsName': 'ec2-54-1-2-3.compute.amazonaws.com',
            'PrivateIpAddress': '10.0.0.5', 'PrivateDnsName': '',
            'SecurityGroups': [{'GroupId': 'sg-1', 'GroupName': 'web'}],
            'BlockDeviceMappings': [{'DeviceName': '/dev/xvda',
                                     'Ebs': {'VolumeId': 'vol-1', 'AttachTime': LAUNCHED}}],
            'Tags': [{'Key': 'Name', 'Value': 'web-1'},
                     {'Key': 'broker:instance-id', 'Value': 'b-uuid'}]}
    item.update(fields)
    return item


@pytest.mark.parametrize('provider_state,state', [
    ('pending', states.PENDING), ('running', states.RUNNING), ('stopping', states.STOPPING),
    ('stopped', states.STOPPED), ('shutting-down', states.SHUTTING_DOWN),
    ('terminated', states.FINISH), ('something-new', states.ERROR),
])
def test_instance_states(provider_state, state):
    instance = mappers.instance(instance_item(provider_state), 'AKID')
    assert instance.state == state
    assert instance.extra['provider_state'] == provider_state
    if state != states.ERROR:
        assert state in states.EC2_LIKE.states
        assert mappers.PROVIDER_STATES[state] == provider_state


def test_instance():
    instance = mappers.instance(instance_item(), 'AKID', account_id='123456789012')
    assert isinstance(instance, models.Instance)
    assert (instance.id, instance.name, instance.owner_id) == ('i-0abc', 'web-1', 'AKID')
    assert (instance.image_id, instance.realm_id, instance.hardware_profile_id) == (
        'ami-1', 'us-east-1a', 't3.micro')
    assert instance.public_addresses == [
        models.AddressValue('54.1.2.3', 'ipv4'),
        models.AddressValue('ec2-54-1-2-3.compute.amazonaws.com', 'hostname')]
    assert instance.private_addresses == [models.AddressValue('10.0.0.5', 'ipv4')]
    assert (instance.storage_volume_ids, instance.firewall_ids) == (['vol-1'], ['sg-1'])
    assert (instance.keyname, instance.launch_time) == ('deploy', '2026-01-02 03:04:05 +0000')
    assert instance.extra['broker_instance_id'] == 'b-uuid'
    assert instance.extra['account_id'] == '123456789012'
    assert instance.create_image
    assert_plain(instance.extra)


def test_instance_without_name_is_named_by_its_id():
    instance = mappers.instance(instance_item(Tags=[], RootDeviceType='instance-store'), 'AK')
    assert instance.name == 'i-0abc' and 'broker_instance_id' not in instance.extra
    assert not instance.create_image


def instance_type(name='m5d.large', archs=('x86_64',), storage=75):
    item = {'InstanceType': name, 'VCpuInfo': {'DefaultVCpus': 2},
            'MemoryInfo': {'SizeInMiB': 8192},
            'ProcessorInfo': {'SupportedArchitectures': list(archs)},
            'NetworkInfo': {'NetworkPerformance': 'Up to 10 Gigabit'},
            'CurrentGeneration': True, 'BurstablePerformanceSupported': False}
    if storage:
        item['InstanceStorageInfo'] = {'TotalSizeInGB': storage}
    return item


def test_hardware_profile_is_fixed():
    profile = mappers.hardware_profile(instance_type())
    assert profile.id == profile.name == 'm5d.large'
    assert {n: (p.kind, p.value) for n, p in profile.properties.items()} == {
        'cpu': ('fixed', 2), 'memory': ('fixed', 8192), 'storage': ('fixed', 75),
        'architecture': ('fixed', 'x86_64')}
    assert_plain(profile.extra)


def test_ebs_only_types_leave_storage_out_and_several_architectures_are_an_enum():
    profile = mappers.hardware_profile(instance_type('t2.micro', ('i386', 'x86_64'), None))
    assert 'storage' not in profile.properties
    arch = profile.properties['architecture']
    assert arch.kind == 'enum' and arch.accepts('i386') and arch.accepts('x86_64')
    assert profile.extra['instance_storage'] is False


def image_item(**fields):
    item = {'ImageId': 'ami-1', 'Name': 'al2023', 'Description': 'Amazon Linux',
            'OwnerId': '137112412989', 'ImageOwnerAlias': 'amazon', 'Architecture': 'arm64',
            'State': 'available', 'RootDeviceType': 'ebs',
            'CreationDate': '2026-01-02T03:04:05.000Z', 'Public': True}
    item.update(fields)
    return item


def test_image_of_another_owner_and_of_the_caller():
    theirs = mappers.image(image_item())
    assert (theirs.owner_id, theirs.state, theirs.root_type) == (
        '137112412989', 'AVAILABLE', 'persistent')
    assert (theirs.architecture, theirs.creation_time) == ('arm64', '2026-01-02 03:04:05 +0000')
    mine = mappers.image(image_item(OwnerId='123456789012'), owned_by='AKID')
    assert mine.owner_id == 'AKID' and mine.extra['account_id'] == '123456789012'
    assert_plain(mine.extra)


def test_rules_have_stable_ids_and_deltacloud_sources():
    permission = {'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22,
                  'IpRanges': [{'CidrIp': '10.0.0.0/8'}], 'Ipv6Ranges': [{'CidrIpv6': '::/0'}],
                  'UserIdGroupPairs': [{'GroupId': 'sg-2', 'UserId': '123456789012'}]}
    rule = mappers.firewall_rule(permission)
    assert (rule.id, rule.allow_protocol) == ('tcp_22_22', 'tcp')
    assert (rule.port_from, rule.port_to) == (22, 22)
    assert rule.sources == [{'type': 'address', 'address': '10.0.0.0/8'},
                            {'type': 'address', 'address': '::/0'},
                            {'type': 'group', 'name': 'sg-2', 'owner': '123456789012'}]
    everything = mappers.firewall_rule({'IpProtocol': '-1'})
    assert (everything.id, everything.allow_protocol) == ('all_any_any', 'all')


def test_volume_attached_and_tagged():
    volume = mappers.volume({
        'VolumeId': 'vol-1', 'Size': 8, 'State': 'in-use', 'AvailabilityZone': 'us-east-1a',
        'CreateTime': LAUNCHED, 'VolumeType': 'gp3', 'SnapshotId': '',
        'Attachments': [{'InstanceId': 'i-1', 'Device': '/dev/sdf', 'State': 'attached'}],
        'Tags': [{'Key': 'Name', 'Value': 'data'}, {'Key': 'Description', 'Value': 'logs'}]})
    assert (volume.state, volume.instance_id, volume.device) == ('IN-USE', 'i-1', '/dev/sdf')
    assert (volume.name, volume.description, volume.kind) == ('data', 'logs', 'gp3')
    assert volume.extra['snapshot_id'] is None
    assert_plain(volume.extra)


def test_address_network_subnet_snapshot():
    address = mappers.address({'PublicIp': '54.1.2.3', 'AllocationId': 'eipalloc-1',
                               'Domain': 'vpc'})
    assert (address.id, address.instance_id, address.associated) == ('54.1.2.3', None, False)
    network = mappers.network({'VpcId': 'vpc-1', 'State': 'available', 'CidrBlock': '10.0.0.0/16',
                               'Tags': [{'Key': 'Name', 'Value': 'prod'}]}, ['subnet-1'])
    assert (network.name, network.state, network.address_blocks, network.subnet_ids) == (
        'prod', 'UP', ['10.0.0.0/16'], ['subnet-1'])
    subnet = mappers.subnet({'SubnetId': 'subnet-1', 'VpcId': 'vpc-1', 'State': 'pending',
                             'CidrBlock': '10.0.1.0/24', 'MapPublicIpOnLaunch': True})
    assert (subnet.network_id, subnet.state, subnet.type) == ('vpc-1', 'PENDING', 'PUBLIC')
    snapshot = mappers.snapshot({'SnapshotId': 'snap-1', 'VolumeId': 'vol-1',
                                 'State': 'completed', 'StartTime': LAUNCHED})
    assert (snapshot.state, snapshot.created) == ('COMPLETED', '2026-01-02 03:04:05 +0000')
    for obj in (address, network, subnet, snapshot):
        assert_plain(obj.extra)


def test_tag_specification_keeps_only_values():
    assert mappers.tag_specification('volume', {'Name': None, 'Description': ''}) == []
    assert mappers.tag_specification('vpc', {'Name': 'n'}) == [
        {'ResourceType': 'vpc', 'Tags': [{'Key': 'Name', 'Value': 'n'}]}]
