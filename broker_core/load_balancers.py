"""The broker's records of load balancers and of the instances registered with them.

A balancer lives in one account: recorded (PENDING) before its provider is asked, placed
with the provider's id, or closed (ERROR) when no account created it. Its members are
instances of its owner; the driver keeps them to the balancer's account.
"""

import logging

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db.models import base as models_base
from broker_core.db import rows
from broker_core import errors
from broker_core import events
from broker_core import policy
from broker_core import records

LOG = logging.getLogger(__name__)

KIND = 'load balancer'
ACTION_PREFIX = 'load_balancer'
PENDING, AVAILABLE, ERROR = 'PENDING', 'AVAILABLE', 'ERROR'
STATES = frozenset((PENDING, AVAILABLE, ERROR))
PROTOCOLS = ('HTTP', 'HTTPS', 'TCP', 'SSL')
PORT_FIELDS = ('load_balancer_port', 'instance_port')
MAX_LISTENERS = 16


def check_request(name, listeners):
    """(name, listeners as plain dicts) of a new balancer; Invalid naming what is wrong."""
    return records.check_text('name', name, required=True), check_listeners(listeners)


def check_listeners(listeners):
    """``listeners`` (dicts or objects with the same fields) as a list of plain dicts."""
    if not isinstance(listeners, (list, tuple)) or not listeners:
        raise errors.Invalid(field='listeners', reason='at least one listener is required')
    if len(listeners) > MAX_LISTENERS:
        raise errors.Invalid(field='listeners', reason='at most %d' % MAX_LISTENERS)
    return [_listener(listener) for listener in listeners]


def _listener(listener):
    def field(name):
        if isinstance(listener, dict):
            return listener.get(name)
        return getattr(listener, name, None)

    protocol = field('protocol')
    if not isinstance(protocol, str) or protocol.upper() not in PROTOCOLS:
        raise errors.Invalid(field='listener protocol',
                             reason='one of %s, not %r' % (', '.join(PROTOCOLS), protocol))
    checked = {'protocol': protocol.upper()}
    for name in PORT_FIELDS:
        port = field(name)
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise errors.Invalid(field='listener ' + name,
                                 reason='a port number (1-65535) is required, not %r' % (port,))
        checked[name] = port
    return checked


def create_pending(context, *, owner_id, pool_id, name, listeners, account_id=None):
    """Record a balancer (PENDING) in the pool, before any provider is asked to create it."""
    name, listeners = check_request(name, listeners)
    values = {'owner_id': records.check_text('owner_id', owner_id, required=True),
              'pool_id': records.check_text('pool_id', pool_id, required=True),
              'name': name, 'listeners': listeners}
    policy.authorize(context, 'pool:use', {'pool_id': pool_id, 'owner_id': owner_id})
    return _insert_pending(context, values, account_id)


@db_api.writer
def _insert_pending(context, values, account_id):
    records.require_owner_and_pool(context, values['owner_id'], values['pool_id'], account_id)
    balancer = models.LoadBalancer(account_id=account_id, state=PENDING, **values)
    context.session.add(balancer)
    context.session.flush()
    events.record(context, 'load_balancer.create', KIND, balancer.id,
                  pool_id=balancer.pool_id, account_id=account_id,
                  details={'owner_id': balancer.owner_id, 'name': balancer.name})
    return _render(context, balancer)


@db_api.writer
def record_placement(context, balancer_id, account_id, provider_load_balancer_id, *,
                     provider_realm_id=None, public_addresses=()):
    """Record the account and the provider's id of a created balancer (AVAILABLE)."""
    records.check_text('provider_load_balancer_id', provider_load_balancer_id, required=True)
    records.check_text('provider_realm_id', provider_realm_id)
    balancer = records.for_action(context, models.LoadBalancer, balancer_id, KIND,
                                  ACTION_PREFIX)
    balancer.account_id = records.require_account(context, account_id).id
    balancer.provider_load_balancer_id = provider_load_balancer_id
    balancer.provider_realm_id = provider_realm_id
    balancer.public_addresses = [str(address) for address in public_addresses or ()]
    balancer.state = AVAILABLE
    records.flush_unique(context, 'provider load balancer', provider_load_balancer_id)
    events.record(context, 'load_balancer.place', KIND, balancer.id, pool_id=balancer.pool_id,
                  account_id=account_id,
                  details={'provider_load_balancer_id': provider_load_balancer_id})
    return _render(context, balancer)


@db_api.writer
def mark_failed(context, balancer_id, error):
    """No account created the balancer: state ERROR and closed, kept as history only."""
    balancer = records.for_action(context, models.LoadBalancer, balancer_id, KIND,
                                  ACTION_PREFIX)
    records.close_failed(context, balancer, error, 'load_balancer.fail', KIND)
    return _render(context, balancer)


@db_api.writer
def mark_deleted(context, balancer_id):
    """The balancer is gone at its provider: deleted_at set and its members let go, once."""
    balancer = records.for_deletion(context, models.LoadBalancer, balancer_id, KIND,
                                    ACTION_PREFIX)
    if balancer.deleted_at is None:
        balancer.deleted_at = models_base.utcnow()
        context.session.execute(sa.delete(models.LoadBalancerMember).where(
            models.LoadBalancerMember.load_balancer_id == balancer.id))
        context.session.flush()
        events.record(context, 'load_balancer.delete', KIND, balancer.id,
                      pool_id=balancer.pool_id, account_id=balancer.account_id)
    return _render(context, balancer)


@db_api.writer
def add_member(context, balancer_id, instance_id):
    """Register a live instance of the balancer's owner; registering it again changes nothing."""
    balancer = records.for_action(context, models.LoadBalancer, balancer_id, KIND,
                                  ACTION_PREFIX)
    instance = records.visible(context, models.Instance, instance_id, 'instance',
                               'instance:read')
    if instance.owner_id != balancer.owner_id:
        raise errors.ObjectNotFound(kind='instance', ident=instance_id)
    if instance.id not in _member_ids(context, [balancer.id]).get(balancer.id, ()):
        context.session.add(models.LoadBalancerMember(load_balancer_id=balancer.id,
                                                      instance_id=instance.id))
        records.flush_unique(context, 'member of %s' % balancer.id, instance.id)
        events.record(context, 'load_balancer.register', KIND, balancer.id,
                      pool_id=balancer.pool_id, account_id=balancer.account_id,
                      details={'instance_id': instance.id})
    return _render(context, balancer)


@db_api.writer
def remove_member(context, balancer_id, instance_id):
    """Unregister an instance; Invalid when it is not registered with the balancer."""
    balancer = records.for_action(context, models.LoadBalancer, balancer_id, KIND,
                                  ACTION_PREFIX)
    removed = context.session.execute(sa.delete(models.LoadBalancerMember).where(
        models.LoadBalancerMember.load_balancer_id == balancer.id,
        models.LoadBalancerMember.instance_id == instance_id)).rowcount
    if not removed:
        raise errors.Invalid(field='instance_id', reason="instance '%s' is not registered "
                                                         "with '%s'" % (instance_id, balancer.id))
    events.record(context, 'load_balancer.unregister', KIND, balancer.id,
                  pool_id=balancer.pool_id, account_id=balancer.account_id,
                  details={'instance_id': instance_id})
    return _render(context, balancer)


@db_api.reader
def get(context, balancer_id, include_deleted=False):
    """The balancer with ``instance_ids``; ObjectNotFound also when the caller may not see it."""
    return _render(context, records.visible(context, models.LoadBalancer, balancer_id, KIND,
                                            ACTION_PREFIX + ':read',
                                            include_deleted=include_deleted))


@db_api.reader
def list_load_balancers(context, *, owner_id=None, pool_id=None, account_id=None,
                        include_deleted=False, limit=None):
    """Balancers matching every given filter that the caller may see, oldest first."""
    statement = records.listing(context, models.LoadBalancer, ACTION_PREFIX + ':read',
                                owner_id=owner_id, pool_id=pool_id, account_id=account_id,
                                include_deleted=include_deleted, limit=limit)
    found = context.session.scalars(statement).all()
    members = _member_ids(context, [balancer.id for balancer in found])
    return [dict(rows.as_dict(balancer), instance_ids=members.get(balancer.id, []))
            for balancer in found]


def _render(context, balancer):
    return dict(rows.as_dict(balancer),
                instance_ids=_member_ids(context, [balancer.id]).get(balancer.id, []))


def _member_ids(context, balancer_ids):
    """{balancer id: [instance id, ...]} of the live members, in the order they registered.

    An instance the state tracker found gone stays a member row until the driver lets it
    go; it is no member any more.
    """
    if not balancer_ids:
        return {}
    member, instance = models.LoadBalancerMember, models.Instance
    found = context.session.execute(
        sa.select(member.load_balancer_id, member.instance_id)
        .join(instance, instance.id == member.instance_id)
        .where(member.load_balancer_id.in_(balancer_ids), instance.deleted_at.is_(None))
        .order_by(member.created_at, member.id)).all()
    result = {}
    for balancer_id, instance_id in found:
        result.setdefault(balancer_id, []).append(instance_id)
    return result
