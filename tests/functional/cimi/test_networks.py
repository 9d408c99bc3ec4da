"""Networks, networkPorts and addresses: what the driver has, created and deleted through CIMI."""

import json

import pytest

from tests.functional.cimi import client as client_mod
from tests.functional.cimi import conftest
from tests.functional.cimi import helpers
from tests.functional.cimi import resource_helpers


def rels(doc):
    return [op['rel'] for op in doc.get('operations', [])]


def network_create(name='backend', block='10.20.0.0/16', **config):
    doc = {'name': name, 'description': 'the back end',
           'networkTemplate': {'networkConfig': dict({'networkType': 'PRIVATE'}, **config)}}
    if block:
        doc['properties'] = {'addressBlock': block, 'team': 'ops'}
    return doc


# -- networks -------------------------------------------------------------------------------

def test_create_list_get_delete_a_network(cimi, cloud):
    before = cimi.ids('networks')
    created = cimi.post('/networks', 'NetworkCreate', network_create())
    assert created.status == 201, created.text
    network = created.doc
    assert created.headers['location'] == network['id']
    assert network['resourceURI'] == client_mod.TYPE + 'Network'
    assert (network['name'], network['description']) == ('backend', 'the back end')
    assert network['state'] == 'STARTED' and network['networkType'] == 'PRIVATE'
    assert network['properties'] == {'addressBlock': '10.20.0.0/16', 'team': 'ops'}
    assert rels(network) == ['delete']
    network_id = helpers.object_id(network)
    assert sorted(cimi.ids('networks')) == sorted(before + [network_id])
    assert cimi.get('/networks/' + network_id).doc == network
    listed = cimi.get('/networks', params={'$filter': "name='backend'"})
    assert listed.doc['networks'] == [network]
    assert listed.doc['operations'] == [{'rel': 'add', 'href': helpers.BASE + 'networks'}]
    assert cimi.delete('/networks/' + network_id).status == 200
    assert cimi.get('/networks/' + network_id).status == 404
    assert sorted(cimi.ids('networks')) == sorted(before)


def test_the_mock_networks_are_shown(conf, fmt):
    cimi = conftest.mock_cloud(conf).client(fmt)  # the broker starts with none
    net1 = cimi.get('/networks/net1').doc
    assert net1['name'] == 'network1' and net1['properties'] == {'addressBlock':
                                                                 '192.168.0.0/16'}


def _network_bodies():
    xml, json_type = 'application/xml', 'application/json'

    def as_json(doc, root='NetworkCreate'):
        return json.dumps(dict({'resourceURI': client_mod.TYPE + root}, **doc)).encode()
    good = network_create()
    return [
        ('wrong namespace', xml, b'<NetworkCreate xmlns="http://example.com/x"><name>x</name>'
         b'</NetworkCreate>', 'namespace'),
        ('wrong root', xml, client_mod.dict_to_xml('Network', good), 'NetworkCreate'),
        ('no template', json_type, as_json({'name': 'x'}), 'networkTemplate'),
        ('template by reference', json_type, as_json({'networkTemplate': helpers.href(
            'networkTemplates', 't')}), 'networkTemplate'),
        ('no config', json_type, as_json({'networkTemplate': {}}), 'networkConfig'),
        ('config by reference', json_type, as_json({'networkTemplate': {
            'networkConfig': helpers.href('networkConfigurations', 'c')}}), 'networkConfig'),
        ('public', json_type, as_json(network_create(networkType='PUBLIC')), 'PUBLIC'),
        ('mtu', json_type, as_json(network_create(mtu='9000')), 'mtu'),
        ('bad block', json_type, as_json(network_create(block='not-a-block')), 'not-a-block'),
    ]


def test_bad_network_documents_answer_400_and_create_nothing(cimi):
    helpers.assert_bodies_refused(cimi, 'networks', _network_bodies())


def test_networks_of_other_users_are_not_theirs(conf, request, fmt):
    cloud = conftest.broker_cloud(conf, request)
    alice = cloud.client(fmt)
    network_id = helpers.object_id(alice.post('/networks', 'NetworkCreate',
                                              network_create()).doc)
    bob = cloud.client(fmt, user='bob', password='bob-password')
    assert bob.ids('networks') == []
    assert bob.get('/networks/' + network_id).status == 404
    assert bob.delete('/networks/' + network_id).status == 404
    assert alice.get('/networks/' + network_id).status == 200


# -- network ports --------------------------------------------------------------------------

def test_network_ports_where_the_driver_has_interfaces(cimi, cloud):
    entry = cimi.get('/cloudEntryPoint').doc
    if cloud.world:  # the broker has networks but no interfaces
        assert 'networks' in entry and 'networkPorts' not in entry
        answer = cimi.get('/networkPorts')
        assert answer.status == 412 and answer.headers['expect'] == 'network_interfaces'
        return
    assert entry['networkPorts'] == {'href': helpers.BASE + 'networkPorts'}
    answer = cimi.get('/networkPorts')
    assert answer.status == 200, answer.text
    ports = {helpers.object_id(p): p for p in answer.doc['networkPorts']}
    nic1 = ports['nic1']
    assert nic1['resourceURI'] == client_mod.TYPE + 'NetworkPort'
    # nic1 sits on subnet1, a subnet of net1: the port's network is net1.
    assert nic1['network'] == helpers.href('networks', 'net1')
    assert nic1['state'] == 'STARTED' and nic1['portType'] == 'ACCESS'
    assert nic1['properties'] == {'machine': helpers.BASE + 'machines/inst1',
                                  'ip': '192.168.1.2'}
    assert cimi.get('/networkPorts/nic1').doc == nic1
    assert 'operations' not in answer.doc  # ports are not created here
    expanded = cimi.get('/networkPorts/nic1', params={'$expand': 'network'})
    assert expanded.doc['network']['name'] == 'network1'
    assert cimi.delete('/networkPorts/nicinst3').status == 200
    assert sorted(cimi.ids('networkPorts')) == ['nic1']
    assert cimi.get('/networkPorts/nicinst3').status == 404
    assert cimi.post('/networkPorts', 'NetworkPortCreate', {'name': 'x'}).status == 405


# -- addresses ------------------------------------------------------------------------------

def test_create_list_get_delete_an_address(cimi, cloud):
    before = cimi.ids('addresses')
    created = cimi.post('/addresses', 'AddressCreate', {
        'name': 'front', 'description': 'the web front', 'properties': {'team': 'web'},
        'addressTemplate': {'allocation': 'static'}})
    assert created.status == 201, created.text
    address = created.doc
    assert created.headers['location'] == address['id']
    assert address['resourceURI'] == client_mod.TYPE + 'Address'
    assert (address['name'], address['description']) == ('front', 'the web front')
    assert address['properties'] == {'team': 'web'}
    assert address['allocation'] == 'static' and address['protocol'] == 'IPv4'
    assert address['ip'].count('.') == 3 and 'resource' not in address
    assert rels(address) == ['delete']
    address_id = helpers.object_id(address)
    assert sorted(cimi.ids('addresses')) == sorted(before + [address_id])
    assert cimi.get('/addresses/' + address_id).doc == address
    found = cimi.get('/addresses', params={'$filter': "ip='%s'" % address['ip']})
    assert [helpers.object_id(a) for a in found.doc['addresses']] == [address_id]
    assert cimi.delete('/addresses/' + address_id).status == 200
    assert cimi.get('/addresses/' + address_id).status == 404
    assert sorted(cimi.ids('addresses')) == sorted(before)


def test_an_empty_address_template_is_enough(cimi):
    answer = cimi.post('/addresses', 'AddressCreate', {'addressTemplate': ''})
    assert answer.status == 201, answer.text
    assert 'name' not in answer.doc and answer.doc['ip']


def test_an_associated_address_shows_its_machine(cimi, cloud):
    if cloud.world:
        resource_helpers.only(cloud, 'cloud-a')
    machine = helpers.create_machine(cimi, cloud).doc
    machine_id = helpers.object_id(machine)
    address_id = helpers.object_id(cimi.post('/addresses', 'AddressCreate',
                                             {'addressTemplate': {}}).doc)
    resource_helpers.driver_call(cloud, 'associate_address', address_id, machine_id)
    address = cimi.get('/addresses/' + address_id).doc
    assert address['resource'] == {'href': machine['id']}
    assert rels(address) == []
    refused = cimi.delete('/addresses/' + address_id)
    assert refused.status == 409 and refused.error_message()
    expanded = cimi.get('/addresses/' + address_id, params={'$expand': 'resource'})
    assert expanded.doc['resource']['name'] == machine['name']
    resource_helpers.driver_call(cloud, 'disassociate_address', address_id)
    assert cimi.delete('/addresses/' + address_id).status == 200


@pytest.mark.parametrize('doc, words', [
    ({'name': 'x'}, 'addressTemplate'),
    ({'addressTemplate': {'href': helpers.BASE + 'addressTemplates/t'}}, 'addressTemplate'),
    ({'addressTemplate': {'ip': '10.0.0.1'}}, 'ip'),
    ({'addressTemplate': {'network': helpers.href('networks', 'net1')}}, 'network'),
    ({'addressTemplate': {'allocation': 'dynamic'}}, 'dynamic'),
    ({'addressTemplate': 'any'}, 'addressTemplate'),
])
def test_bad_address_documents_create_nothing(cimi, doc, words):
    helpers.assert_refused(cimi, 'addresses', 'AddressCreate', doc, words)


def test_wrong_namespace_address_creates_nothing(cimi):
    before = cimi.ids('addresses')
    answer = cimi.post_raw('/addresses', b'<AddressCreate xmlns="http://example.com/x">'
                           b'<addressTemplate/></AddressCreate>', 'application/xml')
    assert answer.status == 400 and 'namespace' in answer.error_message()
    assert cimi.ids('addresses') == before


def test_addresses_of_other_users_are_not_theirs(conf, request, fmt):
    cloud = conftest.broker_cloud(conf, request)
    alice = cloud.client(fmt)
    address_id = helpers.object_id(alice.post('/addresses', 'AddressCreate',
                                              {'addressTemplate': {}}).doc)
    bob = cloud.client(fmt, user='bob', password='bob-password')
    assert bob.ids('addresses') == []
    assert bob.get('/addresses/' + address_id).status == 404
    assert bob.delete('/addresses/' + address_id).status == 404
    assert alice.get('/addresses/' + address_id).status == 200


def test_unknown_networks_ports_and_addresses(cimi):
    for path in ('/networks/nosuch', '/addresses/nosuch'):
        assert cimi.get(path).status == 404, path
        assert cimi.delete(path).status == 404, path
