"""Failures of the driver or the server: Deltacloud's error format, logged, nothing leaked."""

import logging

import falcon.testing
from lxml import etree
import pytest

from iaas.api import app as app_mod
from iaas.drivers.mock import driver as mock_driver
from iaas import errors
from iaas import loader
from tests.functional import checks
from tests.functional import conftest


class BrokenDriver(mock_driver.MockDriver):
    """The mock with a bug: listing realms blows up with internals in the message."""

    def list_realms(self, context, **filters):
        raise RuntimeError('secret internals at /srv/db password=hunter2')

    def get_key(self, context, key_id):
        raise errors.ProviderError('The provider said ]]> no')


class BrokenRegistry(loader.DriverRegistry):
    def _load_class(self, name):
        return BrokenDriver if name == 'mock' else super()._load_class(name)


@pytest.fixture
def broken(conf):
    return falcon.testing.TestClient(app_mod.create_app(conf, BrokenRegistry(conf)))


@pytest.mark.parametrize('accept', ['application/json', 'application/xml'])
def test_unexpected_exception_is_a_clean_500(broken, caplog, accept):
    with caplog.at_level(logging.ERROR, logger='iaas.api.deltacloud.errors'):
        response = broken.simulate_get('/api/realms', headers=dict(conftest.AUTH,
                                                                   Accept=accept))
    fmt = 'json' if accept.endswith('json') else 'xml'
    checks.error(response, 500, fmt)
    assert 'secret' not in response.text and 'hunter2' not in response.text
    if fmt == 'json':
        assert response.json == {'code': 500, 'message': 'Internal Server Error',
                                 'error': 'Deltacloud::Exceptions::BackendError'}
    assert 'RuntimeError' in caplog.text and 'Traceback' in caplog.text


def test_provider_error_message_with_cdata_end_is_valid_xml(broken):
    response = broken.simulate_get('/api/keys/k', headers=dict(conftest.AUTH,
                                                               Accept='application/xml'))
    root = checks.xml_error(response, 502)
    assert root.findtext('message') == 'The provider said ]]> no'


def test_error_xml_names_backend_and_request(api):
    response = api.get('/api;provider=p9/realms/foo', fmt='xml', params={'x': 'y'})
    root = checks.xml_error(response, 404)
    assert root.get('url') == 'http://falconframework.org/api/realms/foo'
    assert dict(root.find('backend').attrib) == {'driver': 'mock', 'provider': 'p9'}
    assert '<message><![CDATA[Not Found]]></message>' in response.text
    assert '<backtrace><![CDATA[]]></backtrace>' in response.text
    params = {p.get('name'): p.text for p in root.find('request')}
    assert params == {'id': '"foo"', 'x': '"y"', 'provider': '"p9"'}


def test_error_json_is_exactly_three_keys(api):
    assert api.get('/api/realms/foo').json == {
        'code': 404, 'message': 'Not Found', 'error': 'Deltacloud::Exceptions::ObjectNotFound'}


def test_errors_carry_the_common_headers(api):
    response = api.get('/api/realms/foo', headers={'X-Deltacloud-Provider': 'p3'})
    assert response.headers['server'] == 'Apache-Deltacloud/1.1.3'
    assert response.headers['x-deltacloud-driver'] == 'mock'
    assert response.headers['x-deltacloud-provider'] == 'p3'


@pytest.mark.parametrize('method, path, status', [
    ('DELETE', '/api/buckets/bucket1', 409),
    ('DELETE', '/api/storage_volumes/vol3', 409),
    ('POST', '/api/keys?name=test-key', 403),
    ('GET', '/api/realms/502', 502),
])
def test_driver_errors_keep_their_status(api, method, path, status):
    response = api.request(method, path, fmt='xml')
    root = checks.xml_error(response, status)
    assert etree.tostring(root)
