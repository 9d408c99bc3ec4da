"""Every index and show answers in both formats with Deltacloud's document shapes."""

from lxml import etree
import pytest

SHOWS = {
    'realms': 'us', 'hardware_profiles': 'm1-large', 'images': 'img1', 'instances': 'inst0',
    'keys': 'test-key', 'storage_volumes': 'vol3', 'storage_snapshots': 'snap1',
    'addresses': '192.168.0.1', 'buckets': 'bucket1', 'firewalls': 'default',
    'networks': 'net1', 'subnets': 'subnet1', 'network_interfaces': 'nic1',
    'metrics': 'inst1',
}
SINGULAR = {
    'realms': 'realm', 'hardware_profiles': 'hardware_profile', 'images': 'image',
    'instances': 'instance', 'keys': 'key', 'storage_volumes': 'storage_volume',
    'storage_snapshots': 'storage_snapshot', 'addresses': 'address', 'buckets': 'bucket',
    'firewalls': 'firewall', 'networks': 'network', 'subnets': 'subnet',
    'network_interfaces': 'network_interface', 'metrics': 'metric',
    'load_balancers': 'load_balancer',
}


@pytest.mark.parametrize('collection', sorted(SINGULAR))
def test_index_in_both_formats(api, collection):
    as_json = api.get('/api/' + collection)
    assert as_json.status_code == 200
    items = as_json.json[collection]
    as_xml = api.get('/api/' + collection, fmt='xml')
    root = etree.fromstring(as_xml.content)
    assert root.tag == collection
    assert [e.tag for e in root] == [SINGULAR[collection]] * len(items)
    assert [e.get('id') for e in root] == [i['id'] for i in items]
    for item, element in zip(items, root):
        assert element.get('href') == item['href']


@pytest.mark.parametrize('collection, object_id', sorted(SHOWS.items()))
def test_show_in_both_formats(api, collection, object_id):
    path = '/api/%s/%s' % (collection, object_id)
    as_json = api.get(path)
    assert as_json.status_code == 200
    body = as_json.json[SINGULAR[collection]]
    root = etree.fromstring(api.get(path, fmt='xml').content)
    assert (root.tag, root.get('id'), root.get('href')) == (
        SINGULAR[collection], body['id'], body['href'])


def test_load_balancer_show_in_both_formats(api):
    api.post('/api/load_balancers', {
        'name': 'lb', 'realm_id': 'eu', 'listener_protocol': 'TCP',
        'listener_balancer_port': '22', 'listener_instance_port': '22'})
    body = api.get('/api/load_balancers/lb').json['load_balancer']
    root = etree.fromstring(api.get('/api/load_balancers/lb', fmt='xml').content)
    assert (root.get('id'), root.find('realms/realm').get('id')) == (body['id'], 'eu')
    assert root.find('listeners/listener').get('protocol') == 'TCP'
