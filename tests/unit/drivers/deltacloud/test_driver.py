"""The deltacloud driver against canned answers: what it sends, what it learns from 412s."""

import json
from urllib import parse

import pytest

from iaas import errors
from iaas import models
from iaas.drivers.deltacloud import driver as deltacloud_driver
from iaas.drivers.deltacloud import network
from tests.functional import reference

CONTEXT = models.RequestContext(models.Credentials('mockuser', 'mockpassword'))
API = {'api': {'version': '1.1.3', 'driver': 'mock', 'links': [
    {'rel': rel, 'href': 'x', 'features': []}
    for rel in ('instances', 'keys', 'load_balancers', 'firewalls', 'hardware_profiles')]}}
INSTANCE = reference.live('GET /instances/inst1 JSON').json()


@pytest.fixture
def remote(canned):
    canned.route('', body=json.dumps(API).encode())
    canned.route('/instance_states', body=reference.live('GET /instance_states JSON').body
                 .encode())
    return canned


@pytest.fixture
def drv(conf, remote):
    return deltacloud_driver.DeltacloudDriver(conf, remote.api_url + ';driver=mock')


def sent_form(remote, path):
    for method, sent_path, headers, body in remote.requests:
        if sent_path == '/api' + path and method in ('POST', 'PUT'):
            return headers, dict(parse.parse_qsl(body.decode()))
    raise AssertionError('nothing sent to %s' % path)


def test_launch_form(drv, remote):
    remote.route('/instances', 201, json.dumps(INSTANCE).encode())
    spec = models.InstanceSpec(
        image_id='img1', hardware_profile_id='m1-large',
        hardware_profile_overrides={'memory': 12288.0, 'cpu': 2}, name='web',
        firewall_ids=['a', 'b'], instance_count=1, extra={'idempotency_key': 'k-1'})
    created, = drv.create_instance(CONTEXT, spec)
    assert created.id == 'inst1'
    headers, form = sent_form(remote, '/instances')
    assert form == {'image_id': 'img1', 'hwp_id': 'm1-large', 'hwp_memory': '12288',
                    'hwp_cpu': '2', 'name': 'web', 'firewalls1': 'a', 'firewalls2': 'b'}
    assert headers['Idempotency-Key'] == 'k-1'
    assert headers['X-Deltacloud-Driver'] == 'mock'


def test_several_instances(drv, remote):
    remote.route('/instances', 201, json.dumps({'instances': [INSTANCE['instance']] * 2})
                 .encode())
    created = drv.create_instance(CONTEXT, models.InstanceSpec(image_id='img1',
                                                               instance_count=2))
    assert len(created) == 2
    assert sent_form(remote, '/instances')[1]['instance_count'] == '2'


def test_a_412_is_remembered(drv, remote):
    remote.route('/keys', 412, b'The required capability is missing', content_type='text/html')
    assert 'keys.create' in drv.supported_operations(CONTEXT)
    with pytest.raises(errors.OperationNotSupported) as raised:
        drv.create_key(CONTEXT, 'k')
    assert raised.value.operation == 'keys.create'
    assert 'keys.create' not in drv.supported_operations(CONTEXT)
    before = len(remote.requests)
    with pytest.raises(errors.OperationNotSupported):
        drv.create_key(CONTEXT, 'k')
    assert len(remote.requests) == before, 'refused without asking the remote again'


def test_unadvertised_collections_refuse_without_a_request(drv, remote):
    drv.supported_operations(CONTEXT)  # /api and the states, fetched once and cached
    before = len(remote.requests)
    with pytest.raises(errors.OperationNotSupported) as raised:
        drv.list_buckets(CONTEXT)
    assert raised.value.operation == 'buckets.index'
    assert len(remote.requests) == before


def test_load_balancer_takes_one_listener(drv, remote):
    listener = models.Listener('HTTP', 80, 8080)
    with pytest.raises(errors.NotImplementedFeature):
        drv.create_load_balancer(CONTEXT, 'lb', 'us', [listener, listener])


def test_firewall_rule_form():
    form = network.rule_form('tcp', 22, 22, [
        {'type': 'address', 'address': '10.0.0.0/8'}, {'type': 'group', 'name': 'web',
                                                       'owner': 'alice'},
        {'type': 'address', 'address': '192.168.0.0/16'}])
    assert form == {'protocol': 'tcp', 'port_from': 22, 'port_to': 22,
                    'ip_address1': '10.0.0.0/8', 'ip_address2': '192.168.0.0/16',
                    'group1': 'web', 'group1owner': 'alice'}


def test_provider_string_errors_refuse_the_driver(conf):
    with pytest.raises(errors.ValidationError):
        deltacloud_driver.DeltacloudDriver(conf, None)
    conf.set_override('allowed_hosts', ['cloud.example'], group='deltacloud')
    with pytest.raises(errors.ValidationError):
        deltacloud_driver.DeltacloudDriver(conf, 'http://127.0.0.1:3001/api')


def test_default_url_is_the_listed_provider(conf):
    assert deltacloud_driver.DeltacloudDriver.providers(conf) == []
    conf.set_override('default_url', 'http://cloud.example:3001/api;driver=mock',
                      group='deltacloud')
    provider, = deltacloud_driver.DeltacloudDriver.providers(conf)
    assert provider.url == 'http://cloud.example:3001/api'
    assert deltacloud_driver.DeltacloudDriver(conf).endpoint.driver == 'mock'
