"""Our XML against the element and attribute names Deltacloud 1.1.1 sent for the same objects."""

from lxml import etree
import pytest

from tests.functional import reference


def shape(element):
    """Tag, attribute names and the distinct shapes of the children, in order; no text."""
    children = []
    for child in element:
        child_shape = shape(child)
        if child_shape not in children:
            children.append(child_shape)
    return (element.tag, tuple(sorted(element.attrib)), tuple(children))


def parse(text):
    return etree.fromstring(text.encode() if isinstance(text, str) else text)


def recorded_root(method, path):
    return parse(reference.recorded(method, path).body)


def ours(api, path, method='GET', **kw):
    response = api.request(method, path, fmt='xml', **kw)
    assert response.headers['content-type'] == 'application/xml'
    return response, parse(response.content)


def by_id(root, object_id):
    return next(e for e in root if e.get('id') == object_id)


@pytest.mark.parametrize('path', [
    '/api/realms', '/api/realms/eu', '/api/images/img1', '/api/hardware_profiles',
    '/api/hardware_profiles/opaque', '/api/storage_snapshots', '/api/addresses',
    '/api/buckets', '/api/buckets/bucket1/blob1', '/api/instance_states',
])
def test_same_layout_as_deltacloud(api, path):
    response, root = ours(api, path)
    assert response.status_code == 200
    assert shape(root) == shape(recorded_root('GET', path))


@pytest.mark.parametrize('instance_id', ['inst0', 'inst1'])
def test_instance_layout(api, instance_id):
    _, root = ours(api, '/api/instances')
    theirs = by_id(recorded_root('GET', '/api/instances'), instance_id)
    assert shape(by_id(root, instance_id)) == shape(theirs)
    _, single = ours(api, '/api/instances/' + instance_id)
    assert shape(single) == shape(theirs)


def test_instance_profile_override_is_a_fixed_property(api):
    _, root = ours(api, '/api/instances/inst0')
    prop = root.find('hardware_profile/property')
    assert dict(prop.attrib) == {'kind': 'fixed', 'name': 'memory', 'unit': 'MB',
                                 'value': '12288'}


def test_stopped_instance_links_as_deltacloud(api):
    response, root = ours(api, '/api/instances/inst2/stop', method='POST')
    assert response.status_code == 202
    theirs = recorded_root('POST', '/api/instances/inst12/stop')
    assert shape(root) == shape(theirs)
    links = {link.get('rel'): link.attrib for link in root.find('actions')}
    assert links['destroy']['method'] == 'delete'
    assert links['destroy']['href'].endswith('/api/instances/inst2')
    assert links['start']['href'].endswith('/api/instances/inst2/start')


@pytest.mark.parametrize('volume_id', ['vol1', 'vol3'])
def test_storage_volume_layout(api, volume_id):
    _, root = ours(api, '/api/storage_volumes')
    theirs = recorded_root('GET', '/api/storage_volumes')
    assert shape(by_id(root, volume_id)) == shape(by_id(theirs, volume_id))


def test_key_layout(api):
    response, root = ours(api, '/api/keys')
    theirs = recorded_root('GET', '/api/keys')
    assert shape(by_id(root, 'test-key')) == shape(by_id(theirs, 'test-key'))
    assert '<![CDATA[-----BEGIN RSA PRIVATE KEY-----' in response.text


def test_created_key_layout(api):
    response, root = ours(api, '/api/keys?name=foo', method='POST')
    assert response.status_code == 201
    assert shape(root) == shape(recorded_root('POST', '/api/keys?name=foo'))


def test_created_snapshot_layout(api):
    response, root = ours(api, '/api/storage_snapshots?volume_id=vol1', method='POST')
    assert response.status_code == 201
    assert shape(root) == shape(recorded_root('POST', '/api/storage_snapshots?volume_id=vol1'))


def test_attached_volume_layout(api):
    path = '/api/storage_volumes/vol1/attach?instance_id=inst1&device=%2Fdev%2Fsdc'
    response, root = ours(api, path, method='POST')
    assert response.status_code == 202
    assert shape(root) == shape(recorded_root('POST', path))
    assert root.find('mount/device').get('name') == '/dev/sdc'


def test_launched_instance_layout(api):
    response, root = ours(api, '/api/instances?image_id=img1', method='POST')
    assert response.status_code == 201
    theirs = recorded_root('POST', '/api/instances?image_id=img1')
    # The mock records a launch time, which Deltacloud's template shows when there is one.
    root.remove(root.find('launch_time'))
    assert shape(root) == shape(theirs)


def test_error_layout(api):
    response, root = ours(api, '/api/realms/foo')
    assert response.status_code == 404
    assert shape(root) == shape(recorded_root('GET', '/api/realms/foo'))
    assert '<message><![CDATA[Not Found]]></message>' in response.text
    assert root.find('request/param').get('name') == 'id'
    assert root.findtext('request/param') == '"foo"'


def canonical(element):
    """Everything a client reads: tags, attribute values, text, children in order."""
    return (element.tag, dict(element.attrib), (element.text or '').strip(),
            [canonical(child) for child in element])


@pytest.mark.parametrize('title, path', [
    ('GET /hardware_profiles/m1-xlarge XML', '/api/hardware_profiles/m1-xlarge'),
    ('GET /drivers XML', '/api/drivers'),
])
def test_same_xml_as_deltacloud_113(api, title, path):
    _, root = ours(api, path, headers={'X-Deltacloud-Driver': 'mock'})
    theirs = parse(reference.rebase(reference.live(title).body, 'http://falconframework.org'))
    if path == '/api/drivers':
        # Deltacloud listed one driver with no providers; we list every enabled driver.
        root = by_id(root, 'mock')
        root.remove(root.find('provider'))
        theirs = by_id(theirs, 'mock')
    assert canonical(root) == canonical(theirs)


def test_same_values_as_deltacloud_111(api):
    _, root = ours(api, '/api/hardware_profiles')
    theirs = parse(reference.rebase(reference.recorded('GET', '/api/hardware_profiles').body,
                                    'http://falconframework.org'))
    assert canonical(root) == canonical(theirs)


def test_entry_point_layout(api):
    _, root = ours(api, '/api;driver=mock;provider=test1')
    theirs = parse(reference.live('GET /api;driver=mock;provider=test1 XML').body)
    assert (root.tag, dict(root.attrib)) == (theirs.tag, dict(theirs.attrib))
    our_links = {link.get('rel'): link for link in root}
    for link in theirs:
        mine = our_links[link.get('rel')]
        assert mine.get('href') == link.get('href').replace(
            reference.LIVE_BASE, 'http://falconframework.org')
        mine_features = [(f.get('name'), f.get('rel'), [p.get('name') for p in f])
                         for f in mine]
        for feature in link:
            assert (feature.get('name'), feature.get('rel'),
                    [p.get('name') for p in feature]) in mine_features
