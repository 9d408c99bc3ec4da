"""What hangs on an instance, let go in the transaction that closes the instance's record.

An instance gone at its provider (destroyed through the broker, or vanished under the state
tracker) took its attachments with it there: its volumes are detached, its addresses free
and its balancers no longer route to it. The broker's records say so in the same
transaction that closes the instance, whoever closes it, so no volume stays IN-USE on an
instance that no longer exists.
"""

import sqlalchemy as sa

from broker_core.db import models
from broker_core import events

REASON = 'instance gone'


def release(context, instance):
    """Detach the volumes, free the addresses and unregister the balancers of ``instance``.

    ``instance`` is the locked instance row being closed; ``context`` holds its writer
    transaction. Returns {'volumes': [...], 'addresses': [...], 'load_balancers': [...]}.
    """
    return {'volumes': _detach_volumes(context, instance),
            'addresses': _free_addresses(context, instance),
            'load_balancers': _unregister(context, instance)}


def _detach_volumes(context, instance):
    volume = models.StorageVolume
    found = context.session.scalars(sa.select(volume).where(
        volume.instance_id == instance.id, volume.deleted_at.is_(None))).all()
    for row in found:
        before = row.state
        row.instance_id, row.device, row.state = None, None, 'AVAILABLE'
        events.record(context, 'volume.state', 'volume', row.id, pool_id=row.pool_id,
                      account_id=row.account_id,
                      details={'from': before, 'to': row.state, 'instance_id': instance.id,
                               'reason': REASON})
    return sorted(row.id for row in found)


def _free_addresses(context, instance):
    address = models.Address
    found = context.session.scalars(sa.select(address).where(
        address.instance_id == instance.id)).all()
    for row in found:
        row.instance_id = None
        events.record(context, 'address.disassociate', 'address', row.id,
                      pool_id=row.pool_id,
                      details={'instance_id': instance.id, 'reason': REASON})
    return sorted(row.id for row in found)


def _unregister(context, instance):
    member, balancer = models.LoadBalancerMember, models.LoadBalancer
    found = context.session.execute(
        sa.select(balancer.id, balancer.pool_id, balancer.account_id)
        .join(member, member.load_balancer_id == balancer.id)
        .where(member.instance_id == instance.id)).all()
    if found:
        context.session.execute(sa.delete(member).where(member.instance_id == instance.id))
    for balancer_id, pool_id, account_id in found:
        events.record(context, 'load_balancer.unregister', 'load balancer', balancer_id,
                      pool_id=pool_id, account_id=account_id,
                      details={'instance_id': instance.id, 'reason': REASON})
    return sorted(row[0] for row in found)
