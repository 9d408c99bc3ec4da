"""The entry point, drivers and instance states: open to anyone, in XML and JSON."""

from lxml import etree
import pytest

from tests.functional import checks
from tests.functional import conftest

MOCK_COLLECTIONS = [
    'addresses', 'buckets', 'drivers', 'firewalls', 'hardware_profiles', 'images',
    'instance_states', 'instances', 'keys', 'load_balancers', 'metrics', 'network_interfaces',
    'networks', 'realms', 'storage_snapshots', 'storage_volumes', 'subnets']


def test_entry_point_json(api):
    response = api.get('/api', auth=False)
    assert response.status_code == 200
    body = response.json['api']
    assert (body['version'], body['driver'], body['provider']) == ('1.1.3', 'mock', None)
    assert [link['rel'] for link in body['links']] == MOCK_COLLECTIONS
    instances = next(link for link in body['links'] if link['rel'] == 'instances')
    assert instances['href'] == 'http://falconframework.org/api/instances'
    assert [{'name': 'user_name', 'rel': 'create', 'params': ['name:string:optional'],
             'constraints': {}}] in instances['features']
    assert [{'name': 'attach_snapshot', 'rel': 'create',
             'params': ['snapshot_id:string:optional', 'device_name:string:optional'],
             'constraints': {}}] in instances['features']


def test_entry_point_xml(api):
    response = api.get('/api', auth=False, fmt='xml')
    root = etree.fromstring(response.content)
    assert dict(root.attrib) == {'driver': 'mock', 'provider': '', 'version': '1.1.3'}
    assert [link.get('rel') for link in root] == MOCK_COLLECTIONS
    images = root.find("link[@rel='images']")
    feature = images.find("feature[@name='owner_id']")
    assert feature.get('rel') == 'index'
    assert [p.get('name') for p in feature] == ['owner_id']


def test_entry_point_uses_the_request_prefix(conf):
    import falcon.testing
    from iaas.api import app as app_mod
    client = falcon.testing.TestClient(app_mod.create_app(conf))
    response = client.simulate_get('/api', headers={'Accept': 'application/json'},
                                   protocol='https', host='cloud.example.com',
                                   extras={'SCRIPT_NAME': '/broker-root'})
    links = response.json['api']['links']
    assert links[0]['href'] == 'https://cloud.example.com/broker-root/api/addresses'


@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_force_auth_checks_credentials(api, fmt):
    assert api.get('/api?force_auth=1', fmt=fmt).status_code == 200
    missing = api.get('/api?force_auth=1', fmt=fmt, auth=False)
    checks.error(missing, 401, fmt)
    assert missing.headers['www-authenticate'] == 'Basic realm="deltacloud"'
    wrong = api.get('/api', params={'force_auth': 'true'}, fmt=fmt,
                    headers=conftest.basic('mockuser', 'wrong'))
    checks.error(wrong, 401, fmt)


def test_auth_realm_from_configuration(conf, api):
    conf.set_override('auth_realm', 'my "cloud"', group='api')
    response = api.get('/api/realms', auth=False)
    assert response.headers['www-authenticate'] == 'Basic realm="my \\"cloud\\""'


def test_drivers_json(api):
    response = api.get('/api/drivers', auth=False)
    assert response.json == {'mock': {'name': 'Mock'},
                             'ec2': {'name': 'Amazon Elastic Compute Cloud'},
                             'broker': {'name': 'Broker'}}


def test_drivers_xml_list_providers(api):
    api.get('/api/realms', headers={'X-Deltacloud-Provider': 'west'})
    root = etree.fromstring(api.get('/api/drivers', fmt='xml', auth=False).content)
    mock = root.find("driver[@id='mock']")
    assert mock.get('href') == 'http://falconframework.org/api/drivers/mock'
    assert mock.findtext('name') == 'Mock'
    assert {'default', 'west'} <= {p.get('id') for p in mock.findall('provider')}
    assert 'us-east-1' in {p.get('id') for p in root.findall("driver[@id='ec2']/provider")}


@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_driver(api, fmt):
    response = api.get('/api/drivers/ec2', auth=False, fmt=fmt)
    assert response.status_code == 200
    if fmt == 'json':
        driver = response.json['driver']
        assert driver['id'] == 'ec2'
        assert driver['entrypoints']['ec2']['us-east-1'] == 'https://ec2.us-east-1.amazonaws.com'
    else:
        root = etree.fromstring(response.content)
        entry = root.find("provider[@id='us-east-1']/entrypoint")
        assert (entry.get('kind'), entry.text) == ('ec2', 'https://ec2.us-east-1.amazonaws.com')


@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_unknown_driver_document(api, fmt):
    checks.error(api.get('/api/drivers/nosuch', auth=False, fmt=fmt), 404, fmt)


def test_instance_states(api):
    states = api.get('/api/instance_states', auth=False).json
    assert [s['name'] for s in states] == ['start', 'pending', 'running', 'stopped', 'finish']
    assert states[1]['transitions'] == [{'to': 'running', 'auto': 'true'}]
    root = etree.fromstring(api.get('/api/instance_states', auth=False, fmt='xml').content)
    assert root.find("state[@name='stopped']/transition[@action='destroy']").get('to') == 'finish'


def test_ec2_states_follow_its_state_machine(api):
    states = api.get('/api/instance_states', headers={'X-Deltacloud-Driver': 'ec2'}).json
    running = next(s for s in states if s['name'] == 'running')
    assert {'to': 'stopping', 'action': 'stop'} in running['transitions']


def test_head_and_options(api):
    head = api.request('HEAD', '/api/realms')
    assert head.status_code == 200 and head.content == b''
    options = api.request('OPTIONS', '/api/instances')
    assert options.status_code == 200
    assert 'POST' in options.headers['allow']
