"""The broker's records of storage snapshots: taken of a volume, in the volume's account."""

import logging

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db.models import base as models_base
from broker_core.db import rows
from broker_core import errors
from broker_core import events
from broker_core import records

LOG = logging.getLogger(__name__)

KIND = 'snapshot'
# Snapshots are read and acted on under the rules of the volumes they are taken of.
ACTION_PREFIX = 'volume'
PENDING, ERROR = 'PENDING', 'ERROR'
STATES = frozenset((PENDING, 'CREATING', 'COMPLETED', 'AVAILABLE', 'DELETING', ERROR))
DESCRIPTION_LENGTH = 1024


@db_api.writer
def create_pending(context, volume_id, *, name=None, description=None):
    """Record a snapshot of a placed volume (PENDING) before its provider is asked.

    The snapshot belongs to the volume's owner, pool and account and holds no quota.
    """
    name = records.check_text('name', name)
    description = records.check_text('description', description, DESCRIPTION_LENGTH)
    volume = records.for_action(context, models.StorageVolume, volume_id, 'volume',
                                ACTION_PREFIX)
    if volume.account_id is None or volume.provider_volume_id is None:
        raise errors.InUse(kind='volume', ident=volume.id,
                           reason='it is not created at a provider yet')
    snapshot = models.StorageSnapshot(
        owner_id=volume.owner_id, pool_id=volume.pool_id, account_id=volume.account_id,
        volume_id=volume.id, capacity_gb=volume.capacity_gb, name=name,
        description=description, provider_realm_id=volume.provider_realm_id, state=PENDING)
    context.session.add(snapshot)
    context.session.flush()
    events.record(context, 'snapshot.create', KIND, snapshot.id, pool_id=snapshot.pool_id,
                  account_id=snapshot.account_id,
                  details={'owner_id': snapshot.owner_id, 'volume_id': volume.id})
    return rows.as_dict(snapshot)


@db_api.writer
def record_placement(context, snapshot_id, provider_snapshot_id, *, state=None):
    """Record the provider's id of the snapshot, in the account it was recorded in."""
    records.check_text('provider_snapshot_id', provider_snapshot_id, required=True)
    if state is not None:
        records.check_state(state, STATES)
    snapshot = records.for_action(context, models.StorageSnapshot, snapshot_id, KIND,
                                  ACTION_PREFIX)
    snapshot.provider_snapshot_id = provider_snapshot_id
    snapshot.state = state or snapshot.state
    records.flush_unique(context, 'provider snapshot', provider_snapshot_id)
    events.record(context, 'snapshot.place', KIND, snapshot.id, pool_id=snapshot.pool_id,
                  account_id=snapshot.account_id,
                  details={'provider_snapshot_id': provider_snapshot_id,
                           'state': snapshot.state})
    return rows.as_dict(snapshot)


@db_api.writer
def mark_failed(context, snapshot_id, error):
    """Taking the snapshot failed: state ERROR, kept as history only (nothing to delete)."""
    snapshot = records.for_action(context, models.StorageSnapshot, snapshot_id, KIND,
                                  ACTION_PREFIX)
    if snapshot.state != ERROR:
        records.close_failed(context, snapshot, error, 'snapshot.fail', KIND)
    return rows.as_dict(snapshot)


@db_api.writer
def mark_deleted(context, snapshot_id):
    """The snapshot is gone at its provider: deleted_at set, once."""
    snapshot = records.for_deletion(context, models.StorageSnapshot, snapshot_id, KIND,
                                    ACTION_PREFIX)
    if snapshot.deleted_at is None:
        snapshot.deleted_at = models_base.utcnow()
        context.session.flush()
        events.record(context, 'snapshot.delete', KIND, snapshot.id, pool_id=snapshot.pool_id,
                      account_id=snapshot.account_id)
    return rows.as_dict(snapshot)


@db_api.reader
def get(context, snapshot_id, include_deleted=False):
    """The snapshot; ObjectNotFound also when it is someone else's the caller may not see."""
    return rows.as_dict(records.visible(context, models.StorageSnapshot, snapshot_id, KIND,
                                        ACTION_PREFIX + ':read',
                                        include_deleted=include_deleted))


@db_api.reader
def list_snapshots(context, *, owner_id=None, pool_id=None, account_id=None, volume_id=None,
                   include_deleted=False, limit=None):
    """Snapshots matching every given filter that the caller may see, oldest first."""
    model = models.StorageSnapshot
    statement = records.listing(context, model, ACTION_PREFIX + ':read', owner_id=owner_id,
                                pool_id=pool_id, account_id=account_id,
                                include_deleted=include_deleted, limit=limit)
    if volume_id is not None:
        statement = statement.where(model.volume_id == volume_id)
    return [rows.as_dict(snapshot) for snapshot in context.session.scalars(statement)]
