"""Users' public addresses: broker objects whose ip is known once realized in an account."""

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


def render(address):
    return dict({'id': address.id, 'owner_id': address.owner_id, 'pool_id': address.pool_id,
                 'ip': address.ip, 'instance_id': address.instance_id},
                **helpers.timestamps(address))


@db_api.writer
def create_address(context, owner_id, pool_id=None):
    """A new address of a user, optionally bound to the pool it will be realized in."""
    owner_id = owners.check_owner(context, owner_id)
    if pool_id is not None:
        pool_id = helpers.get_or_raise(context, models.Pool, pool_id, 'pool').id
    row = models.Address(owner_id=owner_id, pool_id=pool_id)
    context.session.add(row)
    context.session.flush()
    events.record(context, 'address.create', 'address', row.id, pool_id=pool_id,
                  details={'owner_id': owner_id})
    return render(row)


@db_api.reader
def get_address(context, address_id):
    return render(helpers.get_or_raise(context, models.Address, address_id, 'address'))


@db_api.reader
def list_addresses(context, owner_id=None, pool_id=None):
    statement = owners.owner_filter(sa.select(models.Address), models.Address,
                                    owner_id).order_by(models.Address.created_at,
                                                       models.Address.id)
    if pool_id is not None:
        statement = statement.where(models.Address.pool_id == pool_id)
    return [render(row) for row in context.session.scalars(statement)]


@db_api.writer
def record_ip(context, address_id, ip, pool_id=None):
    """The ip the address got where it was realized (None: its realization is gone)."""
    row = helpers.get_or_raise(context, models.Address, address_id, 'address')
    row.ip = check.label('ip', ip, optional=True)
    if pool_id is not None:
        row.pool_id = helpers.get_or_raise(context, models.Pool, pool_id, 'pool').id
    context.session.flush()
    events.record(context, 'address.ip', 'address', row.id, pool_id=row.pool_id,
                  details={'ip': row.ip})
    return render(row)


@db_api.writer
def record_association(context, address_id, instance_id):
    """The instance of the owner the address is now associated with; None: disassociated."""
    row = helpers.get_or_raise(context, models.Address, address_id, 'address')
    if instance_id is not None:
        instance = helpers.get_or_raise(context, models.Instance, instance_id, 'instance')
        if instance.owner_id != row.owner_id or instance.deleted_at is not None:
            raise errors.ObjectNotFound(kind='instance', ident=instance_id)
    before, row.instance_id = row.instance_id, instance_id
    context.session.flush()
    events.record(context, 'address.associate' if instance_id else 'address.disassociate',
                  'address', row.id, pool_id=row.pool_id,
                  details={'instance_id': instance_id or before})
    return render(row)


def _ensure_unused(row):
    if row.instance_id is not None:
        raise errors.InUse(kind='address', ident=row.id,
                           reason='associated with instance %s' % row.instance_id)


@db_api.reader
def check_deletable(context, address_id):
    """Raise what ``delete_address`` would: asked before it is released at its provider."""
    _ensure_unused(helpers.get_or_raise(context, models.Address, address_id, 'address'))


@db_api.writer
def delete_address(context, address_id):
    """Delete an address; InUse while it is associated with an instance."""
    row = helpers.get_or_raise(context, models.Address, address_id, 'address')
    _ensure_unused(row)
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'address.delete', 'address', row.id, pool_id=row.pool_id)
