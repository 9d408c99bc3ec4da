"""End to end through real servers: set the broker up over /broker/v1, launch over /api, explain.

Only the first administrator comes from ``broker-manage bootstrap``; everything else is made
through the management API, as an operator's automation would.
"""

import datetime

import pytest
import requests

from broker_core.cmd import manage
from tests.integration import servers
from tests.integration import test_quickstart as quickstart

pytestmark = pytest.mark.integration

ADMIN = ('root', 'root-password-e2e')
USER = ('carol', 'carol-password-e2e')
MOCK_CREDENTIALS = {'username': 'mockuser', 'password': 'mockpassword'}
# The pool's price for cloud-b's m1-small: below both clouds' list price, so cloud-b wins.
OVERRIDE_PRICE = 0.01


class Client:
    """JSON calls to one API prefix as one user; every answer's status is checked."""

    def __init__(self, base, auth, headers=None):
        self.base, self.auth, self.headers = base, auth, dict(headers or {})

    def call(self, method, path, expect=200, **kwargs):
        response = requests.request(method, self.base + path, auth=self.auth, timeout=60,
                                    headers=self.headers, **kwargs)
        assert response.status_code == expect, '%s %s: %s %s' % (
            method, path, response.status_code, response.text)
        return response.json() if response.content else None

    def get(self, path, **kwargs):
        return self.call('GET', path, **kwargs)

    def post(self, path, body=None, expect=201, **kwargs):
        return self.call('POST', path, expect=expect, json=body, **kwargs)

    def put(self, path, body, expect=200):
        return self.call('PUT', path, expect=expect, json=body)


@pytest.fixture
def broker(tmp_path):
    """A migrated broker with only its bootstrap administrator, serving on a free port."""
    config = servers.write_config(tmp_path / 'broker.conf', tmp_path / 'state')
    quickstart.broker_manage(config, 'db', 'sync')
    quickstart.broker_manage(config, 'bootstrap', '--username', ADMIN[0],
                             env={manage.PASSWORD_ENV: ADMIN[1]})
    with servers.broker_api(tmp_path, workers=2) as base:
        yield base


def set_up(mgmt):
    """Two mock clouds, a pool weighing price, a catalog, a user with a quota; returns ids."""
    ids = {}
    for name in ('cloud-a', 'cloud-b'):
        provider = mgmt.post('/providers', {'name': name, 'driver': 'mock',
                                            'provider': 'e2e-' + name})
        account = mgmt.post('/accounts', {'provider_id': provider['id'], 'name': 'main',
                                          'credentials': MOCK_CREDENTIALS})
        synced = mgmt.post('/accounts/%s/sync' % account['id'], expect=200)
        assert synced['hardware_profiles']['added'] == 4
        ids[name] = provider['id'], account['id']
    pool = mgmt.post('/pools', {'name': 'gold', 'policy': {
        'weighers': [{'name': 'price', 'multiplier': 1.0}], 'choice': 'best_first'}})
    for _, account_id in ids.values():
        mgmt.post('/pools/%s/members' % pool['id'], {'account_id': account_id})
    small_b = next(profile['id'] for profile in mgmt.get(
        '/accounts/%s/hardware_profiles' % ids['cloud-b'][1])['hardware_profiles']
        if profile['provider_profile_id'] == 'm1-small')
    mgmt.put('/pools/%s/prices/%s' % (pool['id'], small_b), {'price_per_hour': OVERRIDE_PRICE})
    profile = mgmt.post('/hardware_profiles', {'name': 'tiny', 'properties': {
        'cpu': 1, 'memory': {'kind': 'range', 'first': 512, 'last': 1740.8, 'value': 1024}}})
    image = mgmt.post('/images', {'name': 'fedora', 'architecture': 'x86_64'})
    for provider_id, _ in ids.values():
        mgmt.put('/images/%s/mappings/providers/%s' % (image['id'], provider_id),
                 {'provider_image_id': 'img1'})
    user = mgmt.post('/users', {'name': USER[0], 'password': USER[1]})
    mgmt.post('/grants', {'role': 'pool_user', 'user_id': user['id'], 'pool_id': pool['id']})
    mgmt.put('/quotas/user/%s' % user['id'], {'limits': {'instances': 1}})
    return dict(ids, pool=pool['id'], image=image['id'], user=user['id'], profile=profile['id'])


def test_set_up_over_the_management_api_launch_over_api_and_explain(broker):
    started = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    mgmt = Client(broker + '/broker/v1', ADMIN)
    ids = set_up(mgmt)
    api = Client(broker + '/api', USER, {'X-Deltacloud-Driver': 'broker',
                                         'Accept': 'application/json'})

    preview = mgmt.post('/placement', {'pool_id': ids['pool'], 'image_id': ids['image'],
                                       'hardware_profile_id': ids['profile'],
                                       'owner_id': ids['user']}, expect=200)
    assert [candidate['account_id'] for candidate in preview['ranked']] == [
        ids['cloud-b'][1], ids['cloud-a'][1]]

    launched = api.post('/instances', data={'image_id': ids['image'], 'hwp_id': 'tiny',
                                            'realm_id': 'gold', 'name': 'e2e'})['instance']
    assert (launched['owner'], launched['realm']['id']) == (USER[0], 'gold')
    # The quota of one instance holds: a second launch is refused before any provider.
    refused = api.call('POST', '/instances', expect=403,
                       data={'image_id': ids['image'], 'hwp_id': 'tiny'})
    assert 'Quota exceeded' in refused['message']

    record = mgmt.get('/instances/%s' % launched['id'])
    assert (record['owner_id'], record['pool_id']) == (ids['user'], ids['pool'])
    assert record['account_id'] == ids['cloud-b'][1]
    assert record['provider_instance_id'] and record['cost_per_hour'] == OVERRIDE_PRICE
    listed = mgmt.get('/instances', params={'user_id': ids['user']})['instances']
    assert [instance['id'] for instance in listed] == [launched['id']]

    explained = mgmt.get('/placements/%s' % launched['id'])
    assert explained['instance_id'] == launched['id'] and explained['outcome'] == 'placed'
    ranked = explained['decision']['ranked']
    assert [candidate['account_id'] for candidate in ranked] == [
        ids['cloud-b'][1], ids['cloud-a'][1]]

    events = mgmt.get('/events', params={'object_id': launched['id']})['events']
    assert {'instance.create', 'instance.place'} <= {event['type'] for event in events}
    usage = mgmt.get('/quotas/user/%s/usage' % ids['user'])['resources']
    assert (usage['instances']['limit'], usage['instances']['in_use']) == (1, 1)
    report = mgmt.get('/usage', params={'since': started.isoformat(), 'group_by': 'account'})
    assert [row['group'] for row in report['rows']] == [ids['cloud-b'][1]]

    api.call('POST', '/instances/%s/stop' % launched['id'], expect=202)
    api.call('DELETE', '/instances/%s' % launched['id'], expect=204)
    assert mgmt.get('/quotas/user/%s/usage' % ids['user'])['resources']['instances'][
        'in_use'] == 0


def test_users_cannot_manage_and_the_management_api_needs_a_login(broker):
    mgmt = Client(broker + '/broker/v1', ADMIN)
    ids = set_up(mgmt)
    as_user = Client(broker + '/broker/v1', USER)
    as_user.call('POST', '/providers', expect=403,
                 json={'name': 'mine', 'driver': 'mock'})
    assert as_user.get('/instances')['instances'] == []
    Client(broker + '/broker/v1', None).call('GET', '/providers', expect=401)
    # The account's credentials are write-only.
    account = mgmt.get('/accounts/%s' % ids['cloud-a'][1])
    assert 'credentials' not in account and 'mockpassword' not in str(account)
