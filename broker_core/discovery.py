"""Catalog sync: what an account offers (realms, hardware profiles, images), kept current."""

import logging

import sqlalchemy as sa

from broker_core import accounts
from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core.db.models import base as models_base
from broker_core import errors
from broker_core import events
from broker_core import hardware
from broker_core import validation as check
from iaas import errors as iaas_errors

LOG = logging.getLogger(__name__)
PRICE_KEY = 'price_per_hour'


def sync_account(context, broker, account_id):
    """Ask the account's provider for its catalog and store it; returns what changed.

    The provider is asked first, outside any transaction (a provider call must not hold
    one open), and the answer is stored in one writer transaction: SyncFailed, and nothing
    stored, when the provider or its driver fails. Objects the provider no longer lists
    keep their rows with ``vanished_at`` set, since pools and mappings may still name them;
    they are cleared when the objects come back. Rows whose content did not change are not
    written, so a repeated sync changes nothing but the account's ``synced_at``.
    """
    connection = accounts.connect(context, broker, account_id)
    try:
        found = _ask_provider(connection)
    except iaas_errors.IaasError as exc:
        reason = _without_secrets(exc.message, connection.request.credentials)
        LOG.warning('Catalog sync of account %s failed: %s', connection.account_name, reason)
        raise errors.SyncFailed(account=connection.account_name, reason=reason) from None
    return _store(context, account_id, found)


def _ask_provider(connection):
    driver, request = connection.driver, connection.request
    return {'realms': [_realm_row(realm) for realm in driver.list_realms(request)],
            'hardware_profiles': [_profile_row(profile)
                                  for profile in driver.list_hardware_profiles(request)],
            'images': [_image_row(image) for image in driver.list_images(request)]}


def _without_secrets(message, credentials):
    """A provider's message with the credentials masked, should it quote them."""
    message = str(message)
    if credentials is not None and credentials.password:
        message = message.replace(credentials.password, events.MASK)
    return message


def _realm_row(realm):
    return {'key': realm.id, 'name': realm.name, 'state': realm.state,
            'properties': events.scrub({'limit': realm.limit})}


def _profile_row(profile):
    price = profile.extra.get(PRICE_KEY)
    return {'key': profile.id, 'name': profile.name,
            'properties': hardware.dump_properties(profile.properties),
            'price_per_hour': None if price is None else check.money(PRICE_KEY, price)}


def _image_row(image):
    return {'key': image.id, 'name': image.name, 'description': image.description,
            'architecture': image.architecture or None, 'state': image.state,
            'properties': events.scrub({
                'owner_id': image.owner_id, 'root_type': image.root_type,
                'creation_time': image.creation_time,
                'hardware_profile_ids': list(image.hardware_profile_ids)})}


# Per collection: the model, the column holding the provider's id, the columns a sync sets.
COLLECTIONS = {
    'realms': (models.ProviderRealm, 'provider_realm_id', ('name', 'state', 'properties')),
    'hardware_profiles': (models.ProviderHardwareProfile, 'provider_profile_id',
                          ('name', 'properties', 'price_per_hour')),
    'images': (models.ProviderImage, 'provider_image_id',
               ('name', 'description', 'architecture', 'state', 'properties')),
}


@db_api.writer
def _store(context, account_id, found):
    account = helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account')
    now = models_base.utcnow()
    summary = {name: _upsert(context, account.id, name, rows, now)
               for name, rows in found.items()}
    account.synced_at = now
    events.record(context, 'account.sync', 'account', account.id, account_id=account.id,
                  details=summary)
    LOG.info('Synced the catalog of account %s: %s', account.name, summary)
    return summary


def _upsert(context, account_id, collection, rows, now):
    """Bring one collection of an account in line with ``rows``; count what changed."""
    model, key_column, columns = COLLECTIONS[collection]
    existing = {getattr(row, key_column): row for row in context.session.scalars(
        sa.select(model).where(model.account_id == account_id))}
    counts = {'added': 0, 'changed': 0, 'vanished': 0, 'reappeared': 0}
    for found in rows:
        row = existing.pop(found['key'], None)
        if row is None:
            row = model(account_id=account_id, **{key_column: found['key']})
            context.session.add(row)
            counts['added'] += 1
        elif row.vanished_at is not None:
            row.vanished_at = None
            counts['reappeared'] += 1
        changed = False
        for column in columns:
            value = found[column]
            if column == 'price_per_hour' and value is None:
                continue  # no list price: keep what an operator set
            if getattr(row, column) != value:
                setattr(row, column, value)
                changed = True
        if changed and row.id is not None:
            counts['changed'] += 1
    for row in existing.values():
        if row.vanished_at is None:
            row.vanished_at = now
            counts['vanished'] += 1
    context.session.flush()
    return counts


def _render_discovered(row, key_column):
    data = {'id': row.id, 'account_id': row.account_id, key_column: getattr(row, key_column),
            'name': row.name, 'properties': dict(row.properties or {}),
            'vanished_at': row.vanished_at}
    data.update(helpers.timestamps(row))
    return data


def render_realm(row):
    return dict(_render_discovered(row, 'provider_realm_id'), state=row.state)


def render_hardware_profile(row):
    return dict(_render_discovered(row, 'provider_profile_id'),
                price_per_hour=row.price_per_hour)


def render_image(row):
    return dict(_render_discovered(row, 'provider_image_id'), description=row.description,
                architecture=row.architecture, state=row.state)


RENDERERS = {'realms': render_realm, 'hardware_profiles': render_hardware_profile,
             'images': render_image}


def _lister(collection):
    model = COLLECTIONS[collection][0]
    key_column = COLLECTIONS[collection][1]

    @db_api.reader
    def list_discovered(context, account_id, include_vanished=False):
        helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account')
        statement = sa.select(model).where(model.account_id == account_id).order_by(
            getattr(model, key_column))
        if not include_vanished:
            statement = statement.where(model.vanished_at.is_(None))
        return [RENDERERS[collection](row) for row in context.session.scalars(statement)]
    list_discovered.__name__ = 'list_' + collection
    list_discovered.__doc__ = ('The discovered %s of an account, by provider id; vanished '
                               'ones only when asked.' % collection.replace('_', ' '))
    return list_discovered


list_realms = _lister('realms')
list_hardware_profiles = _lister('hardware_profiles')
list_images = _lister('images')


@db_api.reader
def get_hardware_profile(context, provider_hwp_id):
    """One discovered provider hardware profile by its row id."""
    return render_hardware_profile(helpers.get_or_raise(
        context, models.ProviderHardwareProfile, provider_hwp_id, 'provider hardware profile'))


@db_api.writer
def set_hardware_profile_price(context, provider_hwp_id, price_per_hour):
    """Set (or with None clear) the list price of a provider hardware profile.

    For providers whose driver reports no price; a sync that finds a price replaces it.
    """
    row = helpers.get_or_raise(context, models.ProviderHardwareProfile, provider_hwp_id,
                               'provider hardware profile')
    row.price_per_hour = (None if price_per_hour is None
                          else check.money('price_per_hour', price_per_hour))
    context.session.flush()
    events.record(context, 'hardware_profile.price', 'provider_hardware_profile', row.id,
                  account_id=row.account_id, details={'price_per_hour': row.price_per_hour})
    return render_hardware_profile(row)
