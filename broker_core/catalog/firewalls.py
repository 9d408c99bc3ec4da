"""Users' firewalls and their rules (protocol, port range, CIDR or firewall-group sources)."""

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
PROTOCOLS = ('tcp', 'udp', 'icmp')
DIRECTIONS = ('ingress', 'egress')
MAX_SOURCES = 100


def render_rule(rule):
    return {'id': rule.id, 'firewall_id': rule.firewall_id, 'direction': rule.direction,
            'protocol': rule.protocol, 'from_port': rule.from_port, 'to_port': rule.to_port,
            'sources': [dict(source) for source in rule.sources or []]}


def render(firewall, rules):
    return dict({'id': firewall.id, 'owner_id': firewall.owner_id, 'name': firewall.name,
                 'description': firewall.description,
                 'rules': [render_rule(rule) for rule in rules]},
                **helpers.timestamps(firewall))


def _rules(context, firewall_id):
    rule = models.FirewallRule
    return context.session.scalars(sa.select(rule).where(rule.firewall_id == firewall_id)
                                   .order_by(rule.created_at, rule.id)).all()


@db_api.writer
def create_firewall(context, owner_id, name, description=None):
    """A new firewall without rules; ObjectExists when the user has one of that name."""
    owner_id = owners.check_owner(context, owner_id)
    name = check.label('name', name)
    taken = sa.select(models.Firewall.id).where(models.Firewall.owner_id == owner_id,
                                                models.Firewall.name == name)
    if helpers.exists(context, taken):
        raise errors.ObjectExists(kind='firewall', ident=name)
    row = models.Firewall(owner_id=owner_id, name=name,
                          description=check.text('description', description))
    context.session.add(row)
    helpers.flush_unique(context, 'firewall', name)
    events.record(context, 'firewall.create', 'firewall', row.id,
                  details={'name': name, 'owner_id': owner_id})
    return render(row, [])


@db_api.reader
def get_firewall(context, firewall_id):
    row = helpers.get_or_raise(context, models.Firewall, firewall_id, 'firewall')
    return render(row, _rules(context, row.id))


@db_api.reader
def list_firewalls(context, owner_id=None):
    statement = owners.owner_filter(sa.select(models.Firewall), models.Firewall,
                                    owner_id).order_by(models.Firewall.owner_id,
                                                       models.Firewall.name)
    return [render(row, _rules(context, row.id)) for row in context.session.scalars(statement)]


def _users_of(context, firewall):
    """Names of what still uses the firewall: live instances and other firewalls' rules."""
    users = []
    instance = models.Instance
    for instance_id, firewall_ids in context.session.execute(
            sa.select(instance.id, instance.firewall_ids).where(
                instance.owner_id == firewall.owner_id, instance.deleted_at.is_(None))):
        if firewall.id in (firewall_ids or []):
            users.append('instance %s' % instance_id)
    rule = models.FirewallRule
    for firewall_id, sources in context.session.execute(
            sa.select(rule.firewall_id, rule.sources).where(rule.firewall_id != firewall.id)):
        if any(source.get('firewall_id') == firewall.id for source in sources or []):
            users.append('firewall %s' % firewall_id)
    return users


def _ensure_unused(context, row):
    users = _users_of(context, row)
    if users:
        raise errors.InUse(kind='firewall', ident=row.name, reason='used by %s'
                           % ', '.join(sorted(set(users))))


@db_api.reader
def check_deletable(context, firewall_id):
    """Raise what ``delete_firewall`` would: asked before it is removed from its providers."""
    _ensure_unused(context, helpers.get_or_raise(context, models.Firewall, firewall_id,
                                                 'firewall'))


@db_api.writer
def delete_firewall(context, firewall_id):
    """Delete a firewall and its rules; InUse while instances or other rules refer to it."""
    row = helpers.get_or_raise(context, models.Firewall, firewall_id, 'firewall')
    _ensure_unused(context, row)
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'firewall.delete', 'firewall', row.id, details={'name': row.name})


def check_ports(protocol, from_port, to_port):
    """(from, to) for the protocol: required for tcp and udp, optional for icmp."""
    if to_port is None:
        to_port = from_port
    if from_port is None:
        if protocol != 'icmp':
            raise errors.Invalid(field='from_port', reason='required for %s' % protocol)
        if to_port is not None:
            raise errors.Invalid(field='from_port', reason='required with to_port')
        return None, None
    from_port = check.integer('from_port', from_port, minimum=0, maximum=65535)
    to_port = check.integer('to_port', to_port, minimum=0, maximum=65535)
    if from_port > to_port:
        raise errors.Invalid(field='to_port', reason='must not be below from_port')
    return from_port, to_port


def _check_cidr(value):
    try:
        return str(ipaddress.ip_network(value, strict=True))
    except (TypeError, ValueError):
        raise errors.Invalid(field='sources', reason='%r is not a CIDR address block'
                             % (value,)) from None


def _check_source(context, firewall, source):
    if isinstance(source, str):
        return {'type': 'address', 'address': _check_cidr(source)}
    if not isinstance(source, dict):
        raise errors.Invalid(field='sources', reason='each source is a CIDR or a dict')
    if source.get('type') == 'address' and set(source) == {'type', 'address'}:
        return {'type': 'address', 'address': _check_cidr(source['address'])}
    if source.get('type') == 'group' and set(source) == {'type', 'firewall_id'}:
        group = helpers.get_or_raise(context, models.Firewall, source['firewall_id'],
                                     'firewall')
        if group.owner_id != firewall.owner_id:
            raise errors.ObjectNotFound(kind='firewall', ident=source['firewall_id'])
        return {'type': 'group', 'firewall_id': group.id, 'name': group.name}
    raise errors.Invalid(field='sources', reason='a source is {type: address, address} or '
                                                 '{type: group, firewall_id}')


@db_api.writer
def add_rule(context, firewall_id, protocol, from_port=None, to_port=None, sources=None,
             direction='ingress'):
    """Add a rule allowing ``protocol`` on a port range from the given sources."""
    firewall = helpers.get_or_raise(context, models.Firewall, firewall_id, 'firewall')
    if not isinstance(protocol, str) or protocol.lower() not in PROTOCOLS:
        raise errors.Invalid(field='protocol', reason='one of %s' % ', '.join(PROTOCOLS))
    protocol = protocol.lower()
    if direction not in DIRECTIONS:
        raise errors.Invalid(field='direction', reason='one of %s' % ', '.join(DIRECTIONS))
    from_port, to_port = check_ports(protocol, from_port, to_port)
    if not isinstance(sources, (list, tuple)) or not 0 < len(sources) <= MAX_SOURCES:
        raise errors.Invalid(field='sources', reason='a list of 1 to %d sources is required'
                             % MAX_SOURCES)
    rule = models.FirewallRule(
        firewall_id=firewall.id, protocol=protocol, direction=direction, from_port=from_port,
        to_port=to_port, sources=[_check_source(context, firewall, s) for s in sources])
    context.session.add(rule)
    context.session.flush()
    events.record(context, 'firewall.rule.add', 'firewall', firewall.id,
                  details=render_rule(rule))
    return render_rule(rule)


@db_api.writer
def delete_rule(context, firewall_id, rule_id):
    firewall = helpers.get_or_raise(context, models.Firewall, firewall_id, 'firewall')
    rule = context.session.get(models.FirewallRule, rule_id) if isinstance(rule_id, str) else None
    if rule is None or rule.firewall_id != firewall.id:
        raise errors.ObjectNotFound(kind='firewall rule', ident=rule_id)
    context.session.delete(rule)
    context.session.flush()
    events.record(context, 'firewall.rule.delete', 'firewall', firewall.id,
                  details={'rule_id': rule_id})
