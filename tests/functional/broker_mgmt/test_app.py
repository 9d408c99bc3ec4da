"""The app as mounted by the front end, and the conventions every route shares."""

import logging

import falcon.testing
import pytest

from broker_core import services
from broker_mgmt import app as mgmt_app
from iaas.api import app as iaas_app
from tests.functional.broker_mgmt.helpers import ADMIN_NAME, ADMIN_PASSWORD
from tests.functional.broker_mgmt.helpers import Api
from tests.functional.broker_mgmt.helpers import assert_refused
from tests.functional.broker_mgmt.helpers import MOCK_CREDENTIALS


@pytest.fixture
def mounted(conf, admin_user):
    """The whole front end: Deltacloud at /api, the management app at /broker."""
    conf.set_override('enabled_apps', ['broker'], group='api')
    client = falcon.testing.TestClient(iaas_app.create_app(conf))
    return Api(client, ADMIN_NAME, ADMIN_PASSWORD, prefix='/broker/v1')


def test_mounted_at_broker_with_urls_under_the_mount(mounted):
    created = mounted.post('/pools', {'name': 'gold'})
    assert created.status_code == 201, created.text
    location = created.headers['Location']
    assert location.endswith('/broker/v1/pools/' + created.json['id'])
    assert mounted.follow(location).json == created.json

    mounted.create('/pools', {'name': 'silver'})
    page = mounted.get('/pools', params={'limit': 1})
    assert '/broker/v1/pools?' in page.json['next']
    document = mounted.get('/openapi.json', headers={'Authorization': ''})
    assert document.status_code == 200
    assert document.json['servers'] == [{'url': '/broker/v1'}]
    assert mounted.client.simulate_get('/api').status_code == 200


def test_etag_and_if_match(api, admin_context, pool):
    path = '/pools/' + pool['id']
    etag = api.get(path).headers['ETag']

    assert_refused(api, admin_context, 'PATCH', path, 412, 'If-Match',
                   json={'description': 'x'}, headers={'If-Match': '"stale"'})
    assert_refused(api, admin_context, 'DELETE', path, 412, headers={'If-Match': '"stale"'})
    changed = api.patch(path, {'description': 'x'}, headers={'If-Match': etag})
    assert changed.status_code == 200, changed.text
    assert changed.headers['ETag'] not in (None, etag)
    assert changed.headers['ETag'] == api.get(path).headers['ETag']
    assert api.patch(path, {'enabled': False}, headers={'If-Match': etag}).status_code == 412
    assert api.delete(path, headers={'If-Match': '*'}).status_code == 204


@pytest.mark.parametrize('kwargs, status, field', [
    ({'body': '{"name": ', 'headers': {'Content-Type': 'application/json'}}, 400, 'JSON'),
    ({'body': '{"name": NaN}', 'headers': {'Content-Type': 'application/json'}}, 400, 'JSON'),
    ({'body': '', 'headers': {'Content-Type': 'application/json'}}, 400, 'body'),
    ({'json': ['gold']}, 400, 'body'),
    ({'json': {'name': 'gold'}, 'params': {'colour': 'red'}}, 400, 'colour'),
    ({'json': {'name': 'gold', 'description': 'a\x00b'}}, 400, 'body'),
    ({'json': {'name': 'gold'}, 'params': {'limit': '\x00'}}, 400, 'query'),
    ({'body': 'name=gold', 'headers': {'Content-Type': 'text/plain'}}, 415, None),
    ({'body': '{"name": "%s"}' % ('x' * 2048),
      'headers': {'Content-Type': 'application/json'}}, 413, None),
])
def test_malformed_requests_change_nothing(conf, api, admin_context, kwargs, status, field):
    conf.set_override('max_request_body_size', 1024, group='api')
    client = falcon.testing.TestClient(mgmt_app.create_app(conf))
    bare = Api(client, ADMIN_NAME, ADMIN_PASSWORD)

    response = assert_refused(bare, admin_context, 'POST', '/pools', status, **kwargs)

    assert response.json['title']
    if field:
        assert field in response.json['description']


def test_nul_in_a_path_or_query_is_400_not_a_lookup(api):
    """No id or stored text holds a NUL (PostgreSQL refuses one in a query)."""
    for path, params, field in (('/pools/gold%00', None, 'path'),
                                ('/events', {'type': 'pool.create\x00'}, 'query')):
        response = api.get(path, params=params)
        assert response.status_code == 400, response.text
        assert field in response.json['description']


def test_unknown_routes_and_methods(api):
    assert api.get('/nowhere').status_code == 404
    assert api.delete('/events').status_code == 405
    assert api.get('/accounts/x/credentials').status_code == 405


class BrokenCipher:
    """A credential cipher whose key store fails in a way nobody planned for."""

    def encrypt(self, credentials):
        raise RuntimeError('key store at /secret/path is on fire')


def test_unexpected_failures_are_500_without_internals(conf, admin_user, caplog):
    broker = services.Broker(conf, cipher=BrokenCipher())
    api = Api(falcon.testing.TestClient(mgmt_app.create_app(conf, broker=broker)),
              ADMIN_NAME, ADMIN_PASSWORD)
    provider = api.create('/providers', {'name': 'cloud-a', 'driver': 'mock'})

    with caplog.at_level(logging.ERROR, logger='broker_mgmt'):
        response = api.post('/accounts', {'provider_id': provider['id'], 'name': 'main',
                                          'credentials': MOCK_CREDENTIALS})

    assert response.status_code == 500
    assert 'secret' not in response.text and 'fire' not in response.text
    assert response.json['title'] == '500 Internal Server Error'
    assert 'on fire' in caplog.text
    assert 'mockpassword' not in caplog.text


def test_errors_are_json_whatever_is_accepted(api):
    response = api.get('/pools/nope', headers={'Accept': 'application/xml'})

    assert response.status_code == 404
    assert response.headers['Content-Type'].startswith('application/json')
    assert response.json['description'] == "pool 'nope' not found"
