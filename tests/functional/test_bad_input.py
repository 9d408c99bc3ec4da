"""Bad input answers 4xx in Deltacloud's format and changes nothing."""

import falcon.testing
from lxml import etree
import pytest

from iaas.api import app as app_mod
from tests.functional import checks
from tests.functional import conftest

EVERYTHING = ('instances', 'storage_volumes', 'keys', 'buckets', 'addresses', 'firewalls',
              'networks', 'subnets', 'network_interfaces', 'load_balancers', 'images',
              'storage_snapshots')


def snapshot(api, collections=EVERYTHING):
    """What the caller can list, to compare before and after a refused request."""
    return {c: api.get('/api/' + c).json for c in collections}


def touched(path):
    """The listings a request on ``path`` could change: its collection's and the instances'."""
    segments = path.split('?')[0].split('/')
    collection = segments[2] if len(segments) > 2 and segments[1] == 'api' else None
    return tuple({'instances', collection} & set(EVERYTHING))


@pytest.fixture
def unchanged(api):
    before = snapshot(api)
    yield
    assert snapshot(api) == before


@pytest.fixture
def unchanged_for(api):
    """``unchanged_for(path)`` snapshots what ``path`` could touch; checked at teardown."""
    taken = []

    def take(path):
        collections = touched(path)
        taken.append((collections, snapshot(api, collections)))

    yield take
    for collections, before in taken:
        assert snapshot(api, collections) == before


@pytest.mark.parametrize('path, params', [
    ('/api/instances', {'image_id': 'img1', 'hwp_id': 'm1-large', 'hwp_memory': 'abc'}),
    ('/api/instances', {'image_id': 'img1', 'hwp_id': 'm1-large', 'hwp_cpu': '-1'}),
    ('/api/instances', {'image_id': 'img1', 'hwp_id': 'm1-large', 'hwp_memory': '1e309'}),
    ('/api/instances', {'image_id': 'img1', 'hwp_id': 'm1-large', 'hwp_storage': 'nan'}),
    ('/api/instances', {'image_id': 'img1', 'hwp_id': 'm1-large', 'hwp_memory': '99999'}),
    ('/api/instances', {'image_id': 'img1', 'hwp_memory': '8192'}),
    ('/api/instances', {'image_id': 'img1', 'instance_count': 'x'}),
    ('/api/instances', {'image_id': 'img1', 'instance_count': '0'}),
    ('/api/instances', {'image_id': 'img1', 'instance_count': '100000'}),
    ('/api/instances', {'image_id': 'nope'}),
    ('/api/instances', {'image_id': 'img1', 'realm_id': 'mars'}),
    ('/api/instances', {'image_id': 'img1', 'keyname': 'nokey'}),
    ('/api/instances', {'image_id': 'img1', 'firewalls1': 'nowall'}),
    ('/api/instances', {'image_id': 'img1', 'user_data': '***not base64***'}),
    ('/api/instances', {'image_id': 'img1', 'name': 'web\x00'}),
    ('/api/keys', {'name': 'key\x00'}),
    ('/api/instances', {}),
    ('/api/storage_volumes', {'capacity': '-1'}),
    ('/api/storage_volumes', {'capacity': 'abc'}),
    ('/api/storage_volumes', {'capacity': '0'}),
    ('/api/storage_volumes', {'capacity': '1.5'}),
    ('/api/storage_volumes', {'realm_id': 'mars'}),
    ('/api/storage_snapshots', {'volume_id': 'novol'}),
    ('/api/keys', {'name': 'a/b'}),
    ('/api/buckets', {}),
    ('/api/buckets/bucket1', {'blob_id': 'x'}),
    ('/api/buckets/bucket1', {'blob_id': 'x', 'blob_data': 'y', 'meta_params': 'many'}),
    ('/api/networks', {'address_block': 'not-a-cidr'}),
    ('/api/subnets', {'network_id': 'net1'}),
    ('/api/subnets', {'network_id': 'net1', 'address_block': '10.0.0.0/24'}),
    ('/api/network_interfaces', {'instance': 'inst1'}),
    ('/api/storage_volumes/vol1/attach', {'instance_id': 'nope'}),
    ('/api/addresses/192.168.0.1/associate', {}),
    ('/api/load_balancers', {'name': 'lb'}),
])
@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_malformed_parameters_are_400(api, unchanged_for, path, params, fmt):
    unchanged_for(path)
    checks.error(api.post(path, params, fmt=fmt), 400, fmt)


@pytest.mark.parametrize('path', ['/api/instances/inst%00', '/api/instances?state=%00',
                                  '/api;provider=x%00/instances'])
@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_nul_in_a_path_or_parameter_is_400(api, path, fmt):
    """No id or stored text holds a NUL (PostgreSQL refuses one): refused, not looked up."""
    checks.error(api.get(path, fmt=fmt), 400, fmt)


def test_malformed_query_parameters_are_400_too(api, unchanged):
    checks.json_error(api.request('POST', '/api/instances?image_id=img1&instance_count=two'),
                      400, 'ValidationFailure')


@pytest.fixture
def small_client(conf):
    conf.set_override('max_request_body_size', 1024, group='api')
    return falcon.testing.TestClient(app_mod.create_app(conf))


@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_oversized_form_is_413(small_client, api, unchanged, fmt):
    accept = 'application/json' if fmt == 'json' else 'application/xml'
    body = 'image_id=img1&name=' + 'x' * 2000
    response = small_client.simulate_post('/api/instances', body=body, headers=dict(
        conftest.AUTH, Accept=accept, **{'Content-Type': 'application/x-www-form-urlencoded'}))
    checks.error(response, 413, fmt)


def test_oversized_blob_is_413(small_client, api, unchanged):
    response = small_client.simulate_put('/api/buckets/bucket1/big', body=b'x' * 1025,
                                         headers=conftest.JSON)
    checks.json_error(response, 413)
    assert api.get('/api/buckets/bucket1/big').status_code == 404


def test_oversized_chunked_blob_is_413(conf, api, unchanged):
    from tests.functional import test_storage
    conf.set_override('max_request_body_size', 1024, group='api')
    answer = test_storage.chunked_put(app_mod.create_app(conf), '/api/buckets/bucket1/big',
                                      b'x' * 4096)
    assert answer['status'] == 413
    assert b'ValidationFailure' in answer['body']


def test_oversized_body_on_any_route_is_413(small_client, unchanged):
    response = small_client.simulate_post('/api/realms', body=b'x' * 5000,
                                          headers=conftest.JSON)
    checks.json_error(response, 413)


@pytest.mark.parametrize('method, path, allow', [
    ('PUT', '/api/realms', 'GET'),
    ('POST', '/api/realms', 'GET'),
    ('DELETE', '/api/hardware_profiles/m1-small', 'GET'),
    ('PATCH', '/api/instances/inst1', 'DELETE'),
    ('GET', '/api/instances/inst1/stop', 'POST'),
    ('PUT', '/api/instances', 'POST'),
    ('DELETE', '/api/metrics/inst1', 'GET'),
    ('POST', '/api/drivers', 'GET'),
])
@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_wrong_method_is_405_with_allow(api, unchanged_for, method, path, allow, fmt):
    unchanged_for(path)
    response = api.request(method, path, fmt=fmt)
    body = checks.error(response, 405, fmt)
    assert allow in response.headers['allow']
    if fmt == 'json':
        assert body == {'code': 405, 'message': 'Method Not Allowed',
                        'error': 'Deltacloud::Exceptions::MethodNotAllowed'}


@pytest.mark.parametrize('method, path', [
    ('GET', '/api/nothing'), ('GET', '/nothing'), ('GET', '/'), ('GET', '/api/realms/us/x'),
    ('POST', '/api/instances/inst1/explode'), ('POST', '/api/instances/inst1/run'),
    ('GET', '/api/realms/'), ('DELETE', '/api/buckets/bucket1/blob1/content/x'),
])
@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_unknown_routes_are_404(api, unchanged_for, method, path, fmt):
    unchanged_for(path)
    checks.error(api.request(method, path, fmt=fmt), 404, fmt)


def test_malformed_bodies_are_400(client, api, unchanged):
    not_utf8 = client.simulate_post('/api/keys', body=b'name=\xff\xfe', headers=dict(
        conftest.JSON, **{'Content-Type': 'application/x-www-form-urlencoded'}))
    checks.json_error(not_utf8, 400)
    broken = client.simulate_post('/api/buckets/bucket1', body=b'--x\r\ngarbage', headers=dict(
        conftest.JSON, **{'Content-Type': 'multipart/form-data; boundary=x'}))
    assert broken.status_code == 400
    checks.json_error(broken, 400)
    no_boundary = client.simulate_post('/api/buckets/bucket1', body=b'data', headers=dict(
        conftest.JSON, **{'Content-Type': 'multipart/form-data'}))
    checks.json_error(no_boundary, 400)


def test_odd_characters_survive_in_both_formats(api):
    name = 'odd <&> "\' \u2603 \x01 ]]> name'
    created = api.post('/api/instances', {'image_id': 'img1', 'name': name})
    assert created.status_code == 201
    instance_id = created.json['instance']['id']
    assert api.get('/api/instances/' + instance_id).json['instance']['name'] == name
    root = etree.fromstring(api.get('/api/instances/' + instance_id, fmt='xml').content)
    assert root.findtext('name') == name.replace('\x01', '')


def test_error_echo_of_odd_parameters_is_valid_xml(api):
    response = api.request('POST', '/api/keys', params={'name': 'a/b', 'junk': ']]>\x02<x>'},
                           fmt='xml')
    root = checks.xml_error(response, 400)
    params = {p.get('name'): p.text for p in root.find('request')}
    assert params['junk'] == '"]]>\\u0002<x>"'
    assert params['name'] == '"a/b"'


def test_password_is_not_echoed(api):
    response = api.post('/api/instances', {'image_id': 'nope', 'password': 's3cret'},
                        fmt='xml')
    checks.xml_error(response, 400)
    assert 's3cret' not in response.text
