"""Broker images and their mappings to provider images, per provider or per account."""

import logging

import sqlalchemy as sa

from broker_core.catalog import owners
from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import validation as check

LOG = logging.getLogger(__name__)
UNSET = check.UNSET
ARCHITECTURE_LENGTH = 32


def render(image):
    return dict({'id': image.id, 'name': image.name, 'description': image.description,
                 'architecture': image.architecture, 'owner_id': image.owner_id,
                 'properties': dict(image.properties or {})}, **helpers.timestamps(image))


def render_mapping(mapping):
    return dict({'id': mapping.id, 'image_id': mapping.image_id,
                 'provider_id': mapping.provider_id, 'account_id': mapping.account_id,
                 'provider_image_id': mapping.provider_image_id},
                **helpers.timestamps(mapping))


@db_api.writer
def create_image(context, name, description=None, architecture=None, owner_id=None,
                 properties=None):
    """A new broker image; no owner means it is offered to everyone."""
    row = models.Image(
        name=check.label('name', name), description=check.text('description', description),
        architecture=check.label('architecture', architecture, ARCHITECTURE_LENGTH,
                                 optional=True),
        owner_id=None if owner_id is None else owners.check_owner(context, owner_id),
        properties=check.json_dict('properties', properties))
    if helpers.exists(context, sa.select(models.Image.id).where(models.Image.name == row.name)):
        raise errors.ObjectExists(kind='image', ident=row.name)
    context.session.add(row)
    helpers.flush_unique(context, 'image', row.name)
    events.record(context, 'image.create', 'image', row.id,
                  details={'name': row.name, 'owner_id': row.owner_id})
    return render(row)


@db_api.reader
def get_image(context, image_id):
    return render(helpers.get_or_raise(context, models.Image, image_id, 'image'))


@db_api.reader
def list_images(context, owner_id=None):
    """Images by name; with ``owner_id``, that user's images and the public ones."""
    statement = sa.select(models.Image).order_by(models.Image.name)
    if owner_id is not None:
        statement = statement.where(sa.or_(models.Image.owner_id.is_(None),
                                           models.Image.owner_id == owner_id))
    return [render(row) for row in context.session.scalars(statement)]


@db_api.writer
def update_image(context, image_id, *, name=UNSET, description=UNSET, architecture=UNSET,
                 properties=UNSET):
    row = helpers.get_or_raise(context, models.Image, image_id, 'image')
    changes = {}
    if name is not UNSET:
        changes['name'] = check.label('name', name)
    if description is not UNSET:
        changes['description'] = check.text('description', description)
    if architecture is not UNSET:
        changes['architecture'] = check.label('architecture', architecture,
                                              ARCHITECTURE_LENGTH, optional=True)
    if properties is not UNSET:
        changes['properties'] = check.json_dict('properties', properties)
    for field, value in changes.items():
        setattr(row, field, value)
    helpers.flush_unique(context, 'image', row.name)
    events.record(context, 'image.update', 'image', row.id,
                  details={'changed': sorted(changes)})
    return render(row)


@db_api.writer
def delete_image(context, image_id):
    """Delete an image and its mappings; InUse while live instances run it."""
    row = helpers.get_or_raise(context, models.Image, image_id, 'image')
    live = helpers.count_live(context, image_id=row.id)
    if live:
        raise errors.InUse(kind='image', ident=row.name, reason='%d live instances' % live)
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'image.delete', 'image', row.id, details={'name': row.name})


def _mapping_target(context, provider_id, account_id):
    """The column and id a mapping is keyed on: exactly one of provider and account."""
    if (provider_id is None) == (account_id is None):
        raise errors.Invalid(field='provider_id', reason='give a provider or an account, '
                                                         'not both or neither')
    if provider_id is not None:
        return 'provider_id', helpers.get_or_raise(context, models.Provider, provider_id,
                                                   'provider').id
    return 'account_id', helpers.get_or_raise(context, models.ProviderAccount, account_id,
                                              'account').id


def _find_mapping(context, image_id, column, target):
    mapping = models.ImageMapping
    return context.session.scalars(sa.select(mapping).where(
        mapping.image_id == image_id, getattr(mapping, column) == target)).first()


@db_api.writer
def set_image_mapping(context, image_id, provider_image_id, *, provider_id=None,
                      account_id=None):
    """Map an image to a provider image for every account of a provider, or for one account.

    Replaces the mapping the image had there. The provider image need not be discovered yet.
    """
    image = helpers.get_or_raise(context, models.Image, image_id, 'image')
    provider_image_id = check.label('provider_image_id', provider_image_id)
    column, target = _mapping_target(context, provider_id, account_id)
    row = _find_mapping(context, image.id, column, target)
    if row is None:
        row = models.ImageMapping(image_id=image.id, **{column: target})
        context.session.add(row)
    row.provider_image_id = provider_image_id
    helpers.flush_unique(context, 'image mapping', '%s/%s' % (image.name, target))
    events.record(context, 'image.mapping.set', 'image', image.id,
                  account_id=row.account_id,
                  details={column: target, 'provider_image_id': provider_image_id})
    return render_mapping(row)


@db_api.reader
def list_image_mappings(context, image_id):
    """An image's mappings: provider mappings first, then account ones."""
    helpers.get_or_raise(context, models.Image, image_id, 'image')
    mapping = models.ImageMapping
    rows = context.session.scalars(sa.select(mapping).where(mapping.image_id == image_id))
    return [render_mapping(row) for row in sorted(
        rows, key=lambda row: (row.provider_id is None, row.provider_id or row.account_id))]


@db_api.writer
def delete_image_mapping(context, image_id, *, provider_id=None, account_id=None):
    image = helpers.get_or_raise(context, models.Image, image_id, 'image')
    column, target = _mapping_target(context, provider_id, account_id)
    row = _find_mapping(context, image.id, column, target)
    if row is None:
        raise errors.ObjectNotFound(kind='image mapping', ident='%s/%s' % (image.name, target))
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'image.mapping.delete', 'image', image.id,
                  account_id=row.account_id, details={column: target})


@db_api.reader
def resolve_image(context, image_id, account_id):
    """The provider image id of an image in an account, or None when it is not mapped there.

    The account's own mapping wins over its provider's.
    """
    image = helpers.get_or_raise(context, models.Image, image_id, 'image')
    account = helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account')
    for column, target in (('account_id', account.id), ('provider_id', account.provider_id)):
        row = _find_mapping(context, image.id, column, target)
        if row is not None:
            return row.provider_image_id
    return None
