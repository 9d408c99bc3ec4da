"""Deltacloud JSON to value objects: the 1.1.3 reference responses, and round trips through
our own front end's views (the JSON another cloud-broker sends)."""

import dataclasses
import json

from lxml import etree
import pytest

from iaas.api.deltacloud import session as session_mod
from iaas.api.deltacloud import views
from iaas.api.deltacloud.views import links
from iaas.api.deltacloud import xmlutil
from iaas.drivers.deltacloud import mappers
from iaas.drivers.mock import driver as mock_driver
from iaas import errors
from iaas import models
from tests.functional import reference


def live(title, key):
    return reference.live(title).json()[key]


# -- Deltacloud 1.1.3's own JSON -----------------------------------------------------------

def test_realms():
    realms = [mappers.parse('realm', r) for r in live('GET /realms JSON', 'realms')]
    assert realms == [models.Realm('us', 'United States'), models.Realm('eu', 'Europe')]


def test_hardware_profiles_json_are_fixed_defaults():
    found = {p.id: p for p in (mappers.parse('hardware_profile', d)
                               for d in live('GET /hardware_profiles JSON', 'hardware_profiles'))}
    assert found['m1-small'].defaults() == {'cpu': 1, 'memory': 1740.8, 'storage': 160,
                                            'architecture': 'i386'}
    assert {p.kind for p in found['m1-large'].properties.values()} == {'fixed'}
    assert found['opaque'].properties == {}


def test_hardware_profile_xml_has_ranges_and_enums():
    xlarge, = mappers.hardware_profiles_xml(
        reference.live('GET /hardware_profiles/m1-xlarge XML').body.encode())
    props = xlarge.properties
    assert (xlarge.id, xlarge.name) == ('m1-xlarge', 'm1-xlarge')
    assert (props['cpu'].kind, props['cpu'].value) == ('fixed', 4)
    assert (props['memory'].kind, props['memory'].first, props['memory'].last) == (
        'range', 12288, 32768)
    assert (props['storage'].kind, props['storage'].values) == ('enum', [1024, 2048, 4096])
    assert props['architecture'].value == 'x86_64'


@pytest.mark.parametrize('data', [
    b'<realms/>', b'not xml',
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><hardware_profiles>'
    b'<hardware_profile id="p"><name>&e;</name></hardware_profile></hardware_profiles>',
])
def test_hardware_profile_xml_refuses_other_documents_and_entities(data):
    try:
        found = mappers.hardware_profiles_xml(data)
    except (etree.LxmlError, ValueError):
        return
    assert all('root:' not in p.name for p in found), 'an external entity was resolved'


def test_images():
    images = [mappers.parse('image', d) for d in live('GET /images JSON', 'images')]
    img1 = images[0]
    assert (img1.id, img1.description, img1.owner_id, img1.architecture) == (
        'img1', 'Fedora 10', 'fedoraproject', 'x86_64')
    assert img1.hardware_profile_ids == ['m1-small', 'm1-large', 'm1-xlarge', 'opaque']


def test_instance():
    inst = mappers.parse('instance', live('GET /instances/inst1 JSON', 'instance'))
    assert (inst.id, inst.name, inst.state, inst.owner_id) == (
        'inst1', 'MockUserInstance', 'RUNNING', 'mockuser')
    assert (inst.image_id, inst.realm_id, inst.hardware_profile_id) == ('img3', 'us', 'm1-small')
    assert inst.public_addresses == [models.AddressValue('img1.inst1.public.com', 'hostname')]
    assert inst.extra['actions'] == ['reboot', 'stop', 'run', 'create_image']
    assert inst.create_image and inst.authentication_type == 'key'


def test_instance_action_answer_is_unwrapped():
    body = reference.live('POST /instances/inst1/stop JSON').json()
    inst = mappers.parse('instance', body)
    assert (inst.state, inst.storage_volume_ids) == ('STOPPED', ['vol1'])


def test_instance_with_profile_overrides():
    body = reference.live('POST /instances image_id=img1 hwp_id=m1-large hwp_memory=12288 '
                          'name=test JSON').json()['instance']
    assert mappers.parse('instance', body).hardware_profile_overrides == {'memory': 12288}


def test_keys_volumes_snapshots_addresses():
    key = mappers.parse('key', live('GET /keys/test-key JSON', 'key'))
    assert key.id == 'test-key' and key.fingerprint.startswith('5e:ce') and key.pem_rsa_key
    volume = mappers.parse('storage_volume', live('GET /storage_volumes/vol3 JSON',
                                                  'storage_volume'))
    assert (volume.capacity, volume.state, volume.realm_id, volume.instance_id,
            volume.device) == (1, 'IN-USE', 'us', 'inst1', '/dev/sda1')
    snapshot = mappers.parse('storage_snapshot', live('GET /storage_snapshots/snap1 JSON',
                                                      'storage_snapshot'))
    assert (snapshot.storage_volume_id, snapshot.state) == ('vol1', 'COMPLETED')
    address = mappers.parse('address', live(
        'GET /addresses/192.168.0.1 JSON (after associate)', 'address'))
    assert (address.id, address.instance_id) == ('192.168.0.1', 'inst1')
    free = mappers.parse('address', live('GET /addresses JSON', 'addresses')[-1])
    assert not free.associated


def test_buckets_and_blobs():
    bucket = mappers.parse('bucket', live('GET /buckets/bucket1 JSON', 'bucket'))
    assert (bucket.size, bucket.blob_ids) == (3, ['blob1', 'blob2', 'blob3'])
    blob = mappers.parse('blob', live('GET /buckets/bucket1/blob1 JSON', 'blob'))
    assert (blob.bucket_id, blob.content_length, blob.content_type, blob.user_metadata) == (
        'bucket1', 17, 'text/plain', {'SOMENEWKEY': 'NEWVALUE'})
    assert 'content' not in blob.extra


def test_networks_subnets_interfaces():
    net = mappers.parse('network', live('GET /networks/net1 JSON', 'network'))
    assert (net.address_blocks, net.subnet_ids) == (['192.168.0.0/16'], ['subnet1', 'subnet2'])
    sub = mappers.parse('subnet', live('GET /subnets/subnet1 JSON', 'subnet'))
    assert (sub.network_id, sub.address_block, sub.type) == ('net1', '192.168.1.0/24', 'PRIVATE')
    nic = mappers.parse('network_interface', live('GET /network_interfaces/nic1 JSON',
                                                  'network_interface'))
    assert (nic.instance_id, nic.network_id, nic.ip_address) == ('inst1', 'subnet1',
                                                                 '192.168.1.2')


def test_metrics():
    metric = mappers.parse('metric', live('GET /metrics/inst1 JSON', 'metric'))
    cpu = metric.properties[0]
    assert (cpu.name, cpu.unit, len(cpu.values)) == ('cpuUtilization', 'Percent', 6)
    listed = [mappers.parse('metric', m) for m in live('GET /metrics JSON', 'metrics')]
    assert listed and all(p.values is None for p in listed[0].properties)


@pytest.mark.parametrize('kind,data', [
    ('realm', {}), ('instance', {'id': 'i', 'actions': 'stop'}), ('blob', []),
    ('instance', {'id': 'i', 'hardware_profile': {'properties': {'memory': 'lots'}}}),
])
def test_unreadable_json_is_a_provider_error(kind, data):
    with pytest.raises(errors.ProviderError):
        mappers.parse(kind, data)


# -- round trips through our own front end's views -----------------------------------------

@pytest.fixture
def view(conf):
    session = session_mod.Session(mock_driver.MockDriver(conf), 'mock', None, None)
    return links.View('http://remote:3001', session)


def through_json(kind, obj, view):
    return mappers.parse(kind, json.loads(json.dumps(views.JSON[kind](obj, view))))


ROUND_TRIPS = {
    'realm': models.Realm('us', 'United States', 'UNAVAILABLE', '5'),
    'image': models.Image('img9', 'nine', 'a description', 'alice', 'x86_64', 'PENDING', 'ebs',
                          '2026-01-01 00:00:00 +0000', ['m1-small']),
    'key': models.Key('k1', 'password', '12:34', None, 'ssh-rsa AAA', 'root', 'pw', 'READY'),
    'storage_volume': models.StorageVolume('vol9', 10, 'IN-USE', 'v', 'd', 'then', 'eu', 'i1',
                                           '/dev/sdf', 'data'),
    'storage_snapshot': models.StorageSnapshot('s1', 'vol9', 'PENDING', 'n', 'd', 'then'),
    'address': models.Address('10.0.0.9', 'inst3'),
    'firewall': models.Firewall('fw1', 'web', 'http in', 'alice', [models.FirewallRule(
        'r1', 'tcp', 80, 443, 'ingress', [{'type': 'address', 'address': '10.0.0.0/8'},
                                          {'type': 'group', 'name': 'g', 'owner': 'o'}])]),
    'network': models.Network('n1', 'net', 'DOWN', ['10.0.0.0/8'], ['s1', 's2']),
    'subnet': models.Subnet('s1', 'sub', 'n1', '10.1.0.0/16', 'UP', 'PUBLIC'),
    'network_interface': models.NetworkInterface('nic1', 'eth0', 'i1', 'n1', '10.1.0.5'),
    'load_balancer': models.LoadBalancer('lb1', ['us'], [models.Listener('HTTP', 80, 8080)],
                                         ['i1', 'i2'], ['lb1.example.com'], 'then'),
    'bucket': models.Bucket('b1', 'b1', 2, ['x', 'y']),
    'blob': models.Blob('x', 'b1', 5, 'text/plain', 'then', {'k': 'v'}),
    'metric': models.Metric('i1', 'vm', [models.MetricProperty(
        'cpuUtilization', 'Percent', [{'minimum': 1, 'maximum': 2, 'average': 1.5,
                                       'timestamp': 1, 'unit': 'Percent'}])]),
}


@pytest.mark.parametrize('kind', sorted(ROUND_TRIPS))
def test_round_trip_through_our_json(kind, view):
    assert through_json(kind, ROUND_TRIPS[kind], view) == ROUND_TRIPS[kind]


@pytest.mark.parametrize('auth', [
    {'keyname': 'k1'},
    {'authentication_type': 'password', 'username': 'root', 'password': 'pw', 'keyname': None},
])
def test_instance_round_trip_through_our_json(view, auth):
    instance = models.Instance(
        'i1', 'web', 'STOPPED', 'alice', 'img1', 'eu', 'm1-large', {'memory': 12288, 'cpu': 2},
        [models.AddressValue('1.2.3.4')], [models.AddressValue('host.local', 'hostname')],
        ['vol1'], ['fw1'], **auth)
    found = through_json('instance', instance, view)
    assert found.extra['actions'] == ['start', 'destroy', 'create_image']
    assert found == dataclasses.replace(instance, extra=found.extra)


def test_hardware_profiles_round_trip_through_our_xml(view, conf):
    profiles = mock_driver.MockDriver(conf).list_hardware_profiles(None)
    root = xmlutil.element('hardware_profiles')
    for profile in profiles:
        root.append(views.XML['hardware_profile'](profile, view))
    found = mappers.hardware_profiles_xml(xmlutil.to_bytes(root))
    assert [(p.id, p.properties) for p in found] == [(p.id, p.properties) for p in profiles]
