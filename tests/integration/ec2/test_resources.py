"""Keys, firewalls, volumes, snapshots, addresses, networks and images against moto."""

import pytest

from iaas import errors
from iaas import models
from tests.contract import fixtures as contract_fixtures
from tests.integration.ec2 import moto

pytestmark = pytest.mark.integration


def running_instance(driver, context):
    instance, = driver.create_instance(context, models.InstanceSpec(
        moto.X86_IMAGE, realm_id='us-east-1a', hardware_profile_id='t3.micro'))
    return instance


def test_a_new_keys_private_half_is_shown_once(ec2_driver, ec2_context, ec2_client):
    key = ec2_driver.create_key(ec2_context, 'deploy')
    assert key.pem_rsa_key and 'PRIVATE KEY' in key.pem_rsa_key and key.fingerprint
    listed = ec2_driver.get_key(ec2_context, 'deploy')
    assert listed.pem_rsa_key is None and listed.fingerprint == key.fingerprint
    with pytest.raises(errors.Forbidden):
        ec2_driver.create_key(ec2_context, 'deploy')
    imported = ec2_driver.create_key(ec2_context, 'laptop',
                                     public_key=contract_fixtures.CONTRACT_PUBLIC_KEY)
    assert imported.pem_rsa_key is None and imported.fingerprint
    assert {k['KeyName'] for k in ec2_client.describe_key_pairs()['KeyPairs']} == {
        'deploy', 'laptop'}
    ec2_driver.destroy_key(ec2_context, 'deploy')
    with pytest.raises(errors.NotFound):
        ec2_driver.destroy_key(ec2_context, 'deploy')


def test_firewall_rules_from_addresses_and_groups(ec2_driver, ec2_context, ec2_client):
    web = ec2_driver.create_firewall(ec2_context, 'web', 'web servers')
    admin = ec2_driver.create_firewall(ec2_context, 'admin', 'bastions')
    assert (web.name, web.description, web.owner_id) == ('web', 'web servers',
                                                         ec2_context.username)
    ec2_driver.create_rule_firewall(ec2_context, web.id, 'tcp', 443, 443, [
        {'type': 'address', 'address': '0.0.0.0/0'},
        {'type': 'address', 'address': '2001:db8::/32'}])
    updated = ec2_driver.create_rule_firewall(ec2_context, web.id, 'tcp', 22, 22, [
        {'type': 'group', 'name': 'admin'}])
    rules = {r.id: r for r in updated.rules}
    assert set(rules) == {'tcp_443_443', 'tcp_22_22'}
    assert rules['tcp_22_22'].sources[0]['name'] == admin.id
    assert {s['address'] for s in rules['tcp_443_443'].sources} == {'0.0.0.0/0',
                                                                    '2001:db8::/32'}
    raw = ec2_client.describe_security_groups(GroupIds=[web.id])['SecurityGroups'][0]
    assert {p['FromPort'] for p in raw['IpPermissions']} == {22, 443}
    with pytest.raises(errors.Conflict):
        ec2_driver.create_rule_firewall(ec2_context, web.id, 'tcp', 443, 443, [
            {'type': 'address', 'address': '0.0.0.0/0'}])
    for bad in ([{'type': 'group', 'name': 'no-such-group'}], [], [{'type': 'dns'}]):
        with pytest.raises(errors.ValidationError):
            ec2_driver.create_rule_firewall(ec2_context, web.id, 'tcp', 80, 80, bad)
    with pytest.raises(errors.ValidationError):
        ec2_driver.create_rule_firewall(ec2_context, web.id, 'gre', 80, 80, [])
    after = ec2_driver.destroy_rule_firewall(ec2_context, web.id, 'tcp_443_443')
    assert [r.id for r in after.rules] == ['tcp_22_22']
    with pytest.raises(errors.NotFound):
        ec2_driver.destroy_rule_firewall(ec2_context, web.id, 'tcp_443_443')
    with pytest.raises(errors.NotFound):
        ec2_driver.create_rule_firewall(ec2_context, 'sg-0123456789abcdef0', 'tcp', 1, 1,
                                        [{'type': 'address', 'address': '10.0.0.0/8'}])


def test_volumes_snapshots_and_volumes_from_snapshots(ec2_driver, ec2_context):
    instance = running_instance(ec2_driver, ec2_context)
    volume = ec2_driver.create_storage_volume(ec2_context, capacity=3, name='data',
                                              description='logs', realm_id='us-east-1a')
    assert (volume.capacity, volume.realm_id, volume.name, volume.description) == (
        3, 'us-east-1a', 'data', 'logs')
    shown = ec2_driver.get_storage_volume(ec2_context, volume.id)
    assert (shown.name, shown.description, shown.state) == ('data', 'logs', 'AVAILABLE')
    attached = ec2_driver.attach_storage_volume(ec2_context, volume.id, instance.id, '/dev/sdg')
    assert (attached.instance_id, attached.device) == (instance.id, '/dev/sdg')
    assert volume.id in ec2_driver.get_instance(ec2_context, instance.id).storage_volume_ids
    with pytest.raises(errors.ValidationError):
        ec2_driver.attach_storage_volume(ec2_context, volume.id, 'i-0123456789abcdef0')
    snapshot = ec2_driver.create_storage_snapshot(ec2_context, volume.id, name='nightly',
                                                  description='before the upgrade')
    assert (snapshot.storage_volume_id, snapshot.name) == (volume.id, 'nightly')
    detached = ec2_driver.detach_storage_volume(ec2_context, volume.id)
    assert detached.instance_id is None and detached.state == 'AVAILABLE'
    with pytest.raises(errors.Conflict):
        ec2_driver.detach_storage_volume(ec2_context, volume.id)
    copy = ec2_driver.create_storage_volume(ec2_context, snapshot_id=snapshot.id,
                                            realm_id='us-east-1b')
    assert (copy.capacity, copy.extra['snapshot_id']) == (3, snapshot.id)
    with pytest.raises(errors.ValidationError):
        ec2_driver.create_storage_volume(ec2_context, snapshot_id='snap-0123456789abcdef0')
    with pytest.raises(errors.ValidationError):
        ec2_driver.create_storage_volume(ec2_context, capacity=0)


def test_addresses_follow_their_instance(ec2_driver, ec2_context):
    instance = running_instance(ec2_driver, ec2_context)
    address = ec2_driver.create_address(ec2_context)
    assert not address.associated and address.extra['allocation_id'].startswith('eipalloc-')
    associated = ec2_driver.associate_address(ec2_context, address.id, instance.id)
    assert associated.instance_id == instance.id
    public = [a.address for a in ec2_driver.get_instance(ec2_context,
                                                         instance.id).public_addresses]
    assert address.id in public
    with pytest.raises(errors.Forbidden):
        ec2_driver.associate_address(ec2_context, address.id, instance.id)
    with pytest.raises(errors.Conflict):
        ec2_driver.destroy_address(ec2_context, address.id)
    assert not ec2_driver.disassociate_address(ec2_context, address.id).associated
    with pytest.raises(errors.Forbidden):
        ec2_driver.disassociate_address(ec2_context, address.id)
    with pytest.raises(errors.ValidationError):
        ec2_driver.associate_address(ec2_context, address.id, 'i-0123456789abcdef0')
    ec2_driver.destroy_address(ec2_context, address.id)
    assert ec2_driver.list_addresses(ec2_context) == []
    with pytest.raises(errors.NotFound):
        ec2_driver.get_address(ec2_context, '203.0.113.9')


def test_networks_hold_their_subnets(ec2_driver, ec2_context):
    default, = ec2_driver.list_networks(ec2_context)
    assert default.extra['is_default'] and len(default.subnet_ids) == 6
    network = ec2_driver.create_network(ec2_context, 'prod', '10.20.0.0/16')
    subnet = ec2_driver.create_subnet(ec2_context, network.id, '10.20.1.0/24', 'prod-a')
    shown = ec2_driver.get_network(ec2_context, network.id)
    assert (shown.name, shown.address_blocks, shown.subnet_ids) == (
        'prod', ['10.20.0.0/16'], [subnet.id])
    assert ec2_driver.get_subnet(ec2_context, subnet.id).name == 'prod-a'
    with pytest.raises(errors.Conflict):
        ec2_driver.destroy_network(ec2_context, network.id)
    for block in ('10.20.300.0/24', None):
        with pytest.raises(errors.ValidationError):
            ec2_driver.create_network(ec2_context, 'bad', block)
    with pytest.raises(errors.ValidationError):
        ec2_driver.create_subnet(ec2_context, 'vpc-0123456789abcdef0', '10.20.2.0/24')
    ec2_driver.destroy_subnet(ec2_context, subnet.id)
    ec2_driver.destroy_network(ec2_context, network.id)
    assert [n.id for n in ec2_driver.list_networks(ec2_context)] == [default.id]


def test_images_by_owner(ec2_driver, ec2_context, ec2_conf):
    listed = {i.id: i for i in ec2_driver.list_images(ec2_context)}
    assert set(listed) == {moto.X86_IMAGE, moto.ARM_IMAGE, moto.UBUNTU_IMAGE}
    assert listed[moto.ARM_IMAGE].owner_id == '137112412989'
    arm = ec2_driver.list_images(ec2_context, architecture='arm64')
    assert [i.id for i in arm] == [moto.ARM_IMAGE]
    assert ec2_driver.list_images(ec2_context, owner_id='self') == []
    instance = running_instance(ec2_driver, ec2_context)
    image = ec2_driver.create_image(ec2_context, instance.id)
    assert image.owner_id == ec2_context.username and image.name.startswith(instance.id)
    assert [i.id for i in ec2_driver.list_images(ec2_context, owner_id='self')] == [image.id]
    assert ec2_driver.get_image(ec2_context, image.id).owner_id == ec2_context.username
    assert [i.id for i in ec2_driver.list_images(ec2_context, owner_id='137112412989',
                                                 architecture='x86_64')] == [moto.X86_IMAGE]
    ec2_conf.set_override('image_owners', ['self'], 'ec2')
    assert [i.id for i in ec2_driver.list_images(ec2_context)] == [image.id]
    with pytest.raises(errors.ValidationError):
        ec2_driver.create_image(ec2_context, 'i-0123456789abcdef0', 'lost')
