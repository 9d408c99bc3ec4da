"""Provider accounts: encrypted credentials, placement knobs, and the way to reach their driver."""

import collections
import logging

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import validation as check
from iaas import models as iaas_models

LOG = logging.getLogger(__name__)
# Only ``account_credentials`` and ``connect`` hand credentials out, to the code that calls
# providers; every other function renders accounts without them and logs none.
UNSET = check.UNSET
REQUIRED_CREDENTIALS = ('username', 'password')
HEALTH_FIELDS = ('consecutive_failures', 'error_rate', 'circuit_state', 'circuit_opened_at',
                 'last_success_at', 'last_failure_at', 'last_error', 'synced_at')

# What the code calling a provider needs for one account; ``request`` holds the credentials.
Connection = collections.namedtuple('Connection', 'account_id account_name driver request')


def render(account):
    """The plain-value form of a ProviderAccount row, without its credentials."""
    data = {'id': account.id, 'provider_id': account.provider_id, 'name': account.name,
            'description': account.description, 'options': dict(account.options or {}),
            'enabled': account.enabled, 'weight': account.weight, 'priority': account.priority}
    data.update((field, getattr(account, field)) for field in HEALTH_FIELDS)
    data.update(helpers.timestamps(account))
    return data


def check_credentials(credentials):
    """A dict of strings with at least a username and a password; values are never echoed."""
    if not isinstance(credentials, dict):
        raise errors.Invalid(field='credentials', reason='a dict is required')
    for key in REQUIRED_CREDENTIALS:
        if key not in credentials:
            raise errors.Invalid(field='credentials', reason="'%s' is required" % key)
    for key, value in credentials.items():
        if not isinstance(key, str) or len(key) > 64:
            raise errors.Invalid(field='credentials', reason='keys must be short strings')
        if not isinstance(value, str) or not value:
            raise errors.Invalid(field='credentials',
                                 reason="'%s' must be a non-empty string" % key)
    return dict(credentials)


def _check_placement_fields(weight=UNSET, priority=UNSET):
    checked = {}
    if weight is not UNSET:
        checked['weight'] = check.number('weight', weight, minimum=0.0)
    if priority is not UNSET:
        checked['priority'] = check.integer('priority', priority, minimum=-1000, maximum=1000)
    return checked


@db_api.writer
def create_account(context, broker, provider_id, name, credentials, description=None,
                   options=None, enabled=True, weight=1.0, priority=0):
    """A new account of a provider, its credentials encrypted with the broker's cipher."""
    provider = helpers.get_or_raise(context, models.Provider, provider_id, 'provider')
    fields = dict(_check_placement_fields(weight, priority),
                  name=check.name('name', name),
                  description=check.text('description', description),
                  options=check.json_dict('options', options),
                  enabled=check.boolean('enabled', enabled))
    token = broker.cipher.encrypt(check_credentials(credentials))
    taken = sa.select(models.ProviderAccount.id).where(
        models.ProviderAccount.provider_id == provider.id, models.ProviderAccount.name == name)
    if helpers.exists(context, taken):
        raise errors.ObjectExists(kind='account', ident='%s/%s' % (provider.name, name))
    row = models.ProviderAccount(provider_id=provider.id, credentials=token, **fields)
    context.session.add(row)
    helpers.flush_unique(context, 'account', '%s/%s' % (provider.name, name))
    events.record(context, 'account.create', 'account', row.id, account_id=row.id,
                  details={'name': name, 'provider': provider.name,
                           'weight': row.weight, 'priority': row.priority})
    LOG.info('Created account %s of provider %s', name, provider.name)
    return render(row)


@db_api.reader
def get_account(context, account_id):
    return render(helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account'))


@db_api.reader
def list_accounts(context, provider_id=None, enabled=None):
    """Accounts ordered by provider and name, optionally of one provider or enabled state."""
    account = models.ProviderAccount
    statement = sa.select(account).order_by(account.provider_id, account.name)
    if provider_id is not None:
        statement = statement.where(account.provider_id == provider_id)
    if enabled is not None:
        statement = statement.where(account.enabled == check.boolean('enabled', enabled))
    return [render(row) for row in context.session.scalars(statement)]


@db_api.writer
def update_account(context, account_id, *, name=UNSET, description=UNSET, options=UNSET,
                   enabled=UNSET, weight=UNSET, priority=UNSET):
    """Change the given fields; credentials change through ``set_credentials``."""
    row = helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account')
    changes = _check_placement_fields(weight, priority)
    if name is not UNSET:
        changes['name'] = check.name('name', name)
    if description is not UNSET:
        changes['description'] = check.text('description', description)
    if options is not UNSET:
        changes['options'] = check.json_dict('options', options)
    if enabled is not UNSET:
        changes['enabled'] = check.boolean('enabled', enabled)
    for field, value in changes.items():
        setattr(row, field, value)
    helpers.flush_unique(context, 'account', row.name)
    events.record(context, 'account.update', 'account', row.id, account_id=row.id,
                  details={'changed': sorted(changes)})
    return render(row)


@db_api.writer
def set_credentials(context, broker, account_id, credentials):
    """Replace the account's credentials; the event says they changed, never what they are."""
    row = helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account')
    row.credentials = broker.cipher.encrypt(check_credentials(credentials))
    context.session.flush()
    events.record(context, 'account.credentials', 'account', row.id, account_id=row.id)
    LOG.info('Replaced the credentials of account %s', row.name)
    return render(row)


@db_api.writer
def delete_account(context, account_id):
    """Delete an account; InUse while a pool holds it or live resources run in it."""
    row = helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account')
    pools = context.session.scalars(
        sa.select(models.Pool.name).join(models.PoolMember).where(
            models.PoolMember.account_id == row.id).order_by(models.Pool.name)).all()
    if pools:
        raise errors.InUse(kind='account', ident=row.name,
                           reason='member of pools %s' % ', '.join(pools))
    live = helpers.count_live(context, account_id=row.id)
    if live:
        raise errors.InUse(kind='account', ident=row.name,
                           reason='%d live %s' % (live, helpers.LIVE_RESOURCE_NAMES))
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'account.delete', 'account', row.id, account_id=row.id,
                  details={'name': row.name})
    LOG.info('Deleted account %s', row.name)


@db_api.reader
def account_credentials(context, broker, account_id):
    """The decrypted credentials dict, for the code that calls the provider; never render it."""
    row = helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account')
    return broker.cipher.decrypt(row.credentials)


@db_api.reader
def _access(context, broker, account_id):
    row = helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account')
    credentials = broker.cipher.decrypt(row.credentials)
    return row.name, row.provider.driver, row.provider.provider, credentials


def connect(context, broker, account_id):
    """The provider driver of an account and the driver request context carrying its credentials.

    The driver is called outside any DB transaction: a provider call must not hold one open.
    """
    account_name, driver_name, provider_argument, credentials = _access(
        context, broker, account_id)
    driver = broker.driver(driver_name, provider_argument)
    request = iaas_models.RequestContext(
        credentials=iaas_models.Credentials(credentials['username'], credentials['password']),
        provider=provider_argument, request_id=context.request_id)
    return Connection(account_id, account_name, driver, request)
