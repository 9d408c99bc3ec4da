"""A fresh mock cloud holds what Deltacloud 1.1.3's mock served, field by field."""

import json
import pathlib

import pytest

REFERENCE = json.loads((pathlib.Path(__file__).parent / 'data'
                        / 'deltacloud-1.1.3-mock.json').read_text())['responses']


def reference(request_line, key):
    return REFERENCE[request_line][key]


def as_text(value):
    """Deltacloud's JSON shows property values as strings."""
    return None if value is None else str(value)


def test_realms(mock, ctx):
    expected = [(r['id'], r['name'], r['state'], r['limit'])
                for r in reference('GET /realms', 'realms')]
    assert [(r.id, r.name, r.state, r.limit) for r in mock.list_realms(ctx)] == expected


def test_hardware_profiles(mock):
    expected = [(p['id'], p['name'], p.get('properties', {}))
                for p in reference('GET /hardware_profiles', 'hardware_profiles')]
    actual = [(p.id, p.name, {n: as_text(v) for n, v in p.defaults().items()})
              for p in mock.list_hardware_profiles(None)]
    assert actual == expected


def test_hardware_profile_kinds(mock):
    """The JSON shows only defaults; the 1.1.1 XML shows ranges and enums."""
    large = mock.get_hardware_profile(None, 'm1-large')
    assert (large.properties['cpu'].first, large.properties['cpu'].last) == (1, 6)
    memory = large.properties['memory']
    assert (memory.kind, memory.first, memory.last, memory.value) == ('range', 7680, 15360, 10240)
    assert large.properties['storage'].values == [850, 1024]
    xlarge = mock.get_hardware_profile(None, 'm1-xlarge')
    assert xlarge.properties['storage'].values == [1024, 2048, 4096]
    assert (xlarge.properties['memory'].first, xlarge.properties['memory'].last) == (12288, 32768)
    assert mock.get_hardware_profile(None, 'opaque').properties == {}


def _image_fields(image):
    return (image['id'], image['name'], image['description'], image['owner'],
            image['architecture'], image['state'], image['root_type'], image['creation_time'],
            [p['id'] for p in image['hardware_profiles']])


@pytest.mark.parametrize('request_line,filters', [
    ('GET /images', {}),
    ('GET /images?owner_id=self', {'owner_id': 'self'}),
    ('GET /images?architecture=i386', {'architecture': 'i386'}),
])
def test_images(mock, ctx, request_line, filters):
    expected = [_image_fields(i) for i in reference(request_line, 'images')]
    actual = [(i.id, i.name, i.description, i.owner_id, i.architecture, i.state, i.root_type,
               i.creation_time, i.hardware_profile_ids)
              for i in mock.list_images(ctx, **filters)]
    assert actual == expected


def test_profiles_filtered_by_architecture(mock):
    expected = [p['id'] for p in reference('GET /hardware_profiles?architecture=i386',
                                           'hardware_profiles')]
    assert [p.id for p in mock.list_hardware_profiles(None, architecture='i386')] == expected


def _instance_fields(inst):
    return {
        'id': inst['id'], 'name': inst['name'], 'state': inst['state'], 'owner': inst['owner'],
        'image': inst['image']['id'], 'realm': inst['realm']['id'],
        'profile': inst['hardware_profile']['id'],
        'overrides': inst['hardware_profile']['properties'],
        'public': [(a['address'], a['type']) for a in inst['public_addresses']],
        'private': [(a['address'], a['type']) for a in inst['private_addresses']],
        'create_image': inst.get('create_image', False),
        'volumes': [v['id'] for v in inst['storage_volumes']],
        'keyname': inst.get('authentication', {}).get('keyname'),
        'authentication_type': inst['authentication_type'],
    }


def test_instances(mock, ctx):
    expected = [_instance_fields(i) for i in reference('GET /instances', 'instances')]
    actual = [{
        'id': i.id, 'name': i.name, 'state': i.state, 'owner': i.owner_id, 'image': i.image_id,
        'realm': i.realm_id, 'profile': i.hardware_profile_id,
        'overrides': {k: as_text(v) for k, v in i.hardware_profile_overrides.items()},
        'public': [(a.address, a.type) for a in i.public_addresses],
        'private': [(a.address, a.type) for a in i.private_addresses],
        'create_image': i.create_image, 'volumes': i.storage_volume_ids, 'keyname': i.keyname,
        'authentication_type': i.authentication_type,
    } for i in mock.list_instances(ctx)]
    assert actual == expected


def test_test_key(mock, ctx):
    expected, = reference('GET /keys', 'keys')
    key, = mock.list_keys(ctx)
    assert (key.id, key.credential_type, key.username, key.password, key.state) == (
        expected['id'], expected['credential_type'], None, None, None)
    assert key.pem_rsa_key == expected['pem_rsa_key']
    assert key.fingerprint == expected['fingerprint']


def test_storage_volumes(mock, ctx):
    expected = [(v['id'], v['name'], v['description'], v['state'], v['created'],
                 v['realm']['id'], v['device'], v['kind'], v['capacity'], v['instance'].get('id'))
                for v in reference('GET /storage_volumes', 'storage_volumes')]
    actual = [(v.id, v.name, v.description, v.state, v.created, v.realm_id, v.device, v.kind,
               v.capacity, v.instance_id) for v in mock.list_storage_volumes(ctx)]
    assert actual == expected


def test_storage_snapshots(mock, ctx):
    expected = [(s['id'], s['state'], s['storage_volume']['id'], s['created'])
                for s in reference('GET /storage_snapshots', 'storage_snapshots')]
    actual = [(s.id, s.state, s.storage_volume_id, s.created)
              for s in mock.list_storage_snapshots(ctx)]
    assert actual == expected


def test_addresses(mock, ctx):
    expected = [(a['id'], a['associated']) for a in reference('GET /addresses', 'addresses')]
    assert [(a.id, a.associated) for a in mock.list_addresses(ctx)] == expected


def test_buckets(mock, ctx):
    expected = [(b['id'], b['name'], b['size'], [x['id'] for x in b['blob_list']])
                for b in reference('GET /buckets', 'buckets')]
    assert [(b.id, b.name, b.size, b.blob_ids) for b in mock.list_buckets(ctx)] == expected


def test_blob1(mock, ctx):
    expected = reference('GET /buckets/bucket1/blob1', 'blob')
    blob = mock.get_blob(ctx, 'bucket1', 'blob1')
    assert (blob.id, blob.bucket_id, blob.content_length, blob.content_type,
            blob.last_modified, blob.user_metadata) == (
        expected['id'], expected['bucket']['id'], expected['content_length'],
        expected['content_type'], expected['last_modified'], expected['user_metadata'])
    assert mock.content_blob(ctx, 'bucket1', 'blob1') == expected['content'].encode()


def test_networks_and_subnets(mock, ctx):
    networks = [(n['id'], n['name'], n['state'], n['address_blocks'],
                 [s['id'] for s in n['subnets']]) for n in reference('GET /networks', 'networks')]
    assert [(n.id, n.name, n.state, n.address_blocks, n.subnet_ids)
            for n in mock.list_networks(ctx)] == networks
    subnets = [(s['id'], s['name'], s['type'], s['state'], s['address_block'],
                s['network']['id']) for s in reference('GET /subnets', 'subnets')]
    assert [(s.id, s.name, s.type, s.state, s.address_block, s.network_id)
            for s in mock.list_subnets(ctx)] == subnets


def test_network_interfaces(mock, ctx):
    expected = [(n['id'], n['name'], n['network']['id'], n['instance']['id'], n['ip_address'])
                for n in reference('GET /network_interfaces', 'network_interfaces')]
    assert [(n.id, n.name, n.network_id, n.instance_id, n.ip_address)
            for n in mock.list_network_interfaces(ctx)] == expected


def test_metrics(mock, ctx):
    expected = [(m['id'], m['entity'], [p['name'] for p in m['properties']])
                for m in reference('GET /metrics', 'metrics')]
    metrics = mock.list_metrics(ctx)
    assert [(m.id, m.entity, [p.name for p in m.properties]) for m in metrics] == expected
    assert all(p.values is None for m in metrics for p in m.properties)


def test_seeding_happens_once(mock, ctx, make_driver):
    mock.destroy_key(ctx, 'test-key')
    assert make_driver().list_keys(ctx) == []
