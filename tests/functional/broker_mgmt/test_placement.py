"""Placement explained: a launch ranked without launching, and the stored decision of a past one."""

import pytest

from broker_core import placement
from broker_core import placements
from tests.functional.broker_mgmt.helpers import assert_refused
from tests.functional.broker_mgmt.helpers import MOCK_CREDENTIALS


def synced_account(api, cloud, name):
    provider = api.create('/providers', {'name': cloud, 'driver': 'mock', 'provider': cloud})
    account = api.create('/accounts', {'provider_id': provider['id'], 'name': name,
                                       'credentials': MOCK_CREDENTIALS})
    assert api.post('/accounts/%s/sync' % account['id']).status_code == 200
    return provider, account


def profile_id(api, account, provider_profile_id):
    [found] = [p['id'] for p in api.items('/accounts/%s/hardware_profiles' % account['id'],
                                          'hardware_profiles')
               if p['provider_profile_id'] == provider_profile_id]
    return found


@pytest.fixture
def launchable(api):
    """A pool of two mock clouds that both offer the image; the second one is cheaper."""
    provider_a, main = synced_account(api, 'cloud-a', 'main')
    provider_b, backup = synced_account(api, 'cloud-b', 'backup')
    pool = api.create('/pools', {'name': 'gold'})
    image = api.create('/images', {'name': 'fedora'})
    for provider, account in ((provider_a, main), (provider_b, backup)):
        api.create('/pools/%s/members' % pool['id'], {'account_id': account['id']})
        api.put('/images/%s/mappings/providers/%s' % (image['id'], provider['id']),
                {'provider_image_id': 'img1'})
    api.put('/pools/%s/prices/%s' % (pool['id'], profile_id(api, backup, 'm1-small')),
            {'price_per_hour': 0.01})
    profile = api.create('/hardware_profiles', {'name': 'small', 'properties': {'cpu': 1}})
    return {'pool_id': pool['id'], 'hardware_profile_id': profile['id'],
            'image_id': image['id'], 'provider_a': provider_a['id']}


def test_preview_ranks_without_launching(api, admin_context, launchable):
    response = assert_refused(api, admin_context, 'POST', '/placement', 200, json={
        k: launchable[k] for k in ('pool_id', 'hardware_profile_id', 'image_id')})

    decision = response.json
    assert [c['account_name'] for c in decision['ranked']] == ['backup', 'main']
    assert decision['ranked'][0]['price_per_hour'] == 0.01
    assert decision['ranked'][0]['scores']['price']['weighted'] > decision['ranked'][1][
        'scores']['price']['weighted']
    assert decision['chosen']['account_name'] == 'backup'
    assert [a['account_name'] for a in decision['attempts']] == ['backup', 'main']
    assert decision['dropped'] == []


def test_preview_says_why_a_candidate_is_dropped(api, launchable):
    mapping = '/images/%s/mappings/providers/%s' % (launchable['image_id'],
                                                    launchable['provider_a'])
    assert api.delete(mapping).status_code == 204

    decision = api.post('/placement', {k: launchable[k] for k in (
        'pool_id', 'hardware_profile_id', 'image_id')}).json

    assert [c['account_name'] for c in decision['ranked']] == ['backup']
    [dropped] = decision['dropped']
    assert (dropped['account_name'], dropped['filter']) == ('main', 'image')
    assert dropped['reason']


@pytest.mark.parametrize('change, status, field', [
    ({'image_id': 'nope'}, 400, 'image_id'),
    ({'pool_id': 'nope'}, 400, 'pool_id'),
    ({'hardware_profile_id': 'nope'}, 400, 'hardware_profile_id'),
    ({'overrides': {'cpu': 64}}, 400, 'overrides.cpu'),
    ({'overrides': {'gpu': 1}}, 400, 'gpu'),
    ({'owner_id': 'nobody'}, 400, 'owner_id'),
    ({'launch': True}, 400, 'launch'),
])
def test_bad_previews_are_refused(api, admin_context, launchable, change, status, field):
    body = dict({k: launchable[k] for k in ('pool_id', 'hardware_profile_id', 'image_id')},
                **change)
    assert_refused(api, admin_context, 'POST', '/placement', status, field, json=body)


def test_users_preview_only_where_they_may_launch(api, user_api, plain_user, launchable):
    body = {k: launchable[k] for k in ('pool_id', 'hardware_profile_id', 'image_id')}
    assert user_api.post('/placement', body).status_code == 403

    api.create('/grants', {'role': 'pool_user', 'user_id': plain_user['id'],
                           'pool_id': launchable['pool_id']})

    assert user_api.post('/placement', body).status_code == 200
    assert user_api.post('/placement', dict(body, owner_id='someone-else')).status_code == 403


def test_past_placements_are_explained(api, user_api, admin_context, plain_user, pool):
    request = placement.PlacementRequest(pool_id=pool['id'], owner_id=plain_user['id'])
    decision = placement.place(request, [], placement.Policy())
    stored = placements.record_refusal(admin_context, decision, pool_id=pool['id'],
                                       user_id=plain_user['id'], outcome='no_candidate',
                                       reason='the pool has no accounts')

    shown = user_api.get('/placements/' + stored['id'])
    assert shown.status_code == 200, shown.text
    assert shown.json['outcome'] == 'no_candidate'
    assert shown.json['decision']['reason'] == 'the pool has no accounts'
    assert api.get('/placements/nope').status_code == 404
    assert api.get('/placements/' + stored['id']).headers['ETag']
