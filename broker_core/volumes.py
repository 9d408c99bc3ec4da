"""The broker's records of storage volumes: reserved, placed, attached, failed, deleted.

A volume holds its capacity in the storage_gb quota of its owner, the owner's groups, its
pool and its account, from ``create_reserved`` until ``mark_failed`` or ``mark_deleted``.
"""

import logging


from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db.models import base as models_base
from broker_core.db import rows
from broker_core import errors
from broker_core import events
from broker_core import policy
from broker_core import quotas
from broker_core import records

LOG = logging.getLogger(__name__)

KIND = 'volume'
PENDING, ERROR = 'PENDING', 'ERROR'
STATES = frozenset((PENDING, 'CREATING', 'AVAILABLE', 'IN-USE', 'DELETING', ERROR))
DESCRIPTION_LENGTH = 1024
_UNCHANGED = object()


def create_reserved(context, *, owner_id, pool_id, capacity_gb, name=None, description=None,
                    account_id=None, quota_defaults=None):
    """Reserve ``capacity_gb`` of storage and record the volume (PENDING), in one transaction."""
    records.check_text('owner_id', owner_id, required=True)
    records.check_text('pool_id', pool_id, required=True)
    values = {'owner_id': owner_id, 'pool_id': pool_id, 'name': records.check_text('name', name),
              'description': records.check_text('description', description, DESCRIPTION_LENGTH),
              'capacity_gb': _capacity(capacity_gb)}
    policy.authorize(context, 'pool:use', {'pool_id': pool_id, 'owner_id': owner_id})
    quotas.ensure_usage(context, quotas.scopes_for(context, owner_id, pool_id, account_id),
                        ('storage_gb',))
    return _insert_reserved(context, values, account_id, quota_defaults)


@db_api.writer
def _insert_reserved(context, values, account_id, defaults):
    records.require_owner_and_pool(context, values['owner_id'], values['pool_id'], account_id)
    scopes = quotas.scopes_for(context, values['owner_id'], values['pool_id'], account_id)
    volume = models.StorageVolume(account_id=account_id, state=PENDING,
                                  quota_scopes=[list(scope) for scope in scopes], **values)
    quotas.reserve(context, scopes, quotas.amounts_of(volume), defaults)
    context.session.add(volume)
    context.session.flush()
    events.record(context, 'volume.create', KIND, volume.id, pool_id=volume.pool_id,
                  account_id=account_id,
                  details={'owner_id': volume.owner_id, 'capacity_gb': volume.capacity_gb})
    return rows.as_dict(volume)


def record_placement(context, volume_id, account_id, provider_volume_id, *, state=None,
                     provider_realm_id=None, quota_defaults=None):
    """Record the provider's id of a created volume; its reservation moves to ``account_id``."""
    records.check_text('account_id', account_id, required=True)
    records.check_text('provider_volume_id', provider_volume_id, required=True)
    records.check_text('provider_realm_id', provider_realm_id)
    if state is not None:
        records.check_state(state, STATES)
    quotas.ensure_usage(context, [('account', account_id)], ('storage_gb',))
    return _record_placement(context, volume_id, account_id, provider_volume_id, state,
                             provider_realm_id, quota_defaults)


@db_api.writer
def _record_placement(context, volume_id, account_id, provider_volume_id, state,
                      provider_realm_id, defaults):
    volume = records.for_action(context, models.StorageVolume, volume_id, KIND, KIND)
    if account_id != volume.account_id:
        records.move_account(context, volume, account_id, defaults)
    volume.provider_volume_id = provider_volume_id
    volume.provider_realm_id = provider_realm_id or volume.provider_realm_id
    volume.state = state or volume.state
    records.flush_unique(context, 'provider volume', provider_volume_id)
    events.record(context, 'volume.place', KIND, volume.id, pool_id=volume.pool_id,
                  account_id=account_id,
                  details={'provider_volume_id': provider_volume_id, 'state': volume.state})
    return rows.as_dict(volume)


@db_api.writer
def update_state(context, volume_id, state, *, instance_id=_UNCHANGED, device=_UNCHANGED):
    """What the provider last reported, with the instance it is attached to (None: detached)."""
    records.check_state(state, STATES)
    volume = records.for_action(context, models.StorageVolume, volume_id, KIND, KIND)
    if instance_id is not _UNCHANGED:
        if instance_id is not None:
            records.visible(context, models.Instance, instance_id, 'instance', 'instance:read')
        volume.instance_id = instance_id
    if device is not _UNCHANGED:
        volume.device = records.check_text('device', device, 64)
    before, volume.state = volume.state, state
    context.session.flush()
    if before != state:
        events.record(context, 'volume.state', KIND, volume.id, pool_id=volume.pool_id,
                      account_id=volume.account_id, details={'from': before, 'to': state})
    return rows.as_dict(volume)


@db_api.writer
def mark_failed(context, volume_id, error):
    """Creating the volume failed: state ERROR, and its reservation given back once."""
    volume = records.for_action(context, models.StorageVolume, volume_id, KIND, KIND)
    released = records.release_holding(context, volume)
    if not released and volume.state == ERROR:
        return rows.as_dict(volume)
    volume.state = ERROR
    volume.last_error = records.error_text(error)
    context.session.flush()
    events.record(context, 'volume.fail', KIND, volume.id, pool_id=volume.pool_id,
                  account_id=volume.account_id, outcome='failure',
                  details={'error': volume.last_error, 'released': released})
    return rows.as_dict(volume)


@db_api.writer
def mark_deleted(context, volume_id):
    """The volume is gone: deleted_at set and its reservation given back, once."""
    volume = records.for_deletion(context, models.StorageVolume, volume_id, KIND, KIND)
    if volume.deleted_at is None:
        released = records.release_holding(context, volume)
        volume.deleted_at = models_base.utcnow()
        volume.instance_id = None
        context.session.flush()
        events.record(context, 'volume.delete', KIND, volume.id, pool_id=volume.pool_id,
                      account_id=volume.account_id, details={'released': released})
    return rows.as_dict(volume)


@db_api.reader
def get(context, volume_id, include_deleted=False):
    """The volume; ObjectNotFound also when it is someone else's the caller may not see."""
    return rows.as_dict(records.visible(context, models.StorageVolume, volume_id, KIND,
                                        'volume:read', include_deleted=include_deleted))


@db_api.reader
def list_volumes(context, *, owner_id=None, pool_id=None, account_id=None, state=None,
                 include_deleted=False, limit=None):
    """Volumes matching every given filter that the caller may see, oldest first."""
    statement = records.listing(context, models.StorageVolume, 'volume:read',
                                owner_id=owner_id, pool_id=pool_id, account_id=account_id,
                                state=state, include_deleted=include_deleted, limit=limit)
    return [rows.as_dict(volume) for volume in context.session.scalars(statement)]


def _capacity(capacity_gb):
    if isinstance(capacity_gb, bool) or not isinstance(capacity_gb, int) or capacity_gb < 1:
        raise errors.Invalid(field='capacity_gb', reason='a positive whole number is required')
    return quotas.check_amount('storage_gb', capacity_gb)
