"""Storage volumes, snapshots, buckets and blobs of a remote Deltacloud API."""

import re

from iaas import errors
from iaas.drivers.deltacloud import core
from iaas.drivers.deltacloud import mappers

META_HEADER = 'X-Deltacloud-Blobmeta-'
# Metadata keys become header names: HTTP tokens only; values on one line.
_TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")


def meta_headers(user_metadata):
    """Deltacloud's ``X-Deltacloud-Blobmeta-<key>`` headers; 400 for a key HTTP cannot carry."""
    headers = {}
    for key, value in (user_metadata or {}).items():
        text = '' if value is None else str(value)
        if not _TOKEN.match(str(key)) or '\r' in text or '\n' in text:
            raise errors.ValidationError("Blob metadata '%s' cannot travel in a header" % key)
        headers[META_HEADER + str(key)] = text
    return headers


def _blob_path(bucket_id, blob_id):
    return '/buckets/%s/%s' % (core.quote(bucket_id), core.quote(blob_id))


class StorageMixin:

    # -- volumes ----------------------------------------------------------------------------

    def list_storage_volumes(self, context, **filters):
        return self._list(context, 'storage_volumes', filters)

    def get_storage_volume(self, context, volume_id):
        return self._get(context, 'storage_volumes', volume_id)

    def create_storage_volume(self, context, capacity=None, name=None, description=None,
                              realm_id=None, snapshot_id=None):
        return self._create(context, 'storage_volumes', {
            'capacity': capacity, 'name': name, 'description': description,
            'realm_id': realm_id, 'snapshot_id': snapshot_id})

    def destroy_storage_volume(self, context, volume_id):
        self._destroy(context, 'storage_volumes', volume_id)

    def attach_storage_volume(self, context, volume_id, instance_id, device=None):
        return self._action(context, 'storage_volumes', volume_id, 'attach',
                            {'instance_id': instance_id, 'device': device})

    def detach_storage_volume(self, context, volume_id):
        return self._action(context, 'storage_volumes', volume_id, 'detach')

    # -- snapshots --------------------------------------------------------------------------

    def list_storage_snapshots(self, context, **filters):
        return self._list(context, 'storage_snapshots', filters)

    def get_storage_snapshot(self, context, snapshot_id):
        return self._get(context, 'storage_snapshots', snapshot_id)

    def create_storage_snapshot(self, context, volume_id, name=None, description=None):
        return self._create(context, 'storage_snapshots', {
            'volume_id': volume_id, 'name': name, 'description': description})

    def destroy_storage_snapshot(self, context, snapshot_id):
        self._destroy(context, 'storage_snapshots', snapshot_id)

    # -- buckets ----------------------------------------------------------------------------

    def list_buckets(self, context, **filters):
        return self._list(context, 'buckets', filters)

    def get_bucket(self, context, bucket_id):
        return self._get(context, 'buckets', bucket_id)

    def create_bucket(self, context, name, location=None):
        return self._create(context, 'buckets', {'name': name, 'location': location})

    def destroy_bucket(self, context, bucket_id):
        self._destroy(context, 'buckets', bucket_id)

    # -- blobs ------------------------------------------------------------------------------

    def list_blobs(self, context, bucket_id, **filters):
        """Deltacloud lists a bucket's blob ids only: each blob is then fetched to describe it."""
        self._require('blobs.index')
        blob_ids = self.get_bucket(context, bucket_id).blob_ids
        wanted = filters.get('id')
        if wanted:
            blob_ids = [b for b in blob_ids if b == wanted]
        return self._filtered(context, [self.get_blob(context, bucket_id, b) for b in blob_ids],
                              filters)

    def get_blob(self, context, bucket_id, blob_id):
        body = self._request(context, 'blobs.show', 'GET', _blob_path(bucket_id, blob_id))
        return mappers.parse('blob', core.member(body, 'blob'))

    def create_blob(self, context, bucket_id, blob_id, data, content_type=None,
                    user_metadata=None):
        self._require('blobs.create')
        headers = meta_headers(user_metadata)
        headers['Content-Type'] = content_type or 'application/octet-stream'
        body = self._request(context, 'blobs.create', 'PUT', _blob_path(bucket_id, blob_id),
                             data=bytes(data), headers=headers)
        return mappers.parse('blob', core.member(body, 'blob'))

    def destroy_blob(self, context, bucket_id, blob_id):
        self._request(context, 'blobs.destroy', 'DELETE', _blob_path(bucket_id, blob_id),
                      as_json=False)

    def content_blob(self, context, bucket_id, blob_id):
        response = self._request(context, 'blobs.content', 'GET',
                                 _blob_path(bucket_id, blob_id) + '/content', as_json=False,
                                 headers={'Accept': '*/*'})
        return response.content

    def update_metadata_blob(self, context, bucket_id, blob_id, user_metadata):
        self._require('blobs.update_metadata')
        headers = meta_headers(user_metadata)
        if not headers:
            raise errors.ValidationError('No blob metadata given')
        self._request(context, 'blobs.update_metadata', 'POST',
                      _blob_path(bucket_id, blob_id), as_json=False, headers=headers)
