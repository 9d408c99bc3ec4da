"""Format negotiation: ``?format=`` wins, then Accept; XML by default; 406 with an empty body."""

import hashlib

import pytest

from tests.functional import conftest


@pytest.mark.parametrize('accept, expected', [
    (None, 'application/xml'),
    ('*/*', 'application/xml'),
    ('application/xml', 'application/xml'),
    ('text/xml', 'application/xml'),
    ('application/json', 'application/json'),
    ('application/json;q=0.5, application/xml;q=0.9', 'application/xml'),
    ('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/xml'),
    ('application/*', 'application/xml'),
])
def test_accept(client, accept, expected):
    headers = dict(conftest.AUTH)
    if accept:
        headers['Accept'] = accept
    response = client.simulate_get('/api/realms', headers=headers)
    assert response.status_code == 200
    assert response.headers['content-type'] == expected


@pytest.mark.parametrize('fmt, accept, expected', [
    ('json', 'application/xml', 'application/json'),
    ('xml', 'application/json', 'application/xml'),
    ('JSON', None, 'application/json'),
])
def test_format_parameter_wins(client, fmt, accept, expected):
    headers = dict(conftest.AUTH)
    if accept:
        headers['Accept'] = accept
    response = client.simulate_get('/api/realms', params={'format': fmt}, headers=headers)
    assert response.headers['content-type'] == expected


def test_format_as_matrix_parameter(client):
    response = client.simulate_get('/api;format=json/realms', headers=conftest.AUTH)
    assert response.headers['content-type'] == 'application/json'


@pytest.mark.parametrize('accept, params', [
    ('image/gif', None), ('text/html', None), ('application/xml', {'format': 'html'}),
    ('application/json;q=0', None),
])
def test_not_acceptable(client, api, accept, params):
    before = api.ids('keys')
    response = client.simulate_post('/api/keys', params=dict(params or {}, name='k406'),
                                    headers=dict(conftest.AUTH, Accept=accept))
    assert response.status_code == 406
    assert response.content == b''
    assert response.headers['server'] == 'Apache-Deltacloud/1.1.3'
    assert api.ids('keys') == before


def test_blob_content_ignores_accept(client):
    response = client.simulate_get('/api/buckets/bucket1/blob1/content',
                                   headers=dict(conftest.AUTH, Accept='image/png'))
    assert response.status_code == 200
    assert response.content == b'content of blob 1'
    assert response.headers['content-type'] == 'text/plain'


def test_common_headers(api):
    response = api.get('/api/realms')
    assert response.headers['server'] == 'Apache-Deltacloud/1.1.3'
    assert response.headers['x-deltacloud-driver'] == 'mock'
    assert response.headers['etag'] == hashlib.md5(response.content).hexdigest()
    assert 'etag' not in api.post('/api/keys', {'name': 'k-etag'}).headers
    error = api.get('/api/realms/nope')
    assert error.headers['server'] == 'Apache-Deltacloud/1.1.3'
    assert 'etag' not in error.headers


def test_etag_changes_with_the_body(api):
    first = api.get('/api/keys').headers['etag']
    assert api.get('/api/keys').headers['etag'] == first
    api.post('/api/keys', {'name': 'k-new'})
    assert api.get('/api/keys').headers['etag'] != first


def test_format_in_a_form_body(client):
    response = client.simulate_post('/api/keys', body='name=kf&format=json', headers=dict(
        conftest.AUTH, Accept='application/xml',
        **{'Content-Type': 'application/x-www-form-urlencoded'}))
    assert response.status_code == 201
    assert response.headers['content-type'] == 'application/json'
    assert response.json['key']['id'] == 'kf'
