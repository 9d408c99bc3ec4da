"""Block and object storage of the mock cloud: volumes, snapshots, buckets and blobs."""

from iaas import errors
from iaas import models
from iaas.drivers.mock import codec
from iaas.drivers.mock import core
from iaas.drivers.mock import seed

MAX_CAPACITY = 16384  # GB, as large as an EBS volume
DEVICES = ['/dev/sd%s' % c for c in 'bcdefghijklmnopqrstuvwxyz']


def parse_capacity(capacity):
    if capacity in (None, ''):
        return None
    try:
        value = int(str(capacity).strip())
    except ValueError:
        raise errors.ValidationError("capacity must be a whole number of GB, not '%s'"
                                     % capacity) from None
    if not 1 <= value <= MAX_CAPACITY:
        raise errors.ValidationError('capacity must be between 1 and %d GB, not %d'
                                     % (MAX_CAPACITY, value))
    return value


class StorageMixin(core.MockCore):
    """Volumes attach to the caller's instances; buckets hold blobs with user metadata."""

    # -- volumes --------------------------------------------------------------------------

    @core.operation('storage_volumes.index')
    def list_storage_volumes(self, context, **filters):
        with self._store.read() as txn:
            volumes = self._all(txn, models.StorageVolume, 'storage_volume')
        return core.filtered(volumes, filters)

    get_storage_volume = core.show('storage_volumes', 'list_storage_volumes')

    @core.operation('storage_volumes.create')
    def create_storage_volume(self, context, capacity=None, name=None, description=None,
                              realm_id=None, snapshot_id=None):
        size = parse_capacity(capacity)
        if realm_id and realm_id not in {r.id for r in seed.REALMS}:
            raise errors.ValidationError("Realm '%s' does not exist." % realm_id)
        with self._store.write() as txn:
            if snapshot_id:
                snapshot = self._get(txn, models.StorageSnapshot, 'storage_snapshot',
                                     snapshot_id, self._missing('Snapshot', snapshot_id))
                source = txn.get('storage_volume', snapshot.storage_volume_id) or {}
                size = size or source.get('capacity')
            volume = models.StorageVolume(
                'volume_%d' % txn.next_sequence('volume'), size or 1, name=name,
                description=description, created=models.utc_timestamp(), realm_id=realm_id,
                extra={'snapshot_id': snapshot_id} if snapshot_id else {})
            txn.insert('storage_volume', volume.id, codec.dump(volume))
        return volume

    @staticmethod
    def _missing(what, object_id):
        return lambda: errors.ValidationError("%s '%s' does not exist." % (what, object_id))

    @core.operation('storage_volumes.destroy')
    def destroy_storage_volume(self, context, volume_id):
        with self._store.write() as txn:
            volume = self._get(txn, models.StorageVolume, 'storage_volume', volume_id)
            if volume.state != 'AVAILABLE':
                raise errors.Conflict("Volume '%s' is %s; detach it first"
                                      % (volume_id, volume.state))
            txn.delete('storage_volume', volume_id)

    @core.operation('storage_volumes.attach')
    def attach_storage_volume(self, context, volume_id, instance_id, device=None):
        with self._store.write() as txn:
            volume = self._get(txn, models.StorageVolume, 'storage_volume', volume_id)
            instance, row = self._instance_param(txn, context, instance_id)
            if volume.state != 'AVAILABLE':
                raise errors.Conflict("Volume '%s' is %s" % (volume_id, volume.state))
            used = {v.device for v in self._all(txn, models.StorageVolume, 'storage_volume')
                    if v.instance_id == instance.id}
            if device and device in used:
                raise errors.Conflict("Device '%s' of instance '%s' is in use"
                                      % (device, instance.id))
            free = [d for d in DEVICES if d not in used]
            if not device and not free:
                raise errors.Conflict("Instance '%s' has no free device" % instance.id)
            volume.state, volume.instance_id = 'IN-USE', instance.id
            volume.device = device or free[0]
            self._save(txn, 'storage_volume', volume)
            if volume.id not in instance.storage_volume_ids:
                instance.storage_volume_ids.append(volume.id)
                self._save_instance(txn, instance, row)
        return volume

    @core.operation('storage_volumes.detach')
    def detach_storage_volume(self, context, volume_id):
        with self._store.write() as txn:
            volume = self._get(txn, models.StorageVolume, 'storage_volume', volume_id)
            if volume.state != 'IN-USE':
                raise errors.Conflict("Volume '%s' is not attached" % volume_id)
            row = txn.get('instance', volume.instance_id)
            if row is not None:
                instance = core.load_instance(row)
                if volume.id in instance.storage_volume_ids:
                    instance.storage_volume_ids.remove(volume.id)
                    self._save_instance(txn, instance, row)
            volume.state, volume.instance_id, volume.device = 'AVAILABLE', None, None
            self._save(txn, 'storage_volume', volume)
        return volume

    # -- snapshots ------------------------------------------------------------------------

    @core.operation('storage_snapshots.index')
    def list_storage_snapshots(self, context, **filters):
        with self._store.read() as txn:
            snapshots = self._all(txn, models.StorageSnapshot, 'storage_snapshot')
        return core.filtered(snapshots, filters)

    get_storage_snapshot = core.show('storage_snapshots', 'list_storage_snapshots')

    @core.operation('storage_snapshots.create')
    def create_storage_snapshot(self, context, volume_id, name=None, description=None):
        if not volume_id:
            raise errors.MissingParameter(name='volume_id')
        with self._store.write() as txn:
            self._exists_or_invalid(txn, 'storage_volume', volume_id, 'Volume')
            snapshot = models.StorageSnapshot(
                'store_snapshot_%d' % txn.next_sequence('snapshot'), volume_id, name=name,
                description=description, created=models.utc_timestamp())
            txn.insert('storage_snapshot', snapshot.id, codec.dump(snapshot))
        return snapshot

    @core.operation('storage_snapshots.destroy')
    def destroy_storage_snapshot(self, context, snapshot_id):
        with self._store.write() as txn:
            self._row(txn, 'storage_snapshot', snapshot_id)
            txn.delete('storage_snapshot', snapshot_id)

    # -- buckets and blobs ----------------------------------------------------------------

    def _bucket(self, txn, bucket_id):
        bucket = self._get(txn, models.Bucket, 'bucket', bucket_id)
        bucket.blob_ids = [row['id'] for row in txn.list('blob', parent=bucket.id)]
        bucket.size = len(bucket.blob_ids)
        return bucket

    @core.operation('buckets.index')
    def list_buckets(self, context, **filters):
        with self._store.read() as txn:
            buckets = [self._bucket(txn, b.id) for b in self._all(txn, models.Bucket, 'bucket')]
        return core.filtered(buckets, filters)

    get_bucket = core.show('buckets', 'list_buckets')

    @core.operation('buckets.create')
    def create_bucket(self, context, name, location=None):
        core.check_name('bucket', name)
        bucket = models.Bucket(name, name, extra={'location': location} if location else {})
        with self._store.write() as txn:
            if txn.exists('bucket', name):
                raise errors.Conflict("Bucket '%s' already exists" % name)
            txn.insert('bucket', bucket.id, codec.dump(bucket))
        return bucket

    @core.operation('buckets.destroy')
    def destroy_bucket(self, context, bucket_id):
        with self._store.write() as txn:
            bucket = self._bucket(txn, bucket_id)
            if bucket.blob_ids:
                raise errors.Conflict("Bucket '%s' is not empty" % bucket_id)
            txn.delete('bucket', bucket_id)

    @core.operation('blobs.index')
    def list_blobs(self, context, bucket_id, **filters):
        with self._store.read() as txn:
            self._row(txn, 'bucket', bucket_id)
            blobs = self._all(txn, models.Blob, 'blob', parent=bucket_id)
        return core.filtered(blobs, filters)

    @core.operation('blobs.show')
    def get_blob(self, context, bucket_id, blob_id):
        with self._store.read() as txn:
            self._row(txn, 'bucket', bucket_id)
            return self._get(txn, models.Blob, 'blob', seed.blob_key(bucket_id, blob_id))

    @core.operation('blobs.create')
    def create_blob(self, context, bucket_id, blob_id, data, content_type=None,
                    user_metadata=None):
        core.check_name('blob', blob_id)
        payload = data.encode() if isinstance(data, str) else bytes(data or b'')
        blob = models.Blob(blob_id, bucket_id, len(payload),
                           content_type or 'application/octet-stream', models.utc_timestamp(),
                           dict(user_metadata or {}))
        key = seed.blob_key(bucket_id, blob_id)
        with self._store.write() as txn:
            self._row(txn, 'bucket', bucket_id)
            if txn.exists('blob', key):  # a PUT replaces the blob, as in S3
                txn.update('blob', key, codec.dump(blob), payload=payload)
            else:
                txn.insert('blob', key, codec.dump(blob), parent=bucket_id, payload=payload)
        return blob

    @core.operation('blobs.destroy')
    def destroy_blob(self, context, bucket_id, blob_id):
        with self._store.write() as txn:
            self._row(txn, 'blob', seed.blob_key(bucket_id, blob_id))
            txn.delete('blob', seed.blob_key(bucket_id, blob_id))

    @core.operation('blobs.content')
    def content_blob(self, context, bucket_id, blob_id):
        with self._store.read() as txn:
            self._row(txn, 'blob', seed.blob_key(bucket_id, blob_id))
            return txn.payload('blob', seed.blob_key(bucket_id, blob_id))

    @core.operation('blobs.update_metadata')
    def update_metadata_blob(self, context, bucket_id, blob_id, user_metadata):
        key = seed.blob_key(bucket_id, blob_id)
        with self._store.write() as txn:
            blob = self._get(txn, models.Blob, 'blob', key)
            blob.user_metadata = dict(user_metadata or {})
            txn.update('blob', key, codec.dump(blob))
        return blob
