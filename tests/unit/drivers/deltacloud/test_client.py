"""The deltacloud client: remote errors mapped to the same codes, credentials and connections."""

import base64
import json
import logging
import socket

import pytest

from iaas import errors
from iaas import models
from iaas.drivers.deltacloud import client as client_mod
from iaas.drivers.deltacloud import endpoint as endpoint_mod

CONTEXT = models.RequestContext(models.Credentials('mockuser', 's3cret-pass'))


def error_body(code, message, cls):
    return json.dumps({'code': code, 'message': message, 'error': cls}).encode()


@pytest.fixture
def make_client(conf):
    def make(api_url, **options):
        for name, value in options.items():
            conf.set_override(name, value, group='deltacloud')
        return client_mod.RemoteClient(conf.deltacloud, endpoint_mod.parse_provider(api_url))
    return make


@pytest.mark.parametrize('status,cls', [
    (400, errors.ValidationError), (401, errors.AuthenticationFailure),
    (403, errors.Forbidden), (404, errors.NotFound), (405, errors.MethodNotAllowed),
    (409, errors.Conflict), (500, errors.BackendError), (501, errors.NotImplementedFeature),
    (502, errors.ProviderError), (503, errors.ServiceUnavailable),
    (504, errors.ProviderTimeout),
])
def test_json_error_bodies_keep_code_and_message(canned, make_client, status, cls):
    canned.route('/realms/x', status, error_body(status, 'remote says %d' % status,
                                                 cls.deltacloud_class))
    with pytest.raises(cls) as raised:
        make_client(canned.api_url).json(CONTEXT, 'realms.show', 'GET', '/realms/x')
    assert type(raised.value) is cls
    assert raised.value.code == status
    assert raised.value.message == 'remote says %d' % status


def test_412_is_operation_not_supported_naming_our_operation(canned, make_client):
    # Deltacloud answers 412 with a plain-text body and an Expect header.
    canned.route('/firewalls', 412, b'The required capability to execute this operation is '
                 b'missing', headers={'Expect': 'firewalls'}, content_type='text/html')
    with pytest.raises(errors.OperationNotSupported) as raised:
        make_client(canned.api_url).json(CONTEXT, 'firewalls.index', 'GET', '/firewalls')
    assert raised.value.operation == 'firewalls.index'
    assert raised.value.code == 412


@pytest.mark.parametrize('status,body,content_type', [
    (411, b'<HTML>Length Required</HTML>', 'text/html'),
    (302, b'', 'text/html'),
    (406, b'', None),
    (418, b'{"not": "an error body"}', 'application/json'),
])
def test_other_answers_are_provider_errors(canned, make_client, status, body, content_type):
    canned.route('/realms', status, body, content_type=content_type,
                 headers={'Location': 'http://elsewhere.example/'} if status == 302 else None)
    with pytest.raises(errors.ProviderError) as raised:
        make_client(canned.api_url).json(CONTEXT, 'realms.index', 'GET', '/realms')
    assert raised.value.code == 502
    assert len(canned.requests) == 1, 'a redirect is not followed'


def test_non_json_success_is_a_provider_error(canned, make_client):
    canned.route('/realms', 200, b'<realms/>', content_type='application/xml')
    with pytest.raises(errors.ProviderError):
        make_client(canned.api_url).json(CONTEXT, 'realms.index', 'GET', '/realms')


def test_unreachable_remote_is_502(make_client):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    client = make_client('http://127.0.0.1:%d/api' % port)
    with pytest.raises(errors.ProviderError) as raised:
        client.json(CONTEXT, 'realms.index', 'GET', '/realms')
    assert raised.value.code == 502
    assert '127.0.0.1:%d' % port in raised.value.message


def test_slow_remote_is_504(canned, make_client):
    canned.route('/realms', 200, b'{"realms": []}', delay=1.0)
    client = make_client(canned.api_url, read_timeout=0.2)
    with pytest.raises(errors.ProviderTimeout) as raised:
        client.json(CONTEXT, 'realms.index', 'GET', '/realms')
    assert raised.value.code == 504


def test_credentials_pass_through_as_basic_and_never_reach_the_log(canned, make_client,
                                                                   caplog):
    canned.route('/realms', 200, b'{"realms": []}')
    canned.route('/realms/gone', 404, error_body(404, 'Not Found', 'x'))
    client = make_client(canned.api_url + ';driver=mock;provider=east')
    with caplog.at_level(logging.DEBUG):
        assert client.json(CONTEXT, 'realms.index', 'GET', '/realms') == {'realms': []}
        with pytest.raises(errors.NotFound):
            client.json(CONTEXT, 'realms.show', 'GET', '/realms/gone')
        client.json(None, 'realms.index', 'GET', '/realms')
    method, path, headers, _ = canned.requests[0]
    token = base64.b64encode(b'mockuser:s3cret-pass').decode()
    assert headers['Authorization'] == 'Basic ' + token
    assert headers['Accept'] == 'application/json'
    assert (headers['X-Deltacloud-Driver'], headers['X-Deltacloud-Provider']) == ('mock', 'east')
    assert 'Authorization' not in canned.requests[2][2]
    logged = caplog.text + repr([r.args for r in caplog.records])
    assert 's3cret-pass' not in logged and token not in logged


def test_connection_pool_and_timeouts_come_from_the_options(canned, make_client):
    client = make_client(canned.api_url, pool_maxsize=7, connect_timeout=1.5,
                         read_timeout=9.0)
    adapter = client.session.get_adapter(canned.api_url)
    assert adapter._pool_maxsize == 7
    assert client.timeout == (1.5, 9.0)
    assert client.session.trust_env is False


def test_connections_are_reused(canned, make_client):
    canned.route('/realms', 200, b'{"realms": []}')
    client = make_client(canned.api_url)
    for _ in range(3):
        client.json(CONTEXT, 'realms.index', 'GET', '/realms')
    assert len(canned.requests) == 3
    assert len(canned.client_ports) == 1, 'three calls, one kept-alive connection'


def test_cookies_of_one_caller_never_reach_another(canned, make_client):
    canned.route('/realms', 200, b'{"realms": []}', headers={'Set-Cookie': 'session=alice'})
    client = make_client(canned.api_url)
    client.json(CONTEXT, 'realms.index', 'GET', '/realms')
    client.json(None, 'realms.index', 'GET', '/realms')
    assert 'Cookie' not in canned.requests[1][2]
