"""Fixtures of the domain tests: broker configuration, the Broker, and rows to build on."""

import pytest
import sqlalchemy as sa

from broker_core import accounts
from broker_core import conf as broker_conf
from broker_core import crypto
from broker_core.db import api as db_api
from broker_core.db import models
from broker_core import pools
from broker_core import providers
from broker_core import services
from tests.functional.broker_core.domain import seeds

MOCK_USER = 'mockuser'
MOCK_PASSWORD = 'mockpassword'
CREDENTIALS = {'username': MOCK_USER, 'password': MOCK_PASSWORD}


@pytest.fixture
def conf(tmp_path):
    """Broker configuration with its state (mock clouds, key file) in the test's directory."""
    config = broker_conf.build([])
    config.set_override('state_path', str(tmp_path))
    config.set_override('fernet_keys', [crypto.generate_key()], group='crypto')
    return config


@pytest.fixture
def broker(conf):
    return services.Broker(conf)


@db_api.writer
def add_user(context, name='alice'):
    user = models.User(name=name)
    context.session.add(user)
    context.session.flush()
    return user.id


@db_api.writer
def add_instance(context, owner_id, **fields):
    """A live instance record, as the launch saga would leave it."""
    instance = models.Instance(owner_id=owner_id, **fields)
    context.session.add(instance)
    context.session.flush()
    return instance.id


@db_api.writer
def add_provider_profile(context, account_id, profile_id, properties, price=None,
                         vanished=False):
    row = models.ProviderHardwareProfile(account_id=account_id, provider_profile_id=profile_id,
                                         name=profile_id, properties=properties,
                                         price_per_hour=price,
                                         vanished_at=models.base.utcnow() if vanished else None)
    context.session.add(row)
    context.session.flush()
    return row.id


@db_api.reader
def row_counts(context):
    """Rows per table: compared before and after a failure, nothing partial may remain."""
    return {table.name: context.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in models.BASE.metadata.sorted_tables}


@pytest.fixture
def user_id(database, admin_context):
    return add_user(admin_context)


@pytest.fixture
def provider(database, admin_context):
    return providers.create_provider(admin_context, 'cloud-a', 'mock', provider='cloud-a')


@pytest.fixture
def account(provider, broker, admin_context):
    return accounts.create_account(admin_context, broker, provider['id'], 'main', CREDENTIALS)


@pytest.fixture
def world(database, admin_context):
    """A pool, an account, and two users of the pool (alice, bob) with their contexts.

    Test modules that need other rows define their own ``world``.
    """
    pool = seeds.add_pool(admin_context)
    names = {'pool': pool, 'account': seeds.add_account(admin_context),
             'alice': seeds.add_user(admin_context, 'alice'),
             'bob': seeds.add_user(admin_context, 'bob')}
    names['alice_ctx'] = seeds.context_of(names['alice'], ('pool_user', pool))
    names['bob_ctx'] = seeds.context_of(names['bob'], ('pool_user', pool))
    return names


@pytest.fixture
def pool(database, admin_context):
    return pools.create_pool(admin_context, 'gold')


@db_api.writer
def mark_deleted(context, instance_id):
    context.session.get(models.Instance, instance_id).deleted_at = models.base.utcnow()


@db_api.writer
def associate(context, address_id, instance_id):
    context.session.get(models.Address, address_id).instance_id = instance_id
