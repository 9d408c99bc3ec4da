"""The deltacloud driver against a real second server: its errors, and through our own front end."""

import base64
import uuid

import falcon.testing
import pytest

from iaas.api import app as app_mod
from iaas import collections
from iaas.drivers.deltacloud import driver as deltacloud_driver
from iaas import errors
from iaas import models
from tests.contract import fixtures as contract_fixtures
from tests.integration import remote_deltacloud

pytestmark = pytest.mark.integration


@pytest.fixture(scope='module')
def remote_api(tmp_path_factory):
    with remote_deltacloud.remote_api(tmp_path_factory.mktemp('remote')) as api_url:
        yield api_url


@pytest.fixture
def provider(remote_api):
    return remote_deltacloud.provider(remote_api)


@pytest.fixture
def drv(conf, provider):
    return deltacloud_driver.DeltacloudDriver(conf, provider)


@pytest.fixture
def ctx(provider):
    return remote_deltacloud.context(provider)


# -- remote errors as the same IaaS errors ---------------------------------------------------

def test_unknown_realm_is_404(drv, ctx):
    with pytest.raises(errors.NotFound):
        drv.get_realm(ctx, 'foo')


@pytest.mark.parametrize('realm_id,cls', [('500', errors.BackendError),
                                          ('502', errors.ProviderError),
                                          ('504', errors.ProviderTimeout)])
def test_the_mock_error_realms_keep_their_codes(drv, ctx, realm_id, cls):
    with pytest.raises(cls) as raised:
        drv.get_realm(ctx, realm_id)
    assert raised.value.code == int(realm_id)


def test_bad_credentials_are_401(drv, provider):
    for context in (remote_deltacloud.context(provider, password='wrong'),
                    models.RequestContext(provider=provider)):
        with pytest.raises(errors.AuthenticationFailure):
            drv.list_realms(context)
        with pytest.raises(errors.AuthenticationFailure):
            drv.authenticate(context)


def test_destroying_a_running_instance_is_405(drv, ctx):
    instance, = drv.create_instance(ctx, models.InstanceSpec(image_id='img1'))
    with pytest.raises(errors.MethodNotAllowed):
        drv.destroy_instance(ctx, instance.id)
    drv.stop_instance(ctx, instance.id)
    drv.destroy_instance(ctx, instance.id)


def test_duplicate_key_is_403_and_missing_parameter_400(drv, ctx):
    drv.create_key(ctx, 'twice')
    with pytest.raises(errors.Forbidden):
        drv.create_key(ctx, 'twice')
    with pytest.raises(errors.ValidationError):
        drv.create_storage_snapshot(ctx, '')


@pytest.fixture
def ec2_remote(conf, remote_api):
    """The remote's ec2 driver and the collections it leaves out of its /api.

    Only /api, instance states and refused calls reach it: nothing here talks to EC2.
    """
    provider = remote_deltacloud.provider(remote_api, driver='ec2', remote_provider='us-east-1')
    drv = deltacloud_driver.DeltacloudDriver(conf, provider)
    links = drv.capabilities.api().links
    missing = [c for c in collections.COLLECTIONS.values()
               if c.parent is None and c.name not in links]
    if not missing:
        pytest.skip("the remote's ec2 driver advertises every collection")
    return drv, remote_deltacloud.context(provider, user='AKID', password='secret'), missing


def test_collections_a_remote_leaves_out_answer_412(ec2_remote):
    drv, ctx, missing = ec2_remote
    advertised = drv.supported_operations(ctx)
    for collection in missing:
        with pytest.raises(errors.OperationNotSupported) as raised:
            drv.client.json(ctx, collection.name + '.index', 'GET', '/' + collection.name)
        assert raised.value.code == 412
        for op in collection.operations:
            name = collections.operation_name(collection.name, op)
            assert name not in advertised
            method = getattr(drv, collection.method_name(op))
            with pytest.raises(errors.OperationNotSupported) as raised:
                method(ctx, *contract_fixtures.placeholder_args(_Placeholders, method))
            assert raised.value.operation == name


class _Placeholders:
    """What placeholder_args needs of a contract fixture: a launch spec."""

    @staticmethod
    def spec():
        return models.InstanceSpec(image_id='contract-placeholder')


def test_capabilities_and_features_are_the_remotes(drv, ctx):
    features = drv.supported_features(ctx)
    assert 'realm_filter' in {f.name for f in features['instances']}
    assert drv.state_machine.actions('RUNNING') == ['reboot', 'stop']


# -- through our own front end ---------------------------------------------------------------

def basic(user='mockuser', password='mockpassword'):
    token = base64.b64encode(('%s:%s' % (user, password)).encode()).decode()
    return 'Basic ' + token


@pytest.fixture
def front(conf):
    conf.set_override('enabled_drivers', ['mock', 'deltacloud'], group='api')
    conf.set_override('enabled_apps', [], group='api')
    return falcon.testing.TestClient(app_mod.create_app(conf))


@pytest.fixture
def call(front, provider):
    def request(method, path, provider_string=provider, auth=None, fmt='json', **kwargs):
        headers = {'X-Deltacloud-Driver': 'deltacloud', 'X-Deltacloud-Provider': provider_string,
                   'Authorization': auth or basic(),
                   'Accept': 'application/json' if fmt == 'json' else 'application/xml'}
        headers.update(kwargs.pop('headers', {}))
        return front.simulate_request(method, path, headers=headers, **kwargs)
    return request


def test_entry_point_lists_the_remotes_collections(call, provider):
    body = call('GET', '/api').json['api']
    assert (body['driver'], body['provider']) == ('deltacloud', provider)
    rels = {link['rel'] for link in body['links']}
    assert {'instances', 'realms', 'buckets', 'firewalls', 'load_balancers'} <= rels
    instances, = [link for link in body['links'] if link['rel'] == 'instances']
    assert 'user_name' in {f[0]['name'] for f in instances['features']}


def test_hardware_profiles_keep_their_ranges(call):
    response = call('GET', '/api/hardware_profiles/m1-large', fmt='xml')
    assert response.status_code == 200
    assert "<range first='7680' last='15360'/>".replace("'", '"') in response.text


def test_instance_lifecycle_through_the_front_end(call):
    created = call('POST', '/api/instances', body='image_id=img1&name=front',
                   headers={'Content-Type': 'application/x-www-form-urlencoded'})
    assert created.status_code == 201, created.text
    instance = created.json['instance']
    assert created.headers['Location'].endswith('/api/instances/' + instance['id'])
    assert [a['rel'] for a in instance['actions']] == ['reboot', 'stop', 'create_image']
    assert call('DELETE', '/api/instances/' + instance['id']).status_code == 405
    stopped = call('POST', '/api/instances/%s/stop' % instance['id'])
    assert (stopped.status_code, stopped.json['state']) == (202, 'STOPPED')
    assert call('DELETE', '/api/instances/' + instance['id']).status_code == 204
    gone = call('GET', '/api/instances/' + instance['id'])
    assert (gone.status_code, gone.json['code']) == (404, 404)


def test_errors_through_the_front_end(call):
    assert call('GET', '/api/realms/foo').json == {
        'code': 404, 'message': 'Not Found', 'error': 'Deltacloud::Exceptions::ObjectNotFound'}
    refused = call('GET', '/api/realms', auth=basic(password='wrong'))
    assert refused.status_code == 401 and refused.headers['WWW-Authenticate']
    assert call('GET', '/api?force_auth=1', auth=basic(password='wrong')).status_code == 401
    assert call('GET', '/api?force_auth=1').status_code == 200
    assert call('GET', '/api/realms/504').status_code == 504
    assert call('GET', '/api/realms', provider_string='ftp://127.0.0.1/api').status_code == 400


def test_unsupported_collection_through_the_front_end(call, ec2_remote):
    drv, _, missing = ec2_remote
    path = '/api/' + missing[0].name
    unsupported = call('GET', path, provider_string=drv.provider)
    assert (unsupported.status_code, unsupported.headers['Expect']) == (412, missing[0].name)
    rels = {link['rel'] for link in call('GET', '/api', provider_string=drv.provider)
            .json['api']['links']}
    assert missing[0].name not in rels
    assert call('GET', '/api/realms', provider_string='ftp://127.0.0.1/api').status_code == 400


def test_unreachable_remote_through_the_front_end(call):
    provider = 'http://127.0.0.1:9/api;provider=nobody-%s' % uuid.uuid4().hex[:6]
    response = call('GET', '/api/realms', provider_string=provider)
    assert (response.status_code, response.json['code']) == (502, 502)


def test_blob_content_and_instance_states_through_the_front_end(call):
    content = call('GET', '/api/buckets/bucket1/blob1/content')
    assert (content.status_code, content.content) == (200, b'content of blob 1')
    states = call('GET', '/api/instance_states').json
    assert [s['name'] for s in states] == ['start', 'pending', 'running', 'stopped', 'finish']
