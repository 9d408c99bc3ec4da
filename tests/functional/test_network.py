"""Addresses, firewalls and rules, networks, subnets, interfaces, load balancers, metrics."""

from lxml import etree
import pytest

from tests.functional import checks

FORMATS = ['json', 'xml']


def xml(response):
    return etree.fromstring(response.content)


@pytest.mark.parametrize('fmt', FORMATS)
def test_address_lifecycle(api, fmt):
    created = api.post('/api/addresses', fmt=fmt)
    assert created.status_code == 201
    assert created.headers['location'] == 'http://falconframework.org/api/addresses/192.168.0.5'
    associated = api.post('/api/addresses/192.168.0.5/associate', {'instance_id': 'inst2'},
                          fmt=fmt)
    assert associated.status_code == 202 and associated.content == b''
    assert associated.headers['content-type'] == (
        'application/json' if fmt == 'json' else 'application/xml')
    address = api.get('/api/addresses/192.168.0.5').json['address']
    assert (address['associated'], address['instance_id']) == (True, 'inst2')
    public = api.get('/api/instances/inst2').json['instance']['public_addresses']
    assert public == [{'address': '192.168.0.5', 'type': 'ipv4'}]
    shown = api.get('/api/addresses/192.168.0.5', fmt='xml')
    assert xml(shown).find('instance').get('id') == 'inst2'
    checks.error(api.post('/api/addresses/192.168.0.5/associate', {'instance_id': 'inst1'},
                          fmt=fmt), 403, fmt)
    dissociated = api.post('/api/addresses/192.168.0.5/disassociate', fmt=fmt)
    assert dissociated.status_code == 202 and dissociated.content == b''
    assert api.delete('/api/addresses/192.168.0.5', fmt=fmt).status_code == 204
    assert '192.168.0.5' not in api.ids('addresses')


def test_address_filter_by_id(api):
    assert api.ids('addresses?id=192.168.0.1') == ['192.168.0.1']
    assert api.ids('addresses?id=unknown') == []


@pytest.mark.parametrize('fmt', FORMATS)
def test_firewall_and_rules(api, fmt):
    created = api.post('/api/firewalls', {'name': 'web', 'description': 'web servers'},
                       fmt=fmt)
    assert created.status_code == 201
    assert created.headers['location'] == 'http://falconframework.org/api/firewalls/web'
    rule = api.post('/api/firewalls/web/rules', {
        'protocol': 'tcp', 'port_from': '80', 'port_to': '443', 'ip_address1': '10.0.0.0/8',
        'ip_address2': '192.168.0.0/16', 'group1': 'default', 'group1owner': 'mockuser'},
        fmt=fmt)
    assert rule.status_code == 201, rule.text
    firewall = api.get('/api/firewalls/web').json['firewall']
    [added] = firewall['rules']
    assert (added['allow_protocol'], added['port_from'], added['port_to']) == ('tcp', 80, 443)
    assert added['sources'] == [
        {'type': 'address', 'address': '10.0.0.0/8'},
        {'type': 'address', 'address': '192.168.0.0/16'},
        {'type': 'group', 'name': 'default', 'owner': 'mockuser'}]
    root = xml(api.get('/api/firewalls/web', fmt='xml'))
    assert root.find('rules/rule').get('href').endswith('/api/firewalls/web/' + added['id'])
    removed = api.delete('/api/firewalls/web/' + added['id'], fmt=fmt)
    assert removed.status_code == 204
    assert api.get('/api/firewalls/web').json['firewall']['rules'] == []
    checks.error(api.delete('/api/firewalls/web/' + added['id'], fmt=fmt), 404, fmt)
    assert api.delete('/api/firewalls/web', fmt=fmt).status_code == 204


@pytest.mark.parametrize('params, message', [
    ({'port_from': '1', 'port_to': '2', 'ip_address1': '1.2.3.4/32'},
     "Required parameter 'protocol' not found"),
    ({'protocol': 'tcp', 'port_from': '1', 'port_to': '2'}, 'No sources'),
    ({'protocol': 'gre', 'port_from': '1', 'port_to': '2', 'ip_address1': '1.2.3.4/32'},
     'protocol'),
    ({'protocol': 'tcp', 'port_from': 'x', 'port_to': '2', 'ip_address1': '1.2.3.4/32'},
     'port_from'),
    ({'protocol': 'tcp', 'port_from': '9', 'port_to': '2', 'ip_address1': '1.2.3.4/32'},
     'port_from'),
    ({'protocol': 'tcp', 'port_from': '1', 'port_to': '70000', 'ip_address1': '1.2.3.4/32'},
     'port_to'),
    ({'protocol': 'tcp', 'port_from': '1', 'port_to': '2', 'ip_address1': 'not-a-cidr'},
     'CIDR'),
])
def test_bad_rules_are_400_and_change_nothing(api, params, message):
    before = api.get('/api/firewalls/default').json
    body = checks.json_error(api.post('/api/firewalls/default/rules', params), 400)
    assert message in body['message']
    assert api.get('/api/firewalls/default').json == before


def test_firewall_needs_name_and_description(api):
    body = checks.json_error(api.post('/api/firewalls', {'name': 'x'}), 400)
    assert body['message'] == "Required parameter 'description' not found"
    assert 'x' not in api.ids('firewalls')


@pytest.mark.parametrize('fmt', FORMATS)
def test_networks_subnets_interfaces(api, fmt):
    network = api.post('/api/networks', {'name': 'n3', 'address_block': '172.16.0.0/16'},
                       fmt=fmt)
    assert network.status_code == 200 and 'location' not in network.headers
    subnet = api.post('/api/subnets', {'network_id': 'n3', 'address_block': '172.16.1.0/24',
                                       'name': 's3'}, fmt=fmt)
    assert subnet.status_code == 200
    nic = api.post('/api/network_interfaces', {'instance': 'inst2', 'network': 's3'}, fmt=fmt)
    assert nic.status_code == 200
    if fmt == 'json':
        nic_id = nic.json['network_interface']['id']
        assert nic.json['network_interface']['ip_address'].startswith('172.16.1.')
    else:
        nic_id = xml(nic).get('id')
        assert xml(subnet).find('network').get('id') == 'n3'
    assert api.get('/api/networks/n3').json['network']['subnets'][0]['id'] == 's3'
    shown = api.get('/api/network_interfaces/' + nic_id, fmt=fmt)
    assert shown.status_code == 200
    checks.error(api.delete('/api/subnets/s3', fmt=fmt), 409, fmt)
    assert api.delete('/api/network_interfaces/' + nic_id, fmt=fmt).status_code == 204
    assert api.delete('/api/subnets/s3', fmt=fmt).status_code == 204
    assert api.delete('/api/networks/n3', fmt=fmt).status_code == 204
    assert 'n3' not in api.ids('networks')


def test_interface_accepts_id_parameter_names(api):
    nic = api.post('/api/network_interfaces', {'instance_id': 'inst1', 'network_id': 'net2'})
    assert nic.status_code == 200
    assert nic.json['network_interface']['network']['id'] == 'net2'


@pytest.mark.parametrize('fmt', FORMATS)
def test_load_balancer_lifecycle(api, fmt):
    created = api.post('/api/load_balancers', {
        'name': 'lb1', 'realm_id': 'us', 'listener_protocol': 'HTTP',
        'listener_balancer_port': '80', 'listener_instance_port': '8080'}, fmt=fmt)
    assert created.status_code == 201
    assert created.headers['location'] == 'http://falconframework.org/api/load_balancers/lb1'
    registered = api.post('/api/load_balancers/lb1/register', {'instance_id': 'inst1'},
                          fmt=fmt)
    assert registered.status_code == 200
    root = xml(api.get('/api/load_balancers/lb1', fmt='xml'))
    link = root.find("instances/instance[@id='inst1']/link[@rel='unregister']").get('href')
    assert link.endswith('/api/load_balancers/lb1/unregister;instance_id=inst1')
    unregistered = api.post(link.replace('http://falconframework.org', ''), fmt=fmt)
    assert unregistered.status_code == 200
    balancer = api.get('/api/load_balancers/lb1').json['load_balancer']
    assert balancer['instances'] == []
    assert balancer['listeners'] == [{'protocol': 'HTTP', 'load_balancer_port': 80,
                                      'instance_port': 8080}]
    assert api.delete('/api/load_balancers/lb1', fmt=fmt).status_code == 204
    checks.error(api.get('/api/load_balancers/lb1', fmt=fmt), 404, fmt)


@pytest.mark.parametrize('params', [
    {'name': 'lb', 'realm_id': 'us', 'listener_protocol': 'HTTP',
     'listener_balancer_port': 'eighty', 'listener_instance_port': '80'},
    {'name': 'lb', 'realm_id': 'us', 'listener_protocol': 'HTTP',
     'listener_balancer_port': '0', 'listener_instance_port': '80'},
    {'name': 'lb', 'realm_id': 'us', 'listener_protocol': 'HTTP',
     'listener_balancer_port': '80'},
])
def test_bad_load_balancers_are_400(api, params):
    checks.json_error(api.post('/api/load_balancers', params), 400)
    assert api.ids('load_balancers') == []


@pytest.mark.parametrize('fmt', FORMATS)
def test_metrics(api, fmt):
    index = api.get('/api/metrics', fmt=fmt)
    shown = api.get('/api/metrics/inst1', fmt=fmt)
    if fmt == 'json':
        assert [m['id'] for m in index.json['metrics']] == ['inst0', 'inst1', 'inst2', 'inst3']
        cpu = shown.json['metric']['properties'][0]
        assert cpu['name'] == 'cpuUtilization' and len(cpu['values']) == 6
        assert set(cpu['values'][0]) == {'minimum', 'maximum', 'average', 'timestamp', 'unit'}
    else:
        sample = xml(shown).find("properties/property[@name='cpuUtilization']/sample")
        assert sample.get('unit') == 'Percent'
    checks.error(api.get('/api/metrics/nope', fmt=fmt), 404, fmt)
