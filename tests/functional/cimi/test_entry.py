"""The CIMI entry point, negotiation, errors, authentication and driver selection."""

import falcon.testing
import pytest

from iaas.api import app as app_mod
from tests.functional.cimi import client as client_mod
from tests.functional.cimi import conftest

BASE = 'http://falconframework.org/cimi/'


def test_root_redirects_to_the_entry_point(cimi):
    answer = cimi.get('')
    assert answer.status == 303
    assert answer.headers['location'] == BASE + 'cloudEntryPoint'
    assert cimi.get('/').status == 303


def test_entry_point_lists_what_the_driver_supports(cimi, cloud):
    answer = cimi.get('/cloudEntryPoint')
    assert answer.status == 200, answer.text
    doc = answer.doc
    assert doc['resourceURI'] == client_mod.TYPE + 'CloudEntryPoint'
    assert doc['id'] == BASE + 'cloudEntryPoint'
    assert doc['baseURI'] == BASE
    assert doc['name'] == cloud.driver
    for key, segment in (('machineConfigs', 'machineConfigurations'),
                         ('machineImages', 'machineImages'), ('credentials', 'credentials'),
                         ('machineTemplates', 'machineTemplates'), ('machines', 'machines'),
                         ('resourceMetadata', 'resourceMetadata')):
        assert doc[key] == {'href': BASE + segment}, key
    assert answer.headers['cimi-specification-version']
    assert answer.headers['x-deltacloud-driver'] == cloud.driver
    if cimi.fmt == 'xml':
        assert answer.xml.tag == '{%s}CloudEntryPoint' % client_mod.NS
        assert answer.xml.get('resourceURI') == client_mod.TYPE + 'CloudEntryPoint'


def test_collections_follow_every_listed_href(cimi):
    doc = cimi.get('/cloudEntryPoint').doc
    for key, value in doc.items():
        if isinstance(value, dict) and 'href' in value:
            segment = value['href'][len(BASE):]
            answer = cimi.get('/' + segment)
            assert answer.status == 200, (key, answer.text)
            assert answer.doc['resourceURI'].endswith('Collection')
            assert answer.doc['id'] == value['href']


@pytest.mark.parametrize('accept', ['', '*/*', 'application/*'])
def test_json_without_a_stated_choice(cloud, accept):
    answer = cloud.client('json').get('/cloudEntryPoint', headers={'Accept': accept})
    assert answer.status == 200
    assert answer.headers['content-type'] == 'application/json'


def test_xml_when_preferred(cloud):
    answer = cloud.client('json').get(
        '/cloudEntryPoint', headers={'Accept': 'application/json;q=0.5, application/xml'})
    assert answer.headers['content-type'] == 'application/xml'


def test_406_for_a_format_nobody_writes(cloud):
    answer = cloud.client('json').get('/machineConfigurations',
                                      headers={'Accept': 'text/html'})
    assert answer.status == 406
    assert answer.response.content == b''


def test_errors_in_the_negotiated_format(cimi):
    answer = cimi.get('/machineConfigurations/no-such-config')
    assert answer.status == 404
    assert answer.error_message()
    answer = cimi.get('/no-such-collection')
    assert answer.status == 404
    assert answer.error_message() == 'Not Found'


def test_401_with_the_same_challenge_as_api(cloud, fmt):
    wrong = cloud.client(fmt, password='wrong')
    for path in ('/machines', '/machineTemplates', '/credentials'):
        answer = wrong.get(path)
        assert answer.status == 401, (path, answer.text)
        assert answer.headers['www-authenticate'] == 'Basic realm="deltacloud"'
        assert answer.error_message()
        anonymous = cloud.client(fmt).get(path, auth=False)
        assert anonymous.status == 401, path


def test_what_needs_no_credentials(cloud, fmt):
    anonymous = cloud.client(fmt)
    for path in ('/cloudEntryPoint', '/machineConfigurations', '/resourceMetadata'):
        assert anonymous.get(path, auth=False).status == 200, path


def test_driver_from_matrix_parameters(conf):
    cloud = conftest.mock_cloud(conf)
    client = client_mod.Cimi(cloud.app, 'json', cloud.user, cloud.password)
    answer = client.request('GET', ';driver=mock/cloudEntryPoint')
    assert answer.status == 200 and answer.doc['name'] == 'mock'
    answer = client.request('GET', ';driver=nosuchdriver/cloudEntryPoint')
    assert answer.status == 404
    assert "nosuchdriver" in answer.error_message()


def test_bad_query_parameters_answer_400(cimi):
    for params in ({'$filter': "cpu >"}, {'$filter': "name = 'x' and"},
                   {'$filter': '(cpu = 1'}, {'$filter': "'a' = 'b'"}, {'$first': '0'},
                   {'$last': 'x'}, {'$filter': "cpu ~ 1"}):
        answer = cimi.get('/machineConfigurations', params=params)
        assert answer.status == 400, (params, answer.text)
        assert answer.error_message()


def test_resource_metadata_describes_the_served_types(cimi):
    answer = cimi.get('/resourceMetadata')
    assert answer.status == 200
    doc = answer.doc
    assert doc['resourceURI'] == client_mod.TYPE + 'ResourceMetadataCollection'
    by_name = {entry['name']: entry for entry in doc['resourceMetadata']}
    assert 'MachineConfiguration' in by_name
    assert by_name['MachineConfiguration']['typeURI'] == client_mod.TYPE + 'MachineConfiguration'
    one = cimi.get('/resourceMetadata/MachineConfiguration')
    assert one.status == 200 and one.doc['id'] == BASE + 'resourceMetadata/MachineConfiguration'
    assert cimi.get('/resourceMetadata/Hovercraft').status == 404


def test_entry_point_leaves_out_what_the_driver_lacks(cloud, monkeypatch):
    cls = type(cloud.registry.get(cloud.driver))
    without_keys = frozenset(op for op in cls.operations() if not op.startswith('keys.'))
    monkeypatch.setattr(cls, 'supported_operations', lambda self, context: without_keys)
    client = cloud.client('json')
    doc = client.get('/cloudEntryPoint').doc
    assert 'credentials' not in doc and 'machines' in doc
    answer = client.get('/credentials')
    assert answer.status == 412 and answer.headers['expect'] == 'keys'
    names = {m['name'] for m in client.get('/resourceMetadata').doc['resourceMetadata']}
    assert 'Credential' not in names and 'Machine' in names


def test_cimi_can_be_switched_off(conf):
    conf.set_override('cimi_enabled', False, group='api')
    conf.set_override('enabled_apps', [], group='api')
    client = falcon.testing.TestClient(app_mod.create_app(conf))
    # /cimi is then just an unknown path of /api.
    assert client.simulate_get('/cimi/cloudEntryPoint').status_code == 404
