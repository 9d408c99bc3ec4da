"""Credentials stay secret: not returned, not in events, not in logs, only ciphertext stored."""

import json
import logging

import pytest
import sqlalchemy as sa

from broker_core import accounts
from broker_core.db import api as db_api
from broker_core.db import models
from broker_core import discovery
from broker_core import errors
from broker_core import events
from broker_core import pool_members
from broker_core import pools
from broker_core import providers
from broker_core import services
from iaas.drivers.mock import driver as mock_driver
from iaas import errors as iaas_errors
from iaas import loader
from tests.functional.broker_core.domain import conftest as fx

SECRET = 'Zq7-distinctive-S3CRET-9xK'
NEW_SECRET = 'Wv4-another-S3CRET-2pQ'


@db_api.reader
def every_stored_value(context):
    """Every row of every table, as text."""
    return [repr(tuple(row)) for table in models.BASE.metadata.sorted_tables
            for row in context.session.execute(sa.select(table))]


@db_api.reader
def stored_tokens(context):
    return context.session.scalars(sa.select(models.ProviderAccount.credentials)).all()


def assert_hidden(secret, *values):
    for value in values:
        assert secret not in json.dumps(value, default=str)
        assert secret not in repr(value)


def test_credentials_never_leave_the_broker(database, conf, broker, admin_context, caplog):
    caplog.set_level(logging.DEBUG)
    conf.set_override('password', SECRET, group='mock')
    provider = providers.create_provider(admin_context, 'cloud-a', 'mock', provider='cloud-a')
    returned = [provider]

    account = accounts.create_account(admin_context, broker, provider['id'], 'main',
                                      {'username': fx.MOCK_USER, 'password': SECRET},
                                      options={'region': 'r1'})
    returned.append(account)
    returned.append(accounts.update_account(admin_context, account['id'], weight=2.0))
    returned.append(discovery.sync_account(admin_context, broker, account['id']))
    returned.append(accounts.get_account(admin_context, account['id']))
    returned.append(accounts.list_accounts(admin_context))
    returned.append(discovery.list_images(admin_context, account['id']))
    pool = pools.create_pool(admin_context, 'gold')
    returned.append(pool_members.add_member(admin_context, pool['id'], account['id']))
    returned.append(accounts.set_credentials(admin_context, broker, account['id'],
                                             {'username': fx.MOCK_USER,
                                              'password': NEW_SECRET}))
    with pytest.raises(errors.SyncFailed) as refused:  # the mock still wants SECRET
        discovery.sync_account(admin_context, broker, account['id'])
    returned.append(str(refused.value))
    returned.append(events.query(admin_context))

    for secret in (SECRET, NEW_SECRET):
        assert_hidden(secret, *returned)
        assert not [r for r in caplog.records
                    if secret in r.getMessage() or secret in repr(r.args)]
        assert not [value for value in every_stored_value(admin_context) if secret in value]
    [token] = stored_tokens(admin_context)
    assert broker.cipher.decrypt(token)['password'] == NEW_SECRET
    assert [e['type'] for e in events.query(admin_context, account_id=account['id'])][:2] == [
        'account.credentials', 'pool.member.add']
    assert caplog.records  # the capture did see the broker's logging


def test_invalid_credentials_are_not_echoed(provider, broker, admin_context):
    for credentials in ({'password': SECRET}, {'username': SECRET},
                        {'username': 'u', 'password': SECRET, 'extra': 5}):
        with pytest.raises(errors.Invalid) as raised:
            accounts.create_account(admin_context, broker, provider['id'], 'main', credentials)
        assert SECRET not in str(raised.value)


class ChattyMockDriver(mock_driver.MockDriver):
    """A driver whose provider quotes the credentials in its error message."""

    def list_realms(self, context, **filters):
        raise iaas_errors.ProviderError('login %s/%s refused' % (
            context.credentials.username, context.credentials.password))


def test_a_provider_message_quoting_the_password_is_masked(database, conf, broker,
                                                           admin_context, caplog):
    caplog.set_level(logging.DEBUG)
    registry = loader.DriverRegistry(conf, enabled=['mock'])
    registry._classes['mock'] = ChattyMockDriver
    chatty = services.Broker(conf, cipher=broker.cipher, drivers=registry)
    provider = providers.create_provider(admin_context, 'cloud-a', 'mock')
    account = accounts.create_account(admin_context, chatty, provider['id'], 'main',
                                      {'username': 'u', 'password': SECRET})

    with pytest.raises(errors.SyncFailed) as raised:
        discovery.sync_account(admin_context, chatty, account['id'])

    assert SECRET not in str(raised.value) and '***' in str(raised.value)
    assert not [r for r in caplog.records if SECRET in r.getMessage()]


def test_the_broker_shows_no_key(broker, conf):
    [key] = conf.crypto.fernet_keys
    assert key not in repr(broker)
    assert 'broker' not in services.provider_driver_names()
