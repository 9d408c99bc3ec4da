"""Our JSON against Deltacloud 1.1.3's own answers for the same requests on the same data."""

import pytest

from tests.functional import checks
from tests.functional import conftest
from tests.functional import reference

BASE = 'http://falconframework.org'


def expected(title):
    return reference.rebase(reference.live(title).json(), BASE)


def without_run_links(instance):
    # We advertise no 'run' action: the driver contract has no way to run a command.
    instance = dict(instance)
    instance['actions'] = [a for a in instance['actions'] if a['rel'] != 'run']
    return instance


@pytest.mark.parametrize('title, path', [
    ('GET /realms JSON', '/api/realms'),
    ('GET /realms/us JSON', '/api/realms/us'),
    ('GET /hardware_profiles JSON', '/api/hardware_profiles'),
    ('GET /hardware_profiles/m1-large JSON', '/api/hardware_profiles/m1-large'),
    ('GET /hardware_profiles?architecture=i386 JSON', '/api/hardware_profiles?architecture=i386'),
    ('GET /images JSON', '/api/images'),
    ('GET /images/img1 JSON', '/api/images/img1'),
    ('GET /images?architecture=i386 JSON', '/api/images?architecture=i386'),
    ('GET /images?owner_id=self JSON', '/api/images?owner_id=self'),
    ('GET /keys JSON', '/api/keys'),
    ('GET /keys/test-key JSON', '/api/keys/test-key'),
    ('GET /storage_volumes JSON', '/api/storage_volumes'),
    ('GET /storage_volumes/vol3 JSON', '/api/storage_volumes/vol3'),
    ('GET /storage_snapshots JSON', '/api/storage_snapshots'),
    ('GET /storage_snapshots/snap1 JSON', '/api/storage_snapshots/snap1'),
    ('GET /addresses JSON', '/api/addresses'),
    ('GET /addresses/192.168.0.1 JSON', '/api/addresses/192.168.0.1'),
    ('GET /buckets JSON', '/api/buckets'),
    ('GET /buckets/bucket1 JSON', '/api/buckets/bucket1'),
    ('GET /buckets/bucket1/blob1 JSON', '/api/buckets/bucket1/blob1'),
    ('GET /networks JSON', '/api/networks'),
    ('GET /networks/net1 JSON', '/api/networks/net1'),
    ('GET /subnets JSON', '/api/subnets'),
    ('GET /subnets/subnet1 JSON', '/api/subnets/subnet1'),
    ('GET /network_interfaces JSON', '/api/network_interfaces'),
    ('GET /network_interfaces/nic1 JSON', '/api/network_interfaces/nic1'),
    ('GET /metrics JSON', '/api/metrics'),
    ('GET /instance_states JSON', '/api/instance_states'),
    ('GET /drivers/mock JSON', '/api/drivers/mock'),
])
def test_same_json_as_deltacloud(api, title, path):
    response = api.get(path)
    assert response.status_code == reference.live(title).status
    assert response.headers['content-type'] == 'application/json'
    assert response.json == expected(title)


def test_instances_as_deltacloud_lists_them(api):
    ours = api.get('/api/instances').json['instances']
    theirs = expected('GET /instances JSON')['instances']
    assert ours == [without_run_links(i) for i in theirs]


def test_instance_as_deltacloud_shows_it(api):
    ours = api.get('/api/instances/inst1').json
    theirs = expected('GET /instances/inst1 JSON')
    assert ours == {'instance': without_run_links(theirs['instance'])}


def test_drivers_include_deltacloud_mock(api):
    assert api.get('/api/drivers').json['mock'] == expected('GET /drivers JSON')['mock']


def test_entry_point_has_every_link_and_feature_of_deltacloud(api):
    """Deltacloud's mock had no firewalls or load balancers and fewer features; ours adds them."""
    ours = api.get('/api', headers={'X-Deltacloud-Provider': 'p2'}).json['api']
    theirs = expected('GET /api X-Deltacloud-Provider: p2 JSON')['api']
    assert {k: v for k, v in ours.items() if k != 'links'} == {
        k: v for k, v in theirs.items() if k != 'links'}
    our_links = {link['rel']: link for link in ours['links']}
    for link in theirs['links']:
        mine = our_links[link['rel']]
        assert mine['href'] == link['href']
        for feature in link['features']:
            assert feature in mine['features']
    assert [link['rel'] for link in ours['links']] == sorted(our_links)


def test_launch_as_deltacloud_answers_it(api):
    title = ('POST /instances image_id=img1 hwp_id=m1-large hwp_memory=12288 hwp_cpu=2 '
             'name=t2 keyname=test-key realm_id=eu JSON')
    response = api.post('/api/instances', {
        'image_id': 'img1', 'hwp_id': 'm1-large', 'hwp_memory': '12288', 'hwp_cpu': '2',
        'name': 't2', 'keyname': 'test-key', 'realm_id': 'eu'})
    recorded = reference.live(title)
    assert response.status_code == recorded.status == 201
    theirs = without_run_links(expected(title)['instance'])
    ours = response.json['instance']
    # The id is the first free instN: inst5 on the reference server, inst4 on fresh data.
    ours_id = ours['id']
    assert response.headers['location'] == BASE + '/api/instances/' + ours_id
    assert reference.rebase(ours, BASE) == _renamed(theirs, theirs['id'], ours_id)


def _renamed(value, old, new):
    if isinstance(value, str):
        return value.replace('/%s' % old, '/%s' % new).replace(
            '.%s.' % old, '.%s.' % new).replace('=%s' % old, '=%s' % new).replace(
            old, new) if old in value else value
    if isinstance(value, list):
        return [_renamed(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, old, new) for k, v in value.items()}
    return value


def test_stop_answers_the_bare_instance(api):
    theirs = expected('POST /instances/inst2/stop')
    response = api.post('/api/instances/inst2/stop')
    assert response.status_code == reference.live('POST /instances/inst2/stop').status == 202
    assert response.json == without_run_links(theirs)


@pytest.mark.parametrize('title, method, path, headers', [
    ('GET /realms noauth JSON', 'GET', '/api/realms', {'Authorization': ''}),
    ('GET /realms bad creds JSON', 'GET', '/api/realms', conftest.basic('mockuser', 'nope')),
    ('GET /realms/foo JSON 404', 'GET', '/api/realms/foo', {}),
    ('DELETE running instance inst0 JSON (405)', 'DELETE', '/api/instances/inst0', {}),
    ('GET /instances/inst2 after delete JSON', 'GET', '/api/instances/nosuch', {}),
    ('POST /instances/nope/stop JSON (403)', 'POST', '/api/instances/nope/stop', {}),
    ('POST /keys name=k1 again', 'POST', '/api/keys?name=test-key', {}),
    ('GET /realms/500 JSON', 'GET', '/api/realms/500', {}),
])
def test_same_error_bodies(api, title, method, path, headers):
    response = api.request(method, path, headers=headers)
    assert response.status_code == reference.live(title).status
    assert response.json == reference.live(title).json()


def test_missing_parameter_is_a_400_validation_failure(api):
    # Deltacloud 1.1.3 answered this 400 in text/html; we keep its JSON error format.
    assert reference.live('POST /instances (no params) JSON').status == 400
    body = checks.json_error(api.post('/api/instances'), 400, 'ValidationFailure')
    assert body['message'] == "Required parameter 'image_id' not found"


def test_unknown_profile_is_a_400_like_deltacloud(api):
    theirs = reference.live('POST /instances hwp_id=bogus JSON').json()
    response = api.post('/api/instances', {'image_id': 'img1', 'hwp_id': 'bogus'})
    body = checks.json_error(response, 400, 'ValidationFailure')
    assert (body['code'], body['error']) == (theirs['code'], theirs['error'])
    assert 'bogus' in body['message']


def test_unsupported_collection_is_a_412_with_expect(api):
    theirs = reference.live('GET /firewalls (unsupported by mock) JSON')
    response = api.get('/api/load_balancers', headers={'X-Deltacloud-Driver': 'ec2'})
    assert response.status_code == theirs.status == 412
    assert response.headers['expect'] == 'load_balancers'
    assert theirs.headers['expect'] == 'firewalls'


def test_common_headers_as_deltacloud(api):
    theirs = reference.live('GET /realms JSON').headers
    response = api.get('/api/realms')
    for name in ('content-type', 'server', 'x-deltacloud-driver'):
        assert response.headers[name] == theirs[name]
    assert 'x-deltacloud-provider' not in response.headers
    with_provider = api.get('/api', headers={'X-Deltacloud-Provider': 'p2'})
    assert with_provider.headers['x-deltacloud-provider'] == reference.live(
        'GET /api X-Deltacloud-Provider: p2 JSON').headers['x-deltacloud-provider']
