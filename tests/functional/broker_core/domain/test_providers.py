"""Providers and accounts: CRUD, validation, encrypted credentials, refusal while in use."""

import pytest

from broker_core import accounts
from broker_core import errors
from broker_core import events
from broker_core import pool_members
from broker_core import providers
from tests.functional.broker_core.domain import conftest as fx

CREDENTIALS = fx.CREDENTIALS


def test_provider_lifecycle(database, admin_context):
    created = providers.create_provider(admin_context, 'east', 'mock', provider='us-east',
                                        description='d', options={'a': 1})
    assert created['driver'] == 'mock' and created['provider'] == 'us-east'
    assert providers.get_provider(admin_context, created['id']) == created
    assert providers.get_provider_by_name(admin_context, 'east') == created

    updated = providers.update_provider(admin_context, created['id'], name='west',
                                        enabled=False, options={}, provider=None)
    assert (updated['name'], updated['enabled'], updated['options'], updated['provider']) == (
        'west', False, {}, None)
    providers.create_provider(admin_context, 'ec2', 'ec2')
    assert [p['name'] for p in providers.list_providers(admin_context)] == ['ec2', 'west']
    assert [p['name'] for p in providers.list_providers(admin_context, enabled=False)] == [
        'west']

    providers.delete_provider(admin_context, created['id'])
    with pytest.raises(errors.ObjectNotFound):
        providers.get_provider(admin_context, created['id'])
    assert [e['type'] for e in events.query(admin_context, object_id=created['id'])] == [
        'provider.delete', 'provider.update', 'provider.create']


@pytest.mark.parametrize('kwargs, field', [
    ({'name': 'Upper'}, 'name'), ({'name': ''}, 'name'), ({'name': 'x' * 65}, 'name'),
    ({'name': '1abc'}, 'name'), ({'driver': 'nosuch'}, 'driver'), ({'driver': 'broker'}, 'driver'),
    ({'provider': 5}, 'provider'), ({'options': []}, 'options'), ({'options': {'x': {1}}},
                                                                  'options'),
    ({'enabled': 'yes'}, 'enabled'), ({'description': 3}, 'description'),
])
def test_create_provider_rejects_bad_input(database, admin_context, kwargs, field):
    before = fx.row_counts(admin_context)
    arguments = dict({'name': 'good', 'driver': 'mock'}, **kwargs)
    with pytest.raises(errors.Invalid) as raised:
        providers.create_provider(admin_context, **arguments)
    assert raised.value.kwargs['field'] == field
    assert fx.row_counts(admin_context) == before


def test_provider_names_are_unique(database, admin_context):
    providers.create_provider(admin_context, 'east', 'mock')
    other = providers.create_provider(admin_context, 'west', 'mock')
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.ObjectExists):
        providers.create_provider(admin_context, 'east', 'ec2')
    with pytest.raises(errors.ObjectExists):
        providers.update_provider(admin_context, other['id'], name='east')
    assert fx.row_counts(admin_context) == before
    assert providers.get_provider(admin_context, other['id'])['name'] == 'west'


def test_unknown_providers(database, admin_context):
    for call in (providers.get_provider, providers.delete_provider,
                 providers.get_provider_by_name):
        with pytest.raises(errors.ObjectNotFound):
            call(admin_context, 'nope')
    with pytest.raises(errors.ObjectNotFound):
        providers.update_provider(admin_context, 'nope', name='x')


def test_a_provider_with_accounts_is_not_deleted(account, admin_context):
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.InUse):
        providers.delete_provider(admin_context, account['provider_id'])
    assert fx.row_counts(admin_context) == before


def test_account_lifecycle(provider, broker, admin_context):
    created = accounts.create_account(admin_context, broker, provider['id'], 'main',
                                      CREDENTIALS, weight=2.5, priority=3, options={'x': 'y'})
    assert 'credentials' not in created
    assert (created['weight'], created['priority']) == (2.5, 3)
    assert created['circuit_state'] == 'closed'
    assert accounts.get_account(admin_context, created['id']) == created
    assert accounts.account_credentials(admin_context, broker, created['id']) == CREDENTIALS

    updated = accounts.update_account(admin_context, created['id'], name='spare',
                                      enabled=False, weight=0, priority=-5, description='d')
    assert (updated['name'], updated['enabled'], updated['weight'], updated['priority']) == (
        'spare', False, 0.0, -5)
    accounts.set_credentials(admin_context, broker, created['id'],
                             {'username': 'u2', 'password': 'p2'})
    assert accounts.account_credentials(admin_context, broker, created['id'])['username'] == 'u2'
    assert [a['name'] for a in accounts.list_accounts(admin_context,
                                                      provider_id=provider['id'])] == ['spare']
    assert accounts.list_accounts(admin_context, enabled=True) == []

    accounts.delete_account(admin_context, created['id'])
    assert accounts.list_accounts(admin_context) == []
    assert [e['type'] for e in events.query(admin_context, account_id=created['id'])] == [
        'account.delete', 'account.credentials', 'account.update', 'account.create']


@pytest.mark.parametrize('kwargs, field', [
    ({'name': 'Main'}, 'name'), ({'credentials': None}, 'credentials'),
    ({'credentials': {'username': 'u'}}, 'credentials'),
    ({'credentials': {'username': 'u', 'password': ''}}, 'credentials'),
    ({'credentials': {'username': 'u', 'password': 5}}, 'credentials'),
    ({'weight': -1}, 'weight'), ({'weight': float('nan')}, 'weight'), ({'weight': 'x'}, 'weight'),
    ({'priority': 1.5}, 'priority'), ({'priority': 10 ** 6}, 'priority'),
    ({'options': 'x'}, 'options'), ({'enabled': None}, 'enabled'),
])
def test_create_account_rejects_bad_input(provider, broker, admin_context, kwargs, field):
    before = fx.row_counts(admin_context)
    arguments = dict({'name': 'main', 'credentials': CREDENTIALS}, **kwargs)
    with pytest.raises(errors.Invalid) as raised:
        accounts.create_account(admin_context, broker, provider['id'], **arguments)
    assert raised.value.kwargs['field'] == field
    assert fx.MOCK_PASSWORD not in str(raised.value)
    assert fx.row_counts(admin_context) == before


def test_account_names_are_unique_per_provider(account, broker, admin_context):
    other = providers.create_provider(admin_context, 'cloud-b', 'mock')
    accounts.create_account(admin_context, broker, other['id'], 'main', CREDENTIALS)
    second = accounts.create_account(admin_context, broker, account['provider_id'], 'second',
                                     CREDENTIALS)
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.ObjectExists):
        accounts.create_account(admin_context, broker, account['provider_id'], 'main',
                                CREDENTIALS)
    with pytest.raises(errors.ObjectExists):
        accounts.update_account(admin_context, second['id'], name='main')
    assert fx.row_counts(admin_context) == before


def test_unknown_accounts(database, broker, admin_context):
    with pytest.raises(errors.ObjectNotFound):
        accounts.create_account(admin_context, broker, 'nope', 'main', CREDENTIALS)
    for call in (accounts.get_account, accounts.delete_account):
        with pytest.raises(errors.ObjectNotFound):
            call(admin_context, 'nope')
    with pytest.raises(errors.ObjectNotFound):
        accounts.update_account(admin_context, 'nope', weight=1)
    with pytest.raises(errors.ObjectNotFound):
        accounts.account_credentials(admin_context, broker, 'nope')
    with pytest.raises(errors.ObjectNotFound):
        accounts.set_credentials(admin_context, broker, 'nope', CREDENTIALS)


def test_bad_credentials_update_keeps_the_old_ones(account, broker, admin_context):
    with pytest.raises(errors.Invalid):
        accounts.set_credentials(admin_context, broker, account['id'], {'username': 'x'})
    assert accounts.account_credentials(admin_context, broker, account['id']) == CREDENTIALS


def test_an_account_in_a_pool_is_not_deleted(account, pool, admin_context):
    pool_members.add_member(admin_context, pool['id'], account['id'])
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.InUse) as raised:
        accounts.delete_account(admin_context, account['id'])
    assert 'gold' in str(raised.value)
    assert fx.row_counts(admin_context) == before


def test_an_account_with_live_instances_is_not_deleted(account, user_id, admin_context):
    instance_id = fx.add_instance(admin_context, user_id, account_id=account['id'])
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.InUse):
        accounts.delete_account(admin_context, account['id'])
    assert fx.row_counts(admin_context) == before
    fx.mark_deleted(admin_context, instance_id)
    accounts.delete_account(admin_context, account['id'])


def test_connect_gives_the_driver_and_credentials(account, broker, admin_context):
    connection = accounts.connect(admin_context, broker, account['id'])
    assert connection.driver.name == 'mock'
    assert connection.driver.provider_name == 'cloud-a'
    assert connection.request.credentials.password == fx.MOCK_PASSWORD
    assert fx.MOCK_PASSWORD not in repr(connection)
    assert [r.id for r in connection.driver.list_realms(connection.request)] == ['us', 'eu']
