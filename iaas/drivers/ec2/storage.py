"""EBS volumes and snapshots (Deltacloud's storage volumes and snapshots) on EC2."""

from iaas import errors
from iaas.drivers.ec2 import core
from iaas.drivers.ec2 import mappers

DEFAULT_CAPACITY_GB = 1
MAX_CAPACITY_GB = 16384
DEFAULT_DEVICE = '/dev/sdf'


def parse_capacity(capacity):
    try:
        size = int(capacity)
    except (TypeError, ValueError):
        raise errors.ValidationError("capacity must be a whole number of GB, not '%s'"
                                     % capacity) from None
    if not 1 <= size <= MAX_CAPACITY_GB:
        raise errors.ValidationError('capacity must be between 1 and %d GB, not %d'
                                     % (MAX_CAPACITY_GB, size))
    return size


class StorageMixin(core.EC2Core):
    """Volumes carry their name and description as tags; snapshots are the caller's own."""

    # -- volumes --------------------------------------------------------------------------

    def _volume_items(self, conn, **params):
        return conn.items('describe_volumes', 'Volumes', **params)

    def list_storage_volumes(self, context, **filters):
        conn = self._connect(context)
        params = {'VolumeIds': [filters.pop('id')]} if filters.get('id') else {}
        try:
            items = self._volume_items(conn, **params)
        except errors.NotFound:
            return []
        return core.filtered([mappers.volume(item) for item in items], filters)

    def _volume(self, conn, volume_id):
        return mappers.volume(core.one(self._volume_items(conn, VolumeIds=[volume_id]),
                                       'Storage volume', volume_id))

    def create_storage_volume(self, context, capacity=None, name=None, description=None,
                              realm_id=None, snapshot_id=None):
        """A volume in ``realm_id`` (default: the first zone); from a snapshot, its size."""
        conn = self._connect(context)
        params = {'AvailabilityZone': realm_id or self.list_realms(context)[0].id}
        if capacity is not None or not snapshot_id:
            params['Size'] = parse_capacity(DEFAULT_CAPACITY_GB if capacity is None
                                            else capacity)
        if snapshot_id:
            params['SnapshotId'] = snapshot_id
        tags = mappers.tag_specification('volume', {mappers.NAME_TAG: name,
                                                    mappers.DESCRIPTION_TAG: description})
        if tags:
            params['TagSpecifications'] = tags
        volume = mappers.volume(conn.call(
            'create_volume', references=('InvalidSnapshot', 'InvalidSnapshotID'), **params))
        # Set in the same call, so true now even where the answer leaves the tags out.
        volume.name, volume.description = name or volume.name, description or volume.description
        return volume

    def destroy_storage_volume(self, context, volume_id):
        conn = self._connect(context)
        conn.call('delete_volume', VolumeId=volume_id)

    def attach_storage_volume(self, context, volume_id, instance_id, device=None):
        conn = self._connect(context)
        conn.call('attach_volume', references=('InvalidInstanceID',), VolumeId=volume_id,
                  InstanceId=instance_id, Device=device or DEFAULT_DEVICE)
        return self._volume(conn, volume_id)

    def detach_storage_volume(self, context, volume_id):
        """Detach from the instance the volume is attached to; 409 when it is not attached."""
        conn = self._connect(context)
        volume = self._volume(conn, volume_id)
        if volume.instance_id is None:
            raise errors.Conflict("Volume '%s' is not attached" % volume_id)
        conn.call('detach_volume', VolumeId=volume_id, InstanceId=volume.instance_id,
                  Device=volume.device)
        return self._volume(conn, volume_id)

    # -- snapshots ------------------------------------------------------------------------

    def list_storage_snapshots(self, context, **filters):
        conn = self._connect(context)
        params = {'SnapshotIds': [filters.pop('id')]} if filters.get('id') else {}
        try:
            # Without an owner EC2 lists every public snapshot there is.
            items = conn.items('describe_snapshots', 'Snapshots', OwnerIds=['self'], **params)
        except errors.NotFound:
            return []
        return core.filtered([mappers.snapshot(item) for item in items], filters)

    def create_storage_snapshot(self, context, volume_id, name=None, description=None):
        conn = self._connect(context)
        if not volume_id:
            raise errors.MissingParameter(name='volume_id')
        params = {'VolumeId': volume_id}
        if description:
            params['Description'] = description
        tags = mappers.tag_specification('snapshot', {mappers.NAME_TAG: name})
        if tags:
            params['TagSpecifications'] = tags
        snapshot = mappers.snapshot(conn.call(
            'create_snapshot', references=('InvalidVolume', 'InvalidVolumeID'), **params))
        snapshot.name = name or snapshot.name
        return snapshot

    def destroy_storage_snapshot(self, context, snapshot_id):
        conn = self._connect(context)
        conn.call('delete_snapshot', SnapshotId=snapshot_id)
