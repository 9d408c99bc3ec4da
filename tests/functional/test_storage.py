"""Volumes, snapshots, buckets and blobs through every route, XML and JSON."""

from lxml import etree
import pytest

from tests.functional import checks
from tests.functional import conftest

FORMATS = ['json', 'xml']


def xml(response):
    return etree.fromstring(response.content)


@pytest.mark.parametrize('fmt', FORMATS)
def test_volume_lifecycle(api, fmt):
    created = api.post('/api/storage_volumes', {'capacity': '10', 'name': 'v10',
                                                'realm_id': 'us'}, fmt=fmt)
    assert created.status_code == 201
    volume_id = created.headers['location'].rsplit('/', 1)[1]
    if fmt == 'json':
        assert created.json['storage_volume']['capacity'] == 10
    else:
        assert xml(created).find('capacity').get('unit') == 'GB'
    attached = api.post('/api/storage_volumes/%s/attach' % volume_id,
                        {'instance_id': 'inst1', 'device': '/dev/sdf'}, fmt=fmt)
    assert attached.status_code == 202
    if fmt == 'json':
        volume = attached.json['storage_volume']
        assert (volume['state'], volume['device'], volume['instance']['id']) == (
            'IN-USE', '/dev/sdf', 'inst1')
    else:
        assert xml(attached).find('mount/instance').get('id') == 'inst1'
    instance = api.get('/api/instances/inst1').json['instance']
    assert volume_id in [v['id'] for v in instance['storage_volumes']]
    detached = api.post('/api/storage_volumes/%s/detach' % volume_id, fmt=fmt)
    assert detached.status_code == 202
    assert api.delete('/api/storage_volumes/' + volume_id, fmt=fmt).status_code == 204
    checks.error(api.get('/api/storage_volumes/' + volume_id, fmt=fmt), 404, fmt)


def test_volume_attach_needs_an_instance(api):
    body = checks.json_error(api.post('/api/storage_volumes/vol1/attach', {}), 400)
    assert body['message'] == "Required parameter 'instance_id' not found"


def test_volume_attach_with_empty_device_picks_one(api):
    # The 1.1.1 client sent "device" with no value.
    response = api.request('POST', '/api/storage_volumes/vol2/attach?instance_id=inst1&device')
    assert response.status_code == 202
    assert response.json['storage_volume']['device'].startswith('/dev/sd')


def test_volume_from_snapshot(api):
    response = api.post('/api/storage_volumes?snapshot_id=snap1&name=foo123&capacity=10')
    assert response.status_code == 201
    assert response.json['storage_volume']['name'] == 'foo123'


@pytest.mark.parametrize('fmt', FORMATS)
def test_snapshots(api, fmt):
    created = api.post('/api/storage_snapshots', {'volume_id': 'vol2'}, fmt=fmt)
    assert created.status_code == 201
    snapshot_id = created.headers['location'].rsplit('/', 1)[1]
    assert snapshot_id in api.ids('storage_snapshots')
    shown = api.get('/api/storage_snapshots/' + snapshot_id, fmt=fmt)
    assert shown.status_code == 200
    assert api.delete('/api/storage_snapshots/' + snapshot_id, fmt=fmt).status_code == 204
    assert snapshot_id not in api.ids('storage_snapshots')


def test_snapshot_needs_a_volume(api):
    body = checks.json_error(api.post('/api/storage_snapshots', {}), 400)
    assert body['message'] == "Required parameter 'volume_id' not found"


@pytest.mark.parametrize('fmt', FORMATS)
def test_bucket_lifecycle(api, fmt):
    created = api.post('/api/buckets', {'name': 'b3', 'location': 'eu'}, fmt=fmt)
    assert created.status_code == 201
    assert created.headers['location'] == 'http://falconframework.org/api/buckets/b3'
    blob = api.post('/api/buckets/b3', {'blob_id': 'x1', 'blob_data': 'hello',
                                        'meta_params': '1', 'meta_name1': 'Author',
                                        'meta_value1': 'me'}, fmt=fmt)
    assert blob.status_code == 201
    assert blob.headers['location'] == 'http://falconframework.org/api/buckets/b3/x1'
    shown = api.get('/api/buckets/b3', fmt=fmt)
    if fmt == 'json':
        assert [b['id'] for b in shown.json['bucket']['blob_list']] == ['x1']
    else:
        assert [b.get('id') for b in xml(shown).findall('blob')] == ['x1']
    checks.error(api.delete('/api/buckets/b3', fmt=fmt), 409, fmt)
    assert api.delete('/api/buckets/b3/x1', fmt=fmt).status_code == 204
    assert api.delete('/api/buckets/b3', fmt=fmt).status_code == 204
    assert 'b3' not in api.ids('buckets')


def test_blob_create_in_the_query_string(api):
    path = ('/api/buckets/bucket1?meta_name1=key&meta_value1=value&meta_params=1'
            '&blob_id=fooblob123&blob_data=content')
    response = api.request('POST', path)
    assert response.status_code == 201
    assert response.json['blob']['user_metadata'] == {'key': 'value'}
    assert response.json['blob']['content'] == 'content'


def test_blob_multipart_upload(client, api):
    data = b'\x89PNG\r\n\x1a\nbinary'
    body, content_type = _multipart({'blob_id': 'pic'}, ('blob_data', 'pic.png', 'image/png',
                                                         data))
    response = client.simulate_post('/api/buckets/bucket1', body=body, headers=dict(
        conftest.JSON, **{'Content-Type': content_type}))
    assert response.status_code == 201, response.text
    assert response.json['blob']['content_type'] == 'image/png'
    assert 'content' not in response.json['blob']
    content = client.simulate_get('/api/buckets/bucket1/pic/content', headers=conftest.AUTH)
    assert content.content == data
    assert content.headers['content-type'] == 'image/png'


def _multipart(fields, upload):
    boundary = 'testboundary1234'
    parts = []
    for name, value in fields.items():
        parts.append(b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                     % (boundary.encode(), name.encode(), value.encode()))
    name, filename, content_type, data = upload
    header = ('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
              'Content-Type: %s\r\n\r\n' % (boundary, name, filename, content_type))
    parts.append(header.encode() + data + b'\r\n')
    parts.append(b'--%s--\r\n' % boundary.encode())
    return b''.join(parts), 'multipart/form-data; boundary=' + boundary


@pytest.mark.parametrize('fmt', FORMATS)
def test_blob_put_head_update_and_content(client, api, fmt):
    accept = 'application/json' if fmt == 'json' else 'application/xml'
    put = client.simulate_put('/api/buckets/bucket2/blobx', body=b'hello blob', headers=dict(
        conftest.AUTH, Accept=accept, **{'Content-Type': 'text/plain',
                                         'X-Deltacloud-Blobmeta-Author': 'me'}))
    assert put.status_code == 200, put.text
    if fmt == 'json':
        blob = put.json['blob']
        assert (blob['content'], blob['content_length'], blob['user_metadata']) == (
            'hello blob', 10, {'author': 'me'})
    else:
        root = xml(put)
        assert root.find("user_metadata/entry[@key='author']").text == 'me'
        assert root.find('content').get('href').endswith('/api/buckets/bucket2/blobx/content')
    head = client.simulate_head('/api/buckets/bucket2/blobx', headers=dict(
        conftest.AUTH, Accept=accept))
    assert head.status_code == 204
    assert head.headers['x-deltacloud-blobmeta-author'] == 'me'
    update = client.simulate_post('/api/buckets/bucket2/blobx', headers=dict(
        conftest.AUTH, Accept=accept, **{'X-Deltacloud-Blobmeta-Version': '2'}))
    assert update.status_code == 204
    assert update.headers['x-deltacloud-blobmeta-version'] == '2'
    shown = api.get('/api/buckets/bucket2/blobx').json['blob']
    assert shown['user_metadata'] == {'version': '2'}
    content = client.simulate_get('/api/buckets/bucket2/blobx/content', headers=conftest.AUTH)
    assert (content.content, content.headers['content-type']) == (b'hello blob', 'text/plain')


def test_blob_put_with_a_form_content_type_stores_the_body(client, api):
    # curl -X PUT -d sends application/x-www-form-urlencoded; the body is still the content.
    response = client.simulate_put('/api/buckets/bucket1/raw', body=b'a=b&c=d', headers=dict(
        conftest.JSON, **{'Content-Type': 'application/x-www-form-urlencoded'}))
    assert response.status_code == 200
    assert api.request('GET', '/api/buckets/bucket1/raw/content', fmt=None).content == b'a=b&c=d'


def test_blob_metadata_update_needs_headers(api):
    checks.json_error(api.post('/api/buckets/bucket1/blob1'), 400)
    assert api.get('/api/buckets/bucket1/blob1').json['blob']['user_metadata'] == {
        'SOMENEWKEY': 'NEWVALUE'}


@pytest.mark.parametrize('path', ['/api/buckets/nosuch', '/api/buckets/bucket1/nosuch',
                                  '/api/buckets/bucket1/nosuch/content',
                                  '/api/buckets/nosuch/blob1'])
@pytest.mark.parametrize('fmt', FORMATS)
def test_unknown_buckets_and_blobs(api, path, fmt):
    checks.error(api.get(path, fmt=fmt), 404, fmt)


def test_head_of_unknown_blob(api):
    response = api.request('HEAD', '/api/buckets/bucket1/nosuch')
    assert response.status_code == 404


def chunked_put(app, path, data):
    """A PUT without Content-Length, as a chunked upload reaches the app from gunicorn."""
    import io
    import falcon.testing
    env = falcon.testing.create_environ(method='PUT', path=path, headers=dict(
        conftest.JSON, **{'Transfer-Encoding': 'chunked', 'Content-Type': 'text/plain'}))
    env.pop('CONTENT_LENGTH', None)
    env['wsgi.input'] = io.BytesIO(data)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=int(status.split()[0]), headers=dict(headers))

    answer['body'] = b''.join(app(env, start_response))
    return answer


def test_chunked_blob_upload(app, api):
    answer = chunked_put(app, '/api/buckets/bucket1/chunky', b'chunked body')
    assert answer['status'] == 200
    content = api.request('GET', '/api/buckets/bucket1/chunky/content', fmt=None)
    assert content.content == b'chunked body'


def test_volume_beside_an_instance_is_refused_by_a_driver_without_the_feature(api):
    before = api.get('/api/storage_volumes', fmt='json').json['storage_volumes']
    refused = api.post('/api/storage_volumes', {'capacity': '1', 'instance_id': 'inst1'},
                       fmt='json')
    assert refused.status_code == 400
    assert "'instance_id' is not supported" in refused.text
    assert api.get('/api/storage_volumes', fmt='json').json['storage_volumes'] == before
