"""Choosing the driver and provider: headers, matrix parameters, configuration defaults."""

import pytest

from tests.functional import checks


def test_provider_header_selects_an_independent_cloud(api):
    created = api.post('/api/instances', {'image_id': 'img1', 'name': 'only-p1'},
                       headers={'X-Deltacloud-Provider': 'p1'})
    assert created.status_code == 201
    new_id = created.json['instance']['id']
    assert created.headers['x-deltacloud-provider'] == 'p1'
    assert new_id in api.ids('instances', headers={'X-Deltacloud-Provider': 'p1'})
    assert new_id not in api.ids('instances', headers={'X-Deltacloud-Provider': 'p2'})
    assert new_id not in api.ids('instances')


def test_matrix_parameters_select_driver_and_provider(api):
    created = api.post('/api;driver=mock;provider=m1/keys', {'name': 'matrix-key'})
    assert created.status_code == 201
    assert created.headers['x-deltacloud-provider'] == 'm1'
    assert created.headers['location'] == 'http://falconframework.org/api/keys/matrix-key'
    assert 'matrix-key' in api.ids('keys', headers={'X-Deltacloud-Provider': 'm1'})
    assert 'matrix-key' not in api.ids('keys')
    listed = api.get('/api;provider=m1/keys/matrix-key')
    assert listed.status_code == 200


def test_matrix_parameter_wins_over_header(api):
    response = api.get('/api;provider=a/realms', headers={'X-Deltacloud-Provider': 'b'})
    assert response.headers['x-deltacloud-provider'] == 'a'


def test_entry_point_names_the_provider(api):
    body = api.get('/api;driver=mock;provider=test1').json['api']
    assert (body['driver'], body['provider']) == ('mock', 'test1')


def test_defaults_from_configuration(conf, api):
    conf.set_override('default_provider', 'configured', group='api')
    response = api.get('/api')
    assert response.json['api']['provider'] == 'configured'
    assert response.headers['x-deltacloud-provider'] == 'configured'
    conf.set_override('default_driver', 'ec2', group='api')
    assert api.get('/api').json['api']['driver'] == 'ec2'


# What the ec2 driver does not implement: its /api leaves these out and they answer 412.
EC2_LACKS = ('buckets', 'load_balancers', 'metrics', 'network_interfaces')


@pytest.mark.parametrize('select', [
    {'headers': {'X-Deltacloud-Driver': 'ec2'}}, {'path': '/api;driver=ec2'}])
def test_ec2_advertises_only_what_it_implements(api, select):
    path = select.get('path', '/api')
    response = api.get(path, headers=select.get('headers'))
    assert response.status_code == 200
    assert response.headers['x-deltacloud-driver'] == 'ec2'
    rels = [link['rel'] for link in response.json['api']['links']]
    assert {'realms', 'instances', 'images', 'keys', 'firewalls'} <= set(rels)
    assert not set(EC2_LACKS) & set(rels)


@pytest.mark.parametrize('method, path, expect', [
    ('GET', '/api/load_balancers', 'load_balancers'),
    ('GET', '/api/metrics/i-1', 'metrics'),
    ('POST', '/api/buckets?name=b', 'create_bucket'),
    ('POST', '/api/load_balancers/lb/register?instance_id=i', 'register_load_balancer'),
    ('DELETE', '/api/network_interfaces/n', 'destroy_network_interface'),
])
@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_ec2_operations_are_412_with_expect(api, method, path, expect, fmt):
    response = api.request(method, path, fmt=fmt, headers={'X-Deltacloud-Driver': 'ec2'})
    checks.error(response, 412, fmt)
    assert response.headers['expect'] == expect


@pytest.mark.parametrize('select', [
    {'X-Deltacloud-Driver': 'nosuch'}, {'X-Deltacloud-Driver': 'openstack'}])
@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_unknown_or_disabled_driver_is_404(api, select, fmt):
    response = api.get('/api/realms', headers=select, fmt=fmt)
    checks.error(response, 404, fmt)
    assert response.headers['x-deltacloud-driver'] == select['X-Deltacloud-Driver']


def test_disabled_driver_is_404(conf, api):
    conf.set_override('enabled_drivers', ['mock'], group='api')
    # The registry took the enabled list when the app was built; a new app sees the change.
    from iaas.api import app as app_mod
    import falcon.testing
    from tests.functional import conftest
    client = falcon.testing.TestClient(app_mod.create_app(conf))
    response = client.simulate_get('/api;driver=ec2/realms',
                                   headers=dict(conftest.AUTH, Accept='application/json'))
    checks.json_error(response, 404, 'ObjectNotFound')
    drivers = client.simulate_get('/api/drivers', headers={'Accept': 'application/json'})
    assert list(drivers.json) == ['mock']


@pytest.mark.parametrize('provider', ['../escape', 'a b', 'x' * 300, 'bad\x01'])
def test_bad_provider_names_are_400(api, provider):
    response = api.get('/api/realms', headers={'X-Deltacloud-Provider': provider})
    checks.json_error(response, 400, 'ValidationFailure')
    assert response.headers.get('x-deltacloud-provider') in (None, provider)


def test_bad_matrix_driver_name_is_400_and_not_echoed(api):
    response = api.get('/api;driver=a%0d%0aX-Evil:%201/realms')
    checks.json_error(response, 400)
    assert 'x-evil' not in response.headers
    assert response.headers['x-deltacloud-driver'] == 'mock'


def test_query_string_does_not_select_a_provider(api):
    response = api.get('/api/realms', params={'provider': 'elsewhere', 'driver': 'ec2'})
    assert response.status_code == 200
    assert response.headers['x-deltacloud-driver'] == 'mock'
    assert 'x-deltacloud-provider' not in response.headers
