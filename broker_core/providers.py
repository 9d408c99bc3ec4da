"""Providers: the clouds the broker reaches, each through one installed provider driver."""

import logging

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import services
from broker_core import validation as check

LOG = logging.getLogger(__name__)
UNSET = check.UNSET
PROVIDER_LENGTH = 1024


def render(provider):
    """The plain-value form of a Provider row."""
    return dict({'id': provider.id, 'name': provider.name, 'driver': provider.driver,
                 'provider': provider.provider, 'description': provider.description,
                 'enabled': provider.enabled, 'options': dict(provider.options or {})},
                **helpers.timestamps(provider))


def _check_driver(driver):
    names = services.provider_driver_names()
    if not isinstance(driver, str) or driver not in names:
        raise errors.Invalid(field='driver', reason='must be one of the installed drivers: %s'
                             % ', '.join(names))
    return driver


def _check_provider_argument(value):
    return check.label('provider', value, length=PROVIDER_LENGTH, optional=True)


@db_api.writer
def create_provider(context, name, driver, provider=None, description=None, enabled=True,
                    options=None):
    """A new provider; ObjectExists when the name is taken."""
    row = models.Provider(
        name=check.name('name', name), driver=_check_driver(driver),
        provider=_check_provider_argument(provider),
        description=check.text('description', description),
        enabled=check.boolean('enabled', enabled), options=check.json_dict('options', options))
    if helpers.exists(context, sa.select(models.Provider.id).where(models.Provider.name == name)):
        raise errors.ObjectExists(kind='provider', ident=name)
    context.session.add(row)
    helpers.flush_unique(context, 'provider', name)
    events.record(context, 'provider.create', 'provider', row.id,
                  details={'name': name, 'driver': driver, 'provider': row.provider})
    LOG.info('Created provider %s (driver %s)', name, driver)
    return render(row)


@db_api.reader
def get_provider(context, provider_id):
    return render(helpers.get_or_raise(context, models.Provider, provider_id, 'provider'))


@db_api.reader
def get_provider_by_name(context, name):
    return render(helpers.get_by_name_or_raise(context, models.Provider, name, 'provider'))


@db_api.reader
def list_providers(context, enabled=None):
    """Every provider by name, or only the enabled (or disabled) ones."""
    statement = sa.select(models.Provider).order_by(models.Provider.name)
    if enabled is not None:
        statement = statement.where(models.Provider.enabled == check.boolean('enabled', enabled))
    return [render(row) for row in context.session.scalars(statement)]


@db_api.writer
def update_provider(context, provider_id, *, name=UNSET, provider=UNSET, description=UNSET,
                    enabled=UNSET, options=UNSET):
    """Change the given fields; the driver is fixed for the provider's life.

    Changing it would leave every account's discovered catalog meaningless.
    """
    row = helpers.get_or_raise(context, models.Provider, provider_id, 'provider')
    changes = {}
    if name is not UNSET:
        changes['name'] = check.name('name', name)
    if provider is not UNSET:
        changes['provider'] = _check_provider_argument(provider)
    if description is not UNSET:
        changes['description'] = check.text('description', description)
    if enabled is not UNSET:
        changes['enabled'] = check.boolean('enabled', enabled)
    if options is not UNSET:
        changes['options'] = check.json_dict('options', options)
    for field, value in changes.items():
        setattr(row, field, value)
    helpers.flush_unique(context, 'provider', row.name)
    events.record(context, 'provider.update', 'provider', row.id,
                  details={'changed': sorted(changes)})
    return render(row)


@db_api.writer
def delete_provider(context, provider_id):
    """Delete a provider without accounts; InUse while it has any."""
    row = helpers.get_or_raise(context, models.Provider, provider_id, 'provider')
    accounts = context.session.scalar(
        sa.select(sa.func.count()).select_from(models.ProviderAccount).where(
            models.ProviderAccount.provider_id == row.id))
    if accounts:
        raise errors.InUse(kind='provider', ident=row.name,
                           reason='%d accounts belong to it' % accounts)
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'provider.delete', 'provider', row.id, details={'name': row.name})
    LOG.info('Deleted provider %s', row.name)
