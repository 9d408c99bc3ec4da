"""Users' networks and subnets: CIDR address blocks, each subnet inside its network."""

import ipaddress
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
SUBNET_TYPES = ('public', 'private')


def check_cidr(field, value):
    """A normalized CIDR block; Invalid for anything else, host bits set included."""
    if not isinstance(value, str):
        raise errors.Invalid(field=field, reason='a CIDR address block is required')
    try:
        return ipaddress.ip_network(value.strip(), strict=True)
    except ValueError:
        raise errors.Invalid(field=field, reason='%r is not a CIDR address block'
                             % value) from None


def render(network, subnet_ids=()):
    return dict({'id': network.id, 'owner_id': network.owner_id, 'name': network.name,
                 'address_block': network.address_block, 'state': network.state,
                 'subnet_ids': list(subnet_ids)}, **helpers.timestamps(network))


def render_subnet(subnet):
    return dict({'id': subnet.id, 'owner_id': subnet.owner_id, 'network_id': subnet.network_id,
                 'name': subnet.name, 'address_block': subnet.address_block,
                 'type': subnet.type, 'state': subnet.state}, **helpers.timestamps(subnet))


def _subnets(context, network_id):
    subnet = models.Subnet
    return context.session.scalars(sa.select(subnet).where(subnet.network_id == network_id)
                                   .order_by(subnet.address_block, subnet.id)).all()


@db_api.writer
def create_network(context, owner_id, address_block, name=None):
    owner_id = owners.check_owner(context, owner_id)
    row = models.Network(owner_id=owner_id, name=check.label('name', name, optional=True),
                         address_block=str(check_cidr('address_block', address_block)))
    context.session.add(row)
    context.session.flush()
    events.record(context, 'network.create', 'network', row.id,
                  details={'owner_id': owner_id, 'address_block': row.address_block})
    return render(row)


@db_api.reader
def get_network(context, network_id):
    row = helpers.get_or_raise(context, models.Network, network_id, 'network')
    return render(row, [subnet.id for subnet in _subnets(context, row.id)])


@db_api.reader
def list_networks(context, owner_id=None):
    statement = owners.owner_filter(sa.select(models.Network), models.Network,
                                    owner_id).order_by(models.Network.created_at,
                                                       models.Network.id)
    return [render(row, [s.id for s in _subnets(context, row.id)])
            for row in context.session.scalars(statement)]


def _ensure_unused(context, row):
    subnets = _subnets(context, row.id)
    if subnets:
        raise errors.InUse(kind='network', ident=row.id, reason='%d subnets' % len(subnets))


@db_api.reader
def check_deletable(context, network_id):
    """Raise what ``delete_network`` would: asked before it is removed from its providers."""
    _ensure_unused(context, helpers.get_or_raise(context, models.Network, network_id,
                                                 'network'))


@db_api.writer
def delete_network(context, network_id):
    """Delete a network; InUse while it has subnets."""
    row = helpers.get_or_raise(context, models.Network, network_id, 'network')
    _ensure_unused(context, row)
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'network.delete', 'network', row.id)


@db_api.writer
def create_subnet(context, network_id, address_block, name=None, type=None):
    """A subnet of a network: inside its block and overlapping none of its other subnets."""
    network = helpers.get_or_raise(context, models.Network, network_id, 'network')
    block = check_cidr('address_block', address_block)
    outer = ipaddress.ip_network(network.address_block)
    if block.version != outer.version or not block.subnet_of(outer):
        raise errors.Invalid(field='address_block', reason='%s is not inside the network %s'
                             % (block, outer))
    for sibling in _subnets(context, network.id):
        if ipaddress.ip_network(sibling.address_block).overlaps(block):
            raise errors.Invalid(field='address_block', reason='overlaps subnet %s (%s)'
                                 % (sibling.id, sibling.address_block))
    if type is not None and type not in SUBNET_TYPES:
        raise errors.Invalid(field='type', reason='one of %s' % ', '.join(SUBNET_TYPES))
    row = models.Subnet(owner_id=network.owner_id, network_id=network.id, type=type,
                        name=check.label('name', name, optional=True), address_block=str(block))
    context.session.add(row)
    context.session.flush()
    events.record(context, 'subnet.create', 'subnet', row.id,
                  details={'network_id': network.id, 'address_block': row.address_block})
    return render_subnet(row)


@db_api.reader
def get_subnet(context, subnet_id):
    return render_subnet(helpers.get_or_raise(context, models.Subnet, subnet_id, 'subnet'))


@db_api.reader
def list_subnets(context, network_id=None, owner_id=None):
    subnet = models.Subnet
    statement = owners.owner_filter(sa.select(subnet), subnet, owner_id).order_by(
        subnet.network_id, subnet.address_block, subnet.id)
    if network_id is not None:
        statement = statement.where(subnet.network_id == network_id)
    return [render_subnet(row) for row in context.session.scalars(statement)]


@db_api.writer
def delete_subnet(context, subnet_id):
    row = helpers.get_or_raise(context, models.Subnet, subnet_id, 'subnet')
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'subnet.delete', 'subnet', row.id,
                  details={'network_id': row.network_id})
