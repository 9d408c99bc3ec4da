"""Storage volumes and snapshots of the broker driver: broker records of provider objects.

A volume is placed like a launch: its storage is reserved (quota storage_gb) with the
record, the pool's accounts are tried best first, and the provider's id is recorded; when
every account fails the reservation is given back and the record closed. A volume created
for an instance (``instance_id``), or from a snapshot, goes to that instance's (or
snapshot's) account and realm, since a volume attaches only to an instance there. At the
provider a volume is named ``broker-<broker id>``, so one left by a crash can be traced.
Snapshots are taken in their volume's account.
"""

import logging

from broker_core import errors as broker_errors
from broker_core import pools
from broker_core import quotas
from broker_core import snapshots
from broker_core import volumes
from broker_driver import launch
from broker_driver import logical
from broker_driver import placing
from iaas import driver as driver_mod
from iaas import errors
from iaas import models

LOG = logging.getLogger(__name__)
DEFAULT_CAPACITY_GB = 1
TIME_FORMAT = '%Y-%m-%d %H:%M:%S +0000'


def volume_state(provider_state, default='AVAILABLE'):
    state = str(provider_state or '').upper()
    return state if state in volumes.STATES else default


def snapshot_state(provider_state):
    state = str(provider_state or '').upper()
    return state if state in snapshots.STATES else 'COMPLETED'


def to_volume(volume, pool_names):
    return models.StorageVolume(
        volume['id'], volume['capacity_gb'], state=volume['state'], name=volume['name'],
        description=volume['description'], created=volume['created_at'].strftime(TIME_FORMAT),
        realm_id=pool_names.get(volume['pool_id']), instance_id=volume['instance_id'],
        device=volume['device'])


def to_snapshot(snapshot):
    return models.StorageSnapshot(
        snapshot['id'], snapshot['volume_id'], state=snapshot['state'], name=snapshot['name'],
        description=snapshot['description'],
        created=snapshot['created_at'].strftime(TIME_FORMAT))


def capacity_gb(capacity):
    if capacity in (None, ''):
        return DEFAULT_CAPACITY_GB
    try:
        return int(str(capacity).strip())
    except ValueError:
        raise errors.ValidationError("capacity must be a whole number of GB, not '%s'"
                                     % capacity) from None


class StorageMixin(logical.LogicalMixin):
    """storage_volumes.* (with attach and detach) and storage_snapshots.*."""

    # -- volumes --------------------------------------------------------------------------

    def list_storage_volumes(self, context, **filters):
        bctx = self.broker_context(context)
        names = self.pool_names(bctx)
        return driver_mod.apply_filters(
            [to_volume(v, names) for v in volumes.list_volumes(bctx, owner_id=bctx.user_id)],
            **filters)

    def get_storage_volume(self, context, volume_id):
        bctx = self.broker_context(context)
        return to_volume(self.owned_volume(bctx, volume_id), self.pool_names(bctx))

    def owned_volume(self, bctx, volume_id):
        return logical.get_owned(bctx, volumes.get, 'storage volume', volume_id)

    def create_storage_volume(self, context, capacity=None, name=None, description=None,
                              realm_id=None, snapshot_id=None, instance_id=None):
        """A volume in the pool of ``realm_id``, or beside ``instance_id`` or its snapshot."""
        bctx = self.broker_context(context)
        pool, targets, snapshot = self._volume_targets(bctx, realm_id, snapshot_id,
                                                       instance_id)
        size = capacity_gb(snapshot['capacity_gb'] if capacity in (None, '') and snapshot
                           else capacity)
        volume = volumes.create_reserved(
            bctx, owner_id=bctx.user_id, pool_id=pool['id'], capacity_gb=size, name=name,
            description=description, account_id=targets[0][0],
            quota_defaults=quotas.defaults_from(self.conf))
        failures = []
        for account_id, realm in targets:
            placed = self._create_volume_in(bctx, volume, account_id, realm, snapshot, failures)
            if placed is not None:
                return to_volume(placed, {pool['id']: pool['name']})
        volumes.mark_failed(bctx, volume['id'], '; '.join(reason for _, reason in failures))
        volumes.mark_deleted(bctx, volume['id'])
        raise placing.failure('Volume', volume['id'], failures)

    def _volume_targets(self, bctx, realm_id, snapshot_id, instance_id):
        """(pool, [(account id, provider realm)] best first, source snapshot or None)."""
        snapshot, beside = None, None
        if snapshot_id:
            snapshot = logical.as_parameter(lambda: self.owned_snapshot(bctx, snapshot_id),
                                            'Snapshot', snapshot_id)
            beside = snapshot
        if instance_id:
            beside = self.placed_instance(bctx, instance_id)
            if snapshot is not None and snapshot['account_id'] != beside['account_id']:
                raise errors.Conflict("Snapshot '%s' and instance '%s' are in different "
                                      "accounts" % (snapshot_id, instance_id))
        if beside is None:
            pool = launch.choose_pool(self.conf, bctx, realm_id)
            return pool, [(c.account_id, c.realm_id)
                          for c in placing.rank(self, bctx, pool)], None
        pool = pools.get_pool(bctx, beside['pool_id'])
        if realm_id and realm_id != pool['name']:
            raise errors.ValidationError("realm_id '%s' is not the realm '%s' of '%s'"
                                         % (realm_id, pool['name'], beside['id']))
        return pool, [(beside['account_id'], beside['provider_realm_id'])], snapshot

    def _create_volume_in(self, bctx, volume, account_id, realm, snapshot, failures):
        """The placed record of the volume created in the account, or None (failure noted)."""
        try:
            created = self.account_call(
                bctx, account_id, 'create_storage_volume', capacity=volume['capacity_gb'],
                name=logical.provider_name(volume['id']), description=volume['description'],
                realm_id=realm,
                snapshot_id=snapshot['provider_snapshot_id'] if snapshot else None)
        except errors.IaasError as exc:
            failures.append((exc, exc.message))
            return None
        try:
            return volumes.record_placement(
                bctx, volume['id'], account_id, created.id, state=volume_state(created.state),
                provider_realm_id=created.realm_id or realm,
                quota_defaults=quotas.defaults_from(self.conf))
        except broker_errors.QuotaExceeded as exc:
            failures.append((exc, exc.message))
            self._destroy_provider_volume(bctx, account_id, created.id)
            return None

    def _destroy_provider_volume(self, bctx, account_id, provider_volume_id):
        try:
            self.gone_at_provider(bctx, account_id, 'destroy_storage_volume',
                                  provider_volume_id)
        except errors.IaasError as exc:
            LOG.error('Provider volume %s is left in account %s: %s', provider_volume_id,
                      account_id, exc)
            raise

    def destroy_storage_volume(self, context, volume_id):
        """Conflict while attached; else destroyed at its provider and its storage given back."""
        bctx = self.broker_context(context)
        volume = self.owned_volume(bctx, volume_id)
        if volume['instance_id'] is not None or volume['state'] == 'IN-USE':
            raise errors.Conflict("Volume '%s' is attached to instance '%s'; detach it first"
                                  % (volume_id, volume['instance_id']))
        if volume['provider_volume_id'] is not None:
            self._destroy_provider_volume(bctx, volume['account_id'],
                                          volume['provider_volume_id'])
        volumes.mark_deleted(bctx, volume['id'])

    def attach_storage_volume(self, context, volume_id, instance_id, device=None):
        """Attach to an instance of the caller in the volume's own account and realm."""
        bctx = self.broker_context(context)
        volume = self.owned_volume(bctx, volume_id)
        instance = self.placed_instance(bctx, instance_id)
        self._check_attachable(bctx, volume, instance)
        attached = self.account_call(bctx, volume['account_id'], 'attach_storage_volume',
                                     volume['provider_volume_id'],
                                     instance['provider_instance_id'], device)
        record = volumes.update_state(bctx, volume['id'],
                                      volume_state(attached.state, 'IN-USE'),
                                      instance_id=instance['id'],
                                      device=attached.device or device)
        return to_volume(record, self.pool_names(bctx))

    def _check_attachable(self, bctx, volume, instance):
        if volume['instance_id'] is not None or volume['state'] == 'IN-USE':
            raise errors.Conflict("Volume '%s' is attached to instance '%s' already"
                                  % (volume['id'], volume['instance_id']))
        if volume['provider_volume_id'] is None:
            raise errors.Conflict("Volume '%s' is not created at a provider" % volume['id'])
        if volume['account_id'] != instance['account_id']:
            raise errors.Conflict(
                "Volume '%s' is in account '%s' and instance '%s' in account '%s': a volume "
                "attaches only to an instance of its own account (create it with "
                "instance_id to place it beside the instance)"
                % (volume['id'], self.account_name(bctx, volume['account_id']),
                   instance['id'], self.account_name(bctx, instance['account_id'])))
        realms = (volume['provider_realm_id'], instance['provider_realm_id'])
        if None not in realms and realms[0] != realms[1]:
            raise errors.Conflict("Volume '%s' is in realm '%s' and instance '%s' in realm "
                                  "'%s' of the same account" % (volume['id'], realms[0],
                                                                instance['id'], realms[1]))

    def detach_storage_volume(self, context, volume_id):
        bctx = self.broker_context(context)
        volume = self.owned_volume(bctx, volume_id)
        if volume['instance_id'] is None and volume['state'] != 'IN-USE':
            raise errors.Conflict("Volume '%s' is not attached" % volume_id)
        detached = self.account_call(bctx, volume['account_id'], 'detach_storage_volume',
                                     volume['provider_volume_id'])
        record = volumes.update_state(bctx, volume['id'], volume_state(detached.state),
                                      instance_id=None, device=None)
        return to_volume(record, self.pool_names(bctx))

    # -- snapshots ------------------------------------------------------------------------

    def list_storage_snapshots(self, context, **filters):
        bctx = self.broker_context(context)
        return driver_mod.apply_filters(
            [to_snapshot(s) for s in snapshots.list_snapshots(bctx, owner_id=bctx.user_id)],
            **filters)

    def get_storage_snapshot(self, context, snapshot_id):
        return to_snapshot(self.owned_snapshot(self.broker_context(context), snapshot_id))

    def owned_snapshot(self, bctx, snapshot_id):
        return logical.get_owned(bctx, snapshots.get, 'storage snapshot', snapshot_id)

    def create_storage_snapshot(self, context, volume_id, name=None, description=None):
        """A snapshot of the caller's volume, taken in the volume's account."""
        bctx = self.broker_context(context)
        if not volume_id:
            raise errors.MissingParameter(name='volume_id')
        volume = logical.as_parameter(lambda: self.owned_volume(bctx, volume_id), 'Volume',
                                      volume_id)
        snapshot = snapshots.create_pending(bctx, volume['id'], name=name,
                                            description=description)
        try:
            created = self.account_call(bctx, volume['account_id'], 'create_storage_snapshot',
                                        volume['provider_volume_id'],
                                        name=logical.provider_name(snapshot['id']),
                                        description=description)
        except errors.IaasError as exc:
            snapshots.mark_failed(bctx, snapshot['id'], exc.message)
            raise
        return to_snapshot(snapshots.record_placement(bctx, snapshot['id'], created.id,
                                                      state=snapshot_state(created.state)))

    def destroy_storage_snapshot(self, context, snapshot_id):
        bctx = self.broker_context(context)
        snapshot = self.owned_snapshot(bctx, snapshot_id)
        if snapshot['provider_snapshot_id'] is not None:
            self.gone_at_provider(bctx, snapshot['account_id'], 'destroy_storage_snapshot',
                                  snapshot['provider_snapshot_id'])
        snapshots.mark_deleted(bctx, snapshot['id'])
