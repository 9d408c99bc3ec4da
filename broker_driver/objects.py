"""Buckets and blobs of the broker driver: a user's buckets in accounts, the blobs inside them.

A bucket is placed like a volume, in the best account of the caller's pool (``location``
may name the pool), and named ``broker-<broker id>`` at the provider, so users choosing
the same name never meet there; the client knows it by the name it chose. Its blobs live
at the provider only: every blob call goes to the bucket's account with the provider's
bucket id, and the blobs come back under the client's bucket name. Listing buckets
answers from the broker's records (without blobs, as Deltacloud's EC2 driver did);
showing one asks its account for its blobs.
"""

import dataclasses
import logging

from broker_core import buckets
from broker_driver import launch
from broker_driver import logical
from broker_driver import placing
from iaas import driver as driver_mod
from iaas import errors
from iaas import models

LOG = logging.getLogger(__name__)


def to_bucket(bucket, blob_ids=None):
    """The Deltacloud bucket; its size and blobs only when they were asked of the provider."""
    return models.Bucket(bucket['name'], bucket['name'],
                         size=None if blob_ids is None else len(blob_ids),
                         blob_ids=list(blob_ids or ()),
                         extra={'location': bucket['location'], 'state': bucket['state']})


class ObjectsMixin(logical.LogicalMixin):
    """buckets.* and blobs.*."""

    # -- buckets --------------------------------------------------------------------------

    def list_buckets(self, context, **filters):
        bctx = self.broker_context(context)
        return driver_mod.apply_filters(
            [to_bucket(bucket) for bucket in buckets.list_buckets(bctx, owner_id=bctx.user_id)],
            **filters)

    def get_bucket(self, context, bucket_id):
        bctx = self.broker_context(context)
        bucket = self.owned_bucket(bctx, bucket_id)
        if bucket['provider_bucket_id'] is None:
            return to_bucket(bucket, [])
        return to_bucket(bucket, [blob.id for blob in self._provider_blobs(bctx, bucket)])

    def owned_bucket(self, bctx, bucket_id):
        """The caller's live bucket named ``bucket_id``; NotFound for anyone else's."""
        return logical.get_owned(bctx, lambda b, name: buckets.get_by_name(b, b.user_id, name),
                                 'bucket', bucket_id)

    def create_bucket(self, context, name, location=None):
        """A bucket in the best account of the caller's pool (``location`` names the pool)."""
        bctx = self.broker_context(context)
        buckets.check_name(name)
        pool = launch.choose_pool(self.conf, bctx, location)
        ranked = placing.rank(self, bctx, pool)
        bucket = buckets.create_pending(bctx, owner_id=bctx.user_id, pool_id=pool['id'],
                                        name=name, location=location,
                                        account_id=ranked[0].account_id)
        failures = []
        for candidate in ranked:
            try:
                created = self.account_call(bctx, candidate.account_id, 'create_bucket',
                                            logical.provider_name(bucket['id']))
            except errors.IaasError as exc:
                failures.append((exc, exc.message))
                continue
            placed = buckets.record_placement(bctx, bucket['id'], candidate.account_id,
                                              created.id)
            return to_bucket(placed, [])
        buckets.mark_failed(bctx, bucket['id'], '; '.join(reason for _, reason in failures))
        raise placing.failure('Bucket', name, failures)

    def destroy_bucket(self, context, bucket_id):
        """409 while it holds blobs; else destroyed at its provider, then its record closed."""
        bctx = self.broker_context(context)
        bucket = self.owned_bucket(bctx, bucket_id)
        if bucket['provider_bucket_id'] is not None:
            if self._provider_blobs(bctx, bucket):
                raise errors.Conflict("Bucket '%s' is not empty" % bucket_id)
            try:
                self._bucket_call(bctx, bucket, 'destroy_bucket')
            except errors.NotFound:
                LOG.info('Bucket %s was gone from its provider already', bucket['id'])
        buckets.mark_deleted(bctx, bucket['id'])

    # -- blobs ----------------------------------------------------------------------------

    def list_blobs(self, context, bucket_id, **filters):
        bctx = self.broker_context(context)
        bucket = self.placed_bucket(bctx, bucket_id)
        return driver_mod.apply_filters(
            [self._as_client_blob(bucket, blob)
             for blob in self._provider_blobs(bctx, bucket)], **filters)

    def get_blob(self, context, bucket_id, blob_id):
        return self._blob_call(context, bucket_id, 'get_blob', blob_id)

    def create_blob(self, context, bucket_id, blob_id, data, content_type=None,
                    user_metadata=None):
        return self._blob_call(context, bucket_id, 'create_blob', blob_id, data,
                               content_type=content_type, user_metadata=user_metadata)

    def destroy_blob(self, context, bucket_id, blob_id):
        self._blob_call(context, bucket_id, 'destroy_blob', blob_id)

    def content_blob(self, context, bucket_id, blob_id):
        return self._blob_call(context, bucket_id, 'content_blob', blob_id)

    def update_metadata_blob(self, context, bucket_id, blob_id, user_metadata):
        return self._blob_call(context, bucket_id, 'update_metadata_blob', blob_id,
                               user_metadata)

    # -- delegation -----------------------------------------------------------------------

    def placed_bucket(self, bctx, bucket_id):
        """The caller's bucket; 409 while it is not created at a provider."""
        bucket = self.owned_bucket(bctx, bucket_id)
        if bucket['provider_bucket_id'] is None:
            raise errors.Conflict("Bucket '%s' is not created at a provider yet" % bucket_id)
        return bucket

    def _blob_call(self, context, bucket_id, method, *args, **kwargs):
        """``method`` of the bucket's account on its provider bucket; blobs as the client's."""
        bctx = self.broker_context(context)
        bucket = self.placed_bucket(bctx, bucket_id)
        result = self._bucket_call(bctx, bucket, method, *args, **kwargs)
        return self._as_client_blob(bucket, result)

    def _bucket_call(self, bctx, bucket, method, *args, **kwargs):
        return self.account_call(bctx, bucket['account_id'], method,
                                 bucket['provider_bucket_id'], *args, **kwargs)

    def _provider_blobs(self, bctx, bucket):
        return self._bucket_call(bctx, bucket, 'list_blobs')

    @staticmethod
    def _as_client_blob(bucket, result):
        """A provider blob under the client's bucket name; anything else as it is."""
        if isinstance(result, models.Blob):
            return dataclasses.replace(result, bucket_id=bucket['name'])
        return result
