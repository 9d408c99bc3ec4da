"""Providers and their accounts: CRUD, write-only credentials, sync, health, discovered catalogs."""

import pytest

from broker_core import health
from tests.functional.broker_mgmt.helpers import assert_refused
from tests.functional.broker_mgmt.helpers import MOCK_CREDENTIALS


def test_provider_lifecycle(api):
    created = api.post('/providers', {'name': 'cloud-a', 'driver': 'mock',
                                      'provider': 'cloud-a', 'options': {'region': 'eu'}})
    assert created.status_code == 201, created.text
    provider = created.json
    assert created.headers['Location'].endswith('/v1/providers/' + provider['id'])
    assert provider['options'] == {'region': 'eu'} and provider['enabled'] is True

    shown = api.get('/providers/' + provider['id'])
    assert shown.status_code == 200 and shown.json == provider
    assert shown.headers['ETag']

    changed = api.patch('/providers/' + provider['id'], {'enabled': False,
                                                         'description': 'old one'})
    assert changed.status_code == 200, changed.text
    assert changed.json['enabled'] is False and changed.json['description'] == 'old one'
    assert api.items('/providers', 'providers', enabled='false') == [changed.json]
    assert api.items('/providers', 'providers', enabled='true') == []

    assert api.delete('/providers/' + provider['id']).status_code == 204
    assert api.get('/providers/' + provider['id']).status_code == 404


@pytest.mark.parametrize('body, field', [
    ({'driver': 'mock'}, 'name'),
    ({'name': 'Bad Name', 'driver': 'mock'}, 'name'),
    ({'name': 'x', 'driver': 'mock', 'colour': 'red'}, 'colour'),
    ({'name': 'x', 'driver': 'nosuchdriver'}, 'driver'),
    ({'name': 'x', 'driver': 'broker'}, 'driver'),
    ({'name': 'x', 'driver': 'mock', 'enabled': 'yes'}, 'enabled'),
    ({'name': 'x', 'driver': 'mock', 'options': []}, 'options'),
])
def test_bad_provider_is_refused_naming_the_field(api, admin_context, body, field):
    assert_refused(api, admin_context, 'POST', '/providers', 400, field, json=body)


def test_duplicate_provider_is_409(api, admin_context, provider):
    assert_refused(api, admin_context, 'POST', '/providers', 409, 'cloud-a',
                   json={'name': 'cloud-a', 'driver': 'mock'})


def test_provider_with_accounts_cannot_be_deleted(api, admin_context, account):
    assert_refused(api, admin_context, 'DELETE', '/providers/' + account['provider_id'],
                   409, 'accounts')


def test_account_lifecycle_never_shows_credentials(api, provider):
    created = api.post('/accounts', {'provider_id': provider['id'], 'name': 'main',
                                     'credentials': MOCK_CREDENTIALS, 'weight': 2.5,
                                     'priority': 3})
    assert created.status_code == 201, created.text
    account = created.json
    assert 'credentials' not in account and 'mockpassword' not in created.text
    assert (account['weight'], account['priority']) == (2.5, 3)
    assert account['circuit_state'] == 'closed'

    changed = api.patch('/accounts/' + account['id'], {'priority': -5})
    assert changed.json['priority'] == -5
    assert api.items('/accounts', 'accounts', provider_id=provider['id']) == [changed.json]

    replaced = api.put('/accounts/%s/credentials' % account['id'],
                       {'username': 'mockuser', 'password': 'other-secret'})
    assert replaced.status_code == 204 and replaced.text == ''
    assert api.get('/accounts/%s/credentials' % account['id']).status_code == 405
    assert api.delete('/accounts/' + account['id']).status_code == 204
    assert api.get('/accounts/' + account['id']).status_code == 404


@pytest.mark.parametrize('credentials, field', [
    ({'username': 'mockuser'}, 'credentials.password'),
    ({'username': 'mockuser', 'password': ''}, 'credentials.password'),
    ({'username': 'mockuser', 'password': 12345678}, 'credentials.password'),
    ('mockuser:mockpassword', 'credentials'),
])
def test_bad_credentials_are_refused_without_echo(api, admin_context, provider, credentials,
                                                  field):
    response = assert_refused(api, admin_context, 'POST', '/accounts', 400, field,
                              json={'provider_id': provider['id'], 'name': 'main',
                                    'credentials': credentials})
    assert '12345678' not in response.text and 'mockpassword' not in response.text


def test_account_of_an_unknown_provider_names_provider_id(api, admin_context):
    assert_refused(api, admin_context, 'POST', '/accounts', 400, 'provider_id',
                   json={'provider_id': 'nope', 'name': 'main',
                         'credentials': MOCK_CREDENTIALS})


def test_duplicate_account_is_409(api, admin_context, account):
    assert_refused(api, admin_context, 'POST', '/accounts', 409, 'main',
                   json={'provider_id': account['provider_id'], 'name': 'main',
                         'credentials': MOCK_CREDENTIALS})


def test_account_in_a_pool_cannot_be_deleted(api, admin_context, account, pool):
    api.create('/pools/%s/members' % pool['id'], {'account_id': account['id']})
    assert_refused(api, admin_context, 'DELETE', '/accounts/' + account['id'], 409, 'gold')


def test_sync_stores_the_discovered_catalog(api, account):
    response = api.post('/accounts/%s/sync' % account['id'])

    assert response.status_code == 200, response.text
    assert response.json['hardware_profiles']['added'] == 4
    realms = api.items('/accounts/%s/realms' % account['id'], 'realms')
    assert [realm['provider_realm_id'] for realm in realms] == ['eu', 'us']
    profiles = api.items('/accounts/%s/hardware_profiles' % account['id'],
                         'hardware_profiles')
    assert {p['provider_profile_id']: p['price_per_hour'] for p in profiles}['m1-small'] == 0.06
    images = api.items('/accounts/%s/images' % account['id'], 'images',
                       include_vanished='true')
    assert len(images) == 3
    assert api.get('/accounts/' + account['id']).json['synced_at'] is not None


def test_sync_with_wrong_credentials_is_a_provider_error(api, account):
    api.put('/accounts/%s/credentials' % account['id'],
            {'username': 'mockuser', 'password': 'wrong-secret'})

    response = api.post('/accounts/%s/sync' % account['id'])

    assert response.status_code == 502, response.text
    assert 'main' in response.json['description']
    assert 'wrong-secret' not in response.text


def test_health_shows_the_circuit(api, account, admin_context):
    for _ in range(3):
        health.record_failure(admin_context, account['id'], 'provider timed out', threshold=3)

    response = api.get('/accounts/%s/health' % account['id'])

    assert response.status_code == 200, response.text
    assert response.json['circuit_state'] == 'open'
    assert response.json['consecutive_failures'] == 3
    assert response.json['error_rate'] > 0.4
    assert response.json['last_error'] == 'provider timed out'
    assert response.json['circuit_opened_at'].endswith('Z')


def test_plain_users_may_not_see_or_change_providers(user_api, api, admin_context, account):
    assert user_api.get('/providers').status_code == 403
    assert user_api.get('/accounts/' + account['id']).status_code == 403
    assert_refused(user_api, admin_context, 'POST', '/providers', 403,
                   json={'name': 'x', 'driver': 'mock'})
    assert_refused(user_api, admin_context, 'PUT', '/accounts/%s/credentials' % account['id'],
                   403, json=MOCK_CREDENTIALS)
    assert_refused(user_api, admin_context, 'POST', '/accounts/%s/sync' % account['id'], 403)
    assert_refused(user_api, admin_context, 'DELETE', '/accounts/' + account['id'], 403)
