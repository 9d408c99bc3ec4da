"""The EC2 driver behind the Deltacloud front end: the WSGI app in-process, moto behind it."""

import base64

import falcon.testing
from lxml import etree
import pytest

from iaas.api import app as app_mod
from tests.integration.ec2 import moto

pytestmark = pytest.mark.integration

EXPECTED_COLLECTIONS = {'realms', 'hardware_profiles', 'images', 'instances', 'keys',
                        'storage_volumes', 'storage_snapshots', 'addresses', 'firewalls',
                        'networks', 'subnets', 'drivers', 'instance_states'}


def basic(user, password):
    return 'Basic ' + base64.b64encode(('%s:%s' % (user, password)).encode()).decode()


@pytest.fixture
def api(ec2_conf, ec2_account):
    ec2_conf.set_override('enabled_drivers', ['mock', 'ec2'], 'api')
    ec2_conf.set_override('enabled_apps', [], 'api')
    client = falcon.testing.TestClient(app_mod.create_app(ec2_conf))
    headers = {'X-Deltacloud-Driver': 'ec2', 'X-Deltacloud-Provider': moto.REGION,
               'Accept': 'application/json',
               'Authorization': basic(ec2_account.access_key, ec2_account.secret_key)}

    def call(method, path, params=None, auth=True, **extra):
        sent = dict(headers, **extra)
        if not auth:
            sent.pop('Authorization')
        return client.simulate_request(method, path, params=params, headers=sent)
    return call


def test_entry_point_lists_what_ec2_supports(api):
    response = api('GET', '/api')
    assert response.status_code == 200
    assert response.headers['X-Deltacloud-Driver'] == 'ec2'
    links = {link['rel']: link for link in response.json['api']['links']}
    assert set(links) == EXPECTED_COLLECTIONS
    instance_features = {f['name'] for group in links['instances']['features'] for f in group}
    assert {'user_data', 'user_name', 'authentication_key', 'firewalls',
            'instance_count'} <= instance_features
    xml = etree.fromstring(api('GET', '/api', Accept='application/xml').content)
    assert xml.get('driver') == 'ec2' and xml.get('provider') == moto.REGION


def test_credentials(api, ec2_account):
    assert api('GET', '/api', params={'force_auth': '1'}).status_code == 200
    wrong = basic(ec2_account.access_key, 'wrong')
    refused = api('GET', '/api', params={'force_auth': '1'}, Authorization=wrong)
    assert refused.status_code == 401 and 'WWW-Authenticate' in refused.headers
    assert api('GET', '/api/instances', Authorization=wrong).status_code == 401
    assert api('GET', '/api/hardware_profiles', auth=False).status_code == 200


def test_launch_stop_destroy(api):
    created = api('POST', '/api/instances', params={
        'image_id': moto.X86_IMAGE, 'hwp_id': 't3.micro', 'realm_id': 'us-east-1a',
        'name': 'through-the-api'})
    assert created.status_code == 201, created.text
    instance = created.json['instance']
    path = '/api/instances/' + instance['id']
    assert created.headers['Location'].endswith(path)
    assert instance['name'] == 'through-the-api'
    shown = api('GET', path).json['instance']
    assert shown['state'] == 'RUNNING'
    assert 'stop' in {action['rel'] for action in shown['actions']}
    assert api('POST', path + '/start').status_code == 405
    stopped = api('POST', path + '/stop')
    assert stopped.status_code == 202 and stopped.json['state'] == 'STOPPING'
    assert api('GET', path).json['instance']['state'] == 'STOPPED'
    assert api('DELETE', path).status_code == 204
    assert api('GET', path).json['instance']['state'] == 'FINISH'
    assert api('GET', '/api/instances/i-0123456789abcdef0').status_code == 404


def test_catalogs(api):
    realms = [r['id'] for r in api('GET', '/api/realms').json['realms']]
    assert realms[0] == 'us-east-1a' and len(realms) == 6
    images = {i['id'] for i in api('GET', '/api/images',
                                   params={'architecture': 'arm64'}).json['images']}
    assert images == {moto.ARM_IMAGE}
    profile = api('GET', '/api/hardware_profiles/m5d.large', auth=False).json
    assert profile['hardware_profile']['id'] == 'm5d.large'
    key = api('POST', '/api/keys', params={'name': 'deploy'})
    assert key.status_code == 201 and 'PRIVATE KEY' in key.text
