"""HTTP Basic auth: what needs credentials, and the 401 answers."""

import pytest

from tests.functional import checks
from tests.functional import conftest

PROTECTED = ['/api/realms', '/api/realms/us', '/api/images', '/api/instances',
             '/api/instances/inst1', '/api/keys', '/api/storage_volumes',
             '/api/storage_snapshots', '/api/addresses', '/api/buckets',
             '/api/buckets/bucket1/blob1', '/api/buckets/bucket1/blob1/content',
             '/api/networks', '/api/subnets', '/api/network_interfaces', '/api/firewalls',
             '/api/load_balancers', '/api/metrics', '/api/metrics/inst1']
OPEN = ['/api', '/api/drivers', '/api/drivers/mock', '/api/instance_states',
        '/api/hardware_profiles', '/api/hardware_profiles/m1-small']
BAD_HEADERS = [
    {},
    conftest.basic('mockuser', 'wrong'),
    conftest.basic('someone', 'mockpassword'),
    {'Authorization': 'Basic !!notbase64!!'},
    {'Authorization': 'Bearer abc'},
    {'Authorization': 'Basic ' + 'bm9jb2xvbg=='},  # "nocolon"
]


@pytest.mark.parametrize('path', PROTECTED)
@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_protected_without_credentials(api, path, fmt):
    response = api.get(path, auth=False, fmt=fmt)
    checks.error(response, 401, fmt)
    assert response.headers['www-authenticate'] == 'Basic realm="deltacloud"'


@pytest.mark.parametrize('headers', BAD_HEADERS)
def test_wrong_credentials(api, headers):
    response = api.get('/api/instances', auth=False, headers=headers)
    body = checks.json_error(response, 401, 'AuthenticationFailure')
    assert body['message'] == 'Unauthorized'
    assert response.headers['www-authenticate'].startswith('Basic realm=')


@pytest.mark.parametrize('path', OPEN)
def test_open_without_credentials(api, path):
    assert api.get(path, auth=False).status_code == 200


def test_writes_need_credentials(api):
    before = api.ids('keys')
    checks.json_error(api.post('/api/keys', {'name': 'x'}, auth=False), 401)
    checks.json_error(api.delete('/api/keys/test-key', auth=False), 401)
    checks.json_error(api.post('/api/instances/inst1/stop', auth=False), 401)
    assert api.ids('keys') == before
    assert api.get('/api/instances/inst1').json['instance']['state'] == 'RUNNING'
