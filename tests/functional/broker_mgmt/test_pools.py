"""Pools, members, placement policy and price overrides; what pool admins may do."""

import pytest

from broker_core import roles
from tests.functional.broker_mgmt.helpers import assert_refused


def test_pool_lifecycle(api):
    pool = api.create('/pools', {'name': 'gold', 'description': 'the fast ones',
                                 'policy': {'choice': 'weighted_random', 'top_k': 2}})
    assert pool['policy'] == {'choice': 'weighted_random', 'top_k': 2}

    changed = api.patch('/pools/' + pool['id'], {'name': 'platinum', 'enabled': False})
    assert (changed.json['name'], changed.json['enabled']) == ('platinum', False)
    assert [p['name'] for p in api.items('/pools', 'pools')] == ['platinum']

    assert api.delete('/pools/' + pool['id']).status_code == 204
    assert api.items('/pools', 'pools') == []


def test_policy_is_shown_whole_and_replaced(api, pool):
    shown = api.get('/pools/%s/policy' % pool['id'])
    assert shown.status_code == 200
    assert shown.json == {'filters': ['enabled', 'circuit', 'realm', 'hardware_profile',
                                      'image', 'quota', 'capacity'],
                          'weighers': [{'name': 'price', 'multiplier': 1.0}],
                          'choice': 'best_first', 'top_k': 3, 'max_attempts': 3}

    replaced = api.put('/pools/%s/policy' % pool['id'],
                       {'weighers': [{'name': 'priority', 'multiplier': 1},
                                     {'name': 'price', 'multiplier': 2}], 'max_attempts': 5},
                       headers={'If-Match': shown.headers['ETag']})

    assert replaced.status_code == 200, replaced.text
    assert replaced.json['weighers'][1] == {'name': 'price', 'multiplier': 2.0}
    assert replaced.json['max_attempts'] == 5 and replaced.json['top_k'] == 3
    assert api.get('/pools/' + pool['id']).json['policy']['max_attempts'] == 5


@pytest.mark.parametrize('policy, field', [
    ({'choice': 'cheapest'}, 'choice'),
    ({'top_k': 0}, 'top_k'),
    ({'filters': ['enabled', 'enabled']}, 'filters'),
    ({'filters': ['teleport']}, 'policy.filters'),
    ({'weighers': [{'name': 'price', 'multiplier': 1, 'boost': 2}]}, 'weighers.0.boost'),
    ({'weighers': [{'name': 'luck'}]}, 'policy.weighers'),
    ({'colour': 'red'}, 'colour'),
])
def test_bad_policy_is_refused_naming_the_field(api, admin_context, pool, policy, field):
    assert_refused(api, admin_context, 'PUT', '/pools/%s/policy' % pool['id'], 400, field,
                   json=policy)


def test_members_of_a_pool(api, synced_account, pool):
    path = '/pools/%s/members' % pool['id']
    created = api.post(path, {'account_id': synced_account['id'], 'realms': ['eu']})
    assert created.status_code == 201, created.text
    assert created.headers['Location'].endswith('%s/%s' % (path, synced_account['id']))
    assert created.json['realms'] == ['eu']

    member_path = '%s/%s' % (path, synced_account['id'])
    changed = api.patch(member_path, {'realms': None, 'enabled': False})
    assert (changed.json['realms'], changed.json['enabled']) == (None, False)
    assert api.items(path, 'members') == [changed.json]

    assert api.delete(member_path).status_code == 204
    assert api.get(member_path).status_code == 404


def test_bad_members_are_refused(api, admin_context, synced_account, pool):
    path = '/pools/%s/members' % pool['id']
    assert_refused(api, admin_context, 'POST', path, 400, 'account_id',
                   json={'account_id': 'no-such-account'})
    assert_refused(api, admin_context, 'POST', path, 400, 'realms',
                   json={'account_id': synced_account['id'], 'realms': ['mars']})
    assert_refused(api, admin_context, 'POST', path, 400, 'realms',
                   json={'account_id': synced_account['id'], 'realms': []})
    assert_refused(api, admin_context, 'POST', '/pools/nope/members', 404, 'pool',
                   json={'account_id': synced_account['id']})
    api.create(path, {'account_id': synced_account['id']})
    assert_refused(api, admin_context, 'POST', path, 409, 'gold',
                   json={'account_id': synced_account['id']})


def test_price_overrides(api, synced_account, pool):
    [small] = [p for p in api.items('/accounts/%s/hardware_profiles' % synced_account['id'],
                                    'hardware_profiles')
               if p['provider_profile_id'] == 'm1-small']
    path = '/pools/%s/prices/%s' % (pool['id'], small['id'])

    response = api.put(path, {'price_per_hour': 0.05})
    assert response.status_code == 200, response.text
    assert response.json['price_per_hour'] == 0.05
    assert api.items('/pools/%s/prices' % pool['id'], 'prices') == [response.json]

    assert api.put(path, {'price_per_hour': -1}).status_code == 400
    assert api.delete(path).status_code == 204
    assert api.delete(path).status_code == 404
    assert api.put('/pools/%s/prices/nope' % pool['id'],
                   {'price_per_hour': 1}).status_code == 404


def test_duplicate_pool_is_409_and_bad_names_400(api, admin_context, pool):
    assert_refused(api, admin_context, 'POST', '/pools', 409, 'gold', json={'name': 'gold'})
    assert_refused(api, admin_context, 'POST', '/pools', 400, 'name', json={'name': '9lives'})
    assert_refused(api, admin_context, 'PATCH', '/pools/' + pool['id'], 400, 'policy',
                   json={'policy': {}})


def test_pool_admins_change_their_pools_only(api, user_api, plain_user, admin_context, pool,
                                             synced_account):
    other = api.create('/pools', {'name': 'silver'})
    roles.grant_role(admin_context, 'pool_admin', user_id=plain_user['id'], pool_id=pool['id'])

    assert [p['name'] for p in user_api.items('/pools', 'pools')] == ['gold']
    assert user_api.patch('/pools/' + pool['id'], {'description': 'mine'}).status_code == 200
    assert user_api.put('/pools/%s/policy' % pool['id'], {'top_k': 1}).status_code == 200
    assert user_api.post('/pools/%s/members' % pool['id'],
                         {'account_id': synced_account['id']}).status_code == 201
    for method, path, body in [('PATCH', '/pools/' + other['id'], {'description': 'x'}),
                               ('PUT', '/pools/%s/policy' % other['id'], {'top_k': 1}),
                               ('DELETE', '/pools/' + pool['id'], None),
                               ('POST', '/pools', {'name': 'bronze'})]:
        assert_refused(user_api, admin_context, method, path, 403, json=body)
    assert user_api.get('/pools/' + other['id']).status_code == 403
