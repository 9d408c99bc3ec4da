"""Instances, events with filters and pages, quotas and usage per scope, usage reports."""

import csv
import datetime
import io

import pytest

from broker_core import instances
from tests.functional.broker_mgmt.helpers import assert_refused

HOUR = datetime.timedelta(hours=1)


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def launch(context, owner_id, pool_id, account_id=None, cost=None, hours_ago=2):
    """An instance record as the launch saga leaves it, running since ``hours_ago``."""
    instance = instances.create_reserved(context, owner_id=owner_id, pool_id=pool_id,
                                         name='web', cost_per_hour=cost)
    if account_id is not None:
        instance = instances.record_placement(
            context, instance['id'], account_id, 'i-%s' % instance['id'][:8], state='RUNNING',
            launched_at=utcnow() - hours_ago * HOUR)
    return instance


@pytest.fixture
def alices_instance(admin_context, plain_user, pool, api):
    api.create('/grants', {'role': 'pool_user', 'user_id': plain_user['id'],
                           'pool_id': pool['id']})
    return launch(admin_context, plain_user['id'], pool['id'])


def test_instances_of_every_user_for_admins_own_for_users(api, user_api, admin_context,
                                                          admin_user, pool, alices_instance):
    roots = launch(admin_context, admin_user['id'], pool['id'])

    assert [i['id'] for i in api.items('/instances', 'instances')] == [
        alices_instance['id'], roots['id']]
    assert [i['id'] for i in api.items('/instances', 'instances',
                                       user_id=admin_user['id'])] == [roots['id']]
    assert [i['id'] for i in user_api.items('/instances', 'instances')] == [
        alices_instance['id']]
    assert user_api.get('/instances/' + roots['id']).status_code == 404
    shown = user_api.get('/instances/' + alices_instance['id'])
    assert shown.status_code == 200 and shown.json['state'] == 'PENDING'
    assert 'idempotency_key' not in shown.json and 'quota_scopes' not in shown.json
    assert api.items('/instances', 'instances', state='RUNNING') == []
    assert api.get('/instances', params={'state': 'FLYING'}).status_code == 400


def test_pages_follow_next_links(api):
    for index in range(5):
        api.create('/pools', {'name': 'pool-%d' % index})

    response = api.get('/pools', params={'limit': 2})
    seen = []
    while True:
        assert response.status_code == 200, response.text
        seen += [pool['name'] for pool in response.json['pools']]
        if 'next' not in response.json:
            break
        assert response.headers['Link'] == '<%s>; rel=next' % response.json['next']
        response = api.follow(response.json['next'])

    assert seen == ['pool-%d' % index for index in range(5)]
    assert api.get('/pools', params={'marker': 'nope'}).status_code == 400
    assert api.get('/pools', params={'limit': 0}).status_code == 400
    assert api.get('/pools', params={'limit': 'many'}).json['description'].startswith(
        'Invalid limit')


def test_events_newest_first_with_filters_and_pages(api, pool, provider):
    events = api.items('/events', 'events')
    assert [e['type'] for e in events[:2]] == ['provider.create', 'pool.create']

    first = api.get('/events', params={'limit': 1})
    assert first.json['events'][0]['type'] == 'provider.create'
    following = api.follow(first.json['next'])
    assert following.json['events'][0]['type'] == 'pool.create'

    assert [e['object_id'] for e in api.items('/events', 'events', pool_id=pool['id'])] == [
        pool['id']]
    assert api.items('/events', 'events', type='pool.create')[0]['pool_id'] == pool['id']
    future = (utcnow() + HOUR).isoformat() + 'Z'
    assert api.items('/events', 'events', since=future) == []
    assert api.get('/events', params={'since': 'yesterday'}).status_code == 400
    assert api.get('/events', params={'marker': 'x'}).status_code == 400
    # Beyond any id a database integer holds: refused, not a database error.
    assert api.get('/events', params={'marker': str(2 ** 64)}).status_code == 400


def test_users_read_their_own_history_only(user_api, plain_user, admin_user):
    assert user_api.get('/events').status_code == 403
    assert user_api.get('/events', params={'user_id': admin_user['id']}).status_code == 403
    assert user_api.get('/events', params={'user_id': plain_user['id']}).status_code == 200


def test_quotas_per_scope(api, user_api, admin_context, plain_user, pool, alices_instance):
    path = '/quotas/user/' + plain_user['id']
    assert api.get(path).status_code == 404

    response = api.put(path, {'limits': {'instances': 3, 'cost_per_hour': 1.5}})
    assert response.status_code == 200, response.text
    assert response.json['limits']['instances'] == 3
    assert response.json['limits']['vcpus'] is None
    assert api.items('/quotas', 'quotas', scope_type='user') == [response.json]

    usage = user_api.get(path + '/usage')
    assert usage.status_code == 200, usage.text
    assert usage.json['resources']['instances'] == {'limit': 3, 'in_use': 1}

    assert_refused(api, admin_context, 'PUT', path, 400, 'limits.instances',
                   json={'limits': {'instances': -1}})
    assert_refused(api, admin_context, 'PUT', path, 400, 'gpus',
                   json={'limits': {'gpus': 1}})
    assert_refused(api, admin_context, 'PUT', '/quotas/planet/x', 400, 'scope_type',
                   json={'limits': {}})
    assert_refused(api, admin_context, 'PUT', '/quotas/pool/nope', 404,
                   json={'limits': {'instances': 1}})
    assert_refused(user_api, admin_context, 'PUT', path, 403,
                   json={'limits': {'instances': 100}})
    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404


def test_usage_report_as_json_and_csv(api, user_api, admin_context, plain_user, pool,
                                      account, alices_instance):
    launch(admin_context, plain_user['id'], pool['id'], account['id'], cost=0.5, hours_ago=2)
    since = (utcnow() - 3 * HOUR).isoformat() + 'Z'

    report = api.get('/usage', params={'since': since, 'group_by': 'account'})
    assert report.status_code == 200, report.text
    [row] = [r for r in report.json['rows'] if r['group'] == account['id']]
    assert row['instances'] == 1
    assert row['hours'] == pytest.approx(2.0, abs=0.01)
    assert row['cost'] == pytest.approx(1.0, abs=0.01)

    as_csv = user_api.get('/usage', params={'since': since}, headers={'Accept': 'text/csv'})
    assert as_csv.status_code == 200 and as_csv.headers['Content-Type'].startswith('text/csv')
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r['user'] for r in rows] == [plain_user['id']]
    assert float(rows[0]['hours']) == pytest.approx(2.0, abs=0.01)
    assert api.get('/usage', params={'since': since, 'format': 'csv'}).text.startswith(
        'user,instances,hours,cost')

    assert api.get('/usage').json['description'] == 'Invalid since: is required'
    assert api.get('/usage', params={'since': since, 'group_by': 'colour'}).status_code == 400
    assert api.get('/usage', params={'since': since},
                   headers={'Accept': 'application/xml'}).status_code == 406


def test_what_live_instances_use_cannot_be_deleted(api, admin_context, plain_user, pool,
                                                   alices_instance):
    image = api.create('/images', {'name': 'fedora'})
    profile = api.create('/hardware_profiles', {'name': 'small', 'properties': {'cpu': 1}})
    instances.create_reserved(admin_context, owner_id=plain_user['id'], pool_id=pool['id'],
                              image_id=image['id'], hardware_profile_id=profile['id'])

    for path, reason in (('/pools/' + pool['id'], 'live instances'),
                         ('/images/' + image['id'], 'live instances'),
                         ('/hardware_profiles/' + profile['id'], 'live instances'),
                         ('/users/' + plain_user['id'], 'disable it instead')):
        assert_refused(api, admin_context, 'DELETE', path, 409, reason)
