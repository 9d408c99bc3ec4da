"""The same answers on SQLite, PostgreSQL and MariaDB: writes, clashes, pages and quotas."""

import pytest

from tests.broker_db import BACKENDS
from tests.functional.broker_mgmt.helpers import assert_refused

pytestmark = pytest.mark.parametrize('db_backend', BACKENDS)


def test_pool_with_a_member_and_conditional_changes(api, admin_context, account):
    pool = api.create('/pools', {'name': 'gold', 'policy': {'top_k': 2}})
    api.create('/pools/%s/members' % pool['id'], {'account_id': account['id']})
    etag = api.get('/pools/' + pool['id']).headers['ETag']

    assert api.patch('/pools/' + pool['id'], {'description': 'x'},
                     headers={'If-Match': etag}).status_code == 200
    assert_refused(api, admin_context, 'PATCH', '/pools/' + pool['id'], 412,
                   json={'description': 'y'}, headers={'If-Match': etag})
    assert_refused(api, admin_context, 'DELETE', '/accounts/' + account['id'], 409, 'gold')
    assert_refused(api, admin_context, 'POST', '/pools', 409, 'gold', json={'name': 'gold'})
    assert_refused(api, admin_context, 'PATCH', '/pools/' + pool['id'], 409, json={
        'name': api.create('/pools', {'name': 'silver'})['name']})


def test_grants_and_quotas(api, admin_context, plain_user, pool):
    api.create('/grants', {'role': 'viewer', 'user_id': plain_user['id']})
    assert_refused(api, admin_context, 'POST', '/grants', 409,
                   json={'role': 'viewer', 'user_id': plain_user['id']})
    limits = api.put('/quotas/pool/' + pool['id'], {'limits': {'instances': 4,
                                                               'cost_per_hour': 2.5}})
    assert limits.status_code == 200, limits.text
    assert limits.json['limits']['cost_per_hour'] == 2.5
    usage = api.get('/quotas/pool/%s/usage' % pool['id']).json['resources']
    assert usage['instances'] == {'limit': 4, 'in_use': 0}


def test_event_pages(api):
    for index in range(3):
        api.create('/pools', {'name': 'pool-%d' % index})

    first = api.get('/events', params={'limit': 2, 'type': 'pool.create'})
    second = api.follow(first.json['next'])

    names = [e['details']['name'] for e in first.json['events'] + second.json['events']]
    assert names == ['pool-2', 'pool-1', 'pool-0']
    assert 'next' not in second.json
