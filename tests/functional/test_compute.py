"""Realms, hardware profiles, images, instances and keys through every route, XML and JSON."""

import base64

from lxml import etree
import pytest

from tests.functional import checks

FORMATS = ['json', 'xml']


def xml(response):
    return etree.fromstring(response.content)


@pytest.mark.parametrize('fmt', FORMATS)
def test_realms(api, fmt):
    index = api.get('/api/realms', fmt=fmt)
    show = api.get('/api/realms/eu', fmt=fmt)
    if fmt == 'json':
        assert [r['id'] for r in index.json['realms']] == ['us', 'eu']
        assert show.json['realm']['name'] == 'Europe'
    else:
        assert [r.get('id') for r in xml(index)] == ['us', 'eu']
        assert xml(show).findtext('name') == 'Europe'
    checks.error(api.get('/api/realms/nowhere', fmt=fmt), 404, fmt)


@pytest.mark.parametrize('realm, status', [('500', 500), ('501', 501), ('502', 502),
                                           ('504', 504)])
@pytest.mark.parametrize('fmt', FORMATS)
def test_error_realms(api, realm, status, fmt):
    checks.error(api.get('/api/realms/' + realm, fmt=fmt), status, fmt)


@pytest.mark.parametrize('query, expected', [
    ('', ['m1-small', 'm1-large', 'm1-xlarge', 'opaque']),
    ('?architecture=x86_64', ['m1-large', 'm1-xlarge']),
    ('?id=m1-small', ['m1-small']),
    ('?id=unknown', []),
])
def test_hardware_profile_filters(api, query, expected):
    assert api.ids('hardware_profiles' + query, auth=False) == expected
    root = xml(api.get('/api/hardware_profiles' + query, fmt='xml', auth=False))
    assert [p.get('id') for p in root] == expected


@pytest.mark.parametrize('query, expected', [
    ('', ['img1', 'img2', 'img3']),
    ('?architecture=i386', ['img2', 'img3']),
    ('?owner_id=self', ['img3']),
    ('?owner_id=fedoraproject', ['img1', 'img2']),
    ('?id=img1', ['img1']),
])
def test_image_filters(api, query, expected):
    assert api.ids('images' + query) == expected


@pytest.mark.parametrize('fmt', FORMATS)
def test_image_create_and_destroy(api, fmt):
    created = api.post('/api/images', {'instance_id': 'inst1', 'name': 'myimg',
                                       'description': 'mine'}, fmt=fmt)
    assert created.status_code == 201
    assert created.headers['location'] == 'http://falconframework.org/api/images/myimg'
    if fmt == 'json':
        assert created.json['image']['description'] == 'mine'
    else:
        assert xml(created).findtext('owner_id') == 'mockuser'
    assert 'myimg' in api.ids('images')
    deleted = api.delete('/api/images/myimg', fmt=fmt)
    assert deleted.status_code == 204 and deleted.content == b''
    assert 'myimg' not in api.ids('images')


def test_image_from_the_instance_create_image_link(api):
    link = next(a for a in api.get('/api/instances/inst0').json['instance']['actions']
                if a['rel'] == 'create_image')
    path = link['href'].replace('http://falconframework.org', '')
    created = api.post(path, {'name': 'from-link'})
    assert created.status_code == 201
    assert api.get('/api/images/from-link').status_code == 200


def test_image_create_needs_instance(api):
    body = checks.json_error(api.post('/api/images', {'name': 'x'}), 400)
    assert body['message'] == "Required parameter 'instance_id' not found"


@pytest.mark.parametrize('query, expected', [
    ('', ['inst0', 'inst1', 'inst2', 'inst3']),
    ('?state=RUNNING&realm_id=eu', ['inst3']),
    ('?realm_id=us', ['inst0', 'inst1', 'inst2']),
    ('?state=stopped', []),
    ('?id=inst2', ['inst2']),
])
def test_instance_filters(api, query, expected):
    assert api.ids('instances' + query) == expected


@pytest.mark.parametrize('fmt', FORMATS)
def test_instance_lifecycle(api, fmt):
    created = api.post('/api/instances', {'image_id': 'img2', 'name': 'life'}, fmt=fmt)
    assert created.status_code == 201
    new_id = created.headers['location'].rsplit('/', 1)[1]
    for action, state in (('stop', 'STOPPED'), ('start', 'RUNNING'), ('reboot', 'RUNNING'),
                          ('stop', 'STOPPED')):
        response = api.post('/api/instances/%s/%s' % (new_id, action), fmt=fmt)
        assert response.status_code == 202
        if fmt == 'json':
            assert response.json['id'] == new_id and response.json['state'] == state
        else:
            assert xml(response).tag == 'instance'
            assert xml(response).findtext('state') == state
    deleted = api.delete('/api/instances/' + new_id, fmt=fmt)
    assert deleted.status_code == 204
    checks.error(api.get('/api/instances/' + new_id, fmt=fmt), 404, fmt)


def test_launch_with_every_feature(api):
    api.post('/api/firewalls', {'name': 'web', 'description': 'web'})
    api.post('/api/load_balancers', {
        'name': 'lb', 'realm_id': 'us', 'listener_protocol': 'HTTP',
        'listener_balancer_port': '80', 'listener_instance_port': '8080'})
    response = api.post('/api/instances', {
        'image_id': 'img1', 'hwp_id': 'm1-xlarge', 'hwp_memory': '16384',
        'hwp_storage': '2048', 'realm_id': 'eu', 'name': 'full', 'keyname': 'test-key',
        'user_data': base64.b64encode(b'#!/bin/sh\n').decode(), 'firewalls1': 'default',
        'firewalls2': 'web', 'load_balancer_id': 'lb', 'metrics': 'yes'})
    assert response.status_code == 201, response.text
    instance = response.json['instance']
    assert instance['hardware_profile']['properties'] == {'memory': '16384', 'storage': '2048'}
    assert [f['id'] for f in instance['firewalls']] == ['default', 'web']
    assert instance['authentication'] == {'keyname': 'test-key'}
    assert instance['realm']['id'] == 'eu'
    assert instance['id'] in [i['id'] for i in
                              api.get('/api/load_balancers/lb').json['load_balancer']['instances']]


def test_launch_several(api):
    response = api.post('/api/instances', {'image_id': 'img1', 'instance_count': '3'})
    assert response.status_code == 201
    assert 'location' not in response.headers
    assert len(response.json['instances']) == 3
    root = xml(api.post('/api/instances', {'image_id': 'img1', 'instance_count': '2'},
                        fmt='xml'))
    assert root.tag == 'instances' and len(root) == 2


def test_launch_with_parameters_in_the_query_string(api):
    # Heat's Deltacloud backend sends everything in the query string of a bodiless POST.
    response = api.request('POST', '/api/instances', params={
        'image_id': 'img1', 'hwp_id': 'm1-large', 'name': 'heat', 'keyname': 'test-key'})
    assert response.status_code == 201
    assert response.json['instance']['name'] == 'heat'


def test_launch_from_the_image_link(api):
    root = xml(api.get('/api/images/img3', fmt='xml'))
    link = root.find("actions/link[@rel='create_instance']").get('href')
    response = api.post(link.replace('http://falconframework.org', ''), {})
    assert response.status_code == 201
    assert response.json['instance']['image']['id'] == 'img3'


def test_stopped_instance_actions_and_links(api):
    actions = api.post('/api/instances/inst1/stop').json['actions']
    assert [(a['rel'], a['method']) for a in actions] == [
        ('start', 'post'), ('destroy', 'delete'), ('create_image', 'post')]
    assert actions[1]['href'] == 'http://falconframework.org/api/instances/inst1'


def test_instance_without_create_image(api):
    instance = api.get('/api/instances/inst3').json['instance']
    assert 'create_image' not in instance
    assert 'create_image' not in [a['rel'] for a in instance['actions']]


@pytest.mark.parametrize('fmt', FORMATS)
def test_state_machine_refusals_are_405(api, fmt):
    checks.error(api.delete('/api/instances/inst0', fmt=fmt), 405, fmt)
    checks.error(api.post('/api/instances/inst0/start', fmt=fmt), 405, fmt)
    assert 'inst0' in api.ids('instances')


@pytest.mark.parametrize('fmt', FORMATS)
def test_action_on_unknown_instance_is_403(api, fmt):
    checks.error(api.post('/api/instances/nope/stop', fmt=fmt), 403, fmt)
    checks.error(api.delete('/api/instances/nope', fmt=fmt), 404, fmt)


@pytest.mark.parametrize('fmt', FORMATS)
def test_keys(api, fmt):
    created = api.post('/api/keys', {'name': 'k1'}, fmt=fmt)
    assert created.status_code == 201
    assert created.headers['location'] == 'http://falconframework.org/api/keys/k1'
    if fmt == 'json':
        assert created.json['key']['pem_rsa_key'].startswith('-----BEGIN RSA PRIVATE KEY-----')
    else:
        assert xml(created).findtext('pem').strip().startswith('-----BEGIN')
    checks.error(api.post('/api/keys', {'name': 'k1'}, fmt=fmt), 403, fmt)
    shown = api.get('/api/keys/k1', fmt=fmt)
    assert shown.status_code == 200
    assert api.delete('/api/keys/k1', fmt=fmt).status_code == 204
    checks.error(api.get('/api/keys/k1', fmt=fmt), 404, fmt)


def test_import_key(api):
    public = 'ssh-rsa ' + base64.b64encode(b'key-blob').decode() + ' me@host'
    key = api.post('/api/keys', {'name': 'imported', 'public_key': public}).json['key']
    assert key['public_key'] == public
    assert key['pem_rsa_key'] is None and key['fingerprint']


def test_key_create_needs_a_name(api):
    body = checks.json_error(api.post('/api/keys', {}), 400, 'ValidationFailure')
    assert body['message'] == "Required parameter 'name' not found"
