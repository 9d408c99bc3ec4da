"""The broker's records of buckets: a name its owner chose, a bucket in one provider account.

The blobs of a bucket are not recorded: they live at the provider, in the bucket's account.
A name is taken among its owner's live buckets and free again once the bucket is deleted.
"""

import logging
import re

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

KIND = 'bucket'
PENDING, AVAILABLE, ERROR = 'PENDING', 'AVAILABLE', 'ERROR'
# A bucket's name is its id in URLs: no slash, no space, nothing to escape.
NAME_PATTERN = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]*$')


def check_name(name):
    records.check_text('name', name, required=True)
    if not NAME_PATTERN.match(name):
        raise errors.Invalid(field='name', reason='use letters, digits, ".", "_" and "-", '
                                                  'starting with a letter or digit')
    return name


def create_pending(context, *, owner_id, pool_id, name, location=None, account_id=None):
    """Record a bucket (PENDING) before its provider is asked; ObjectExists for a taken name."""
    values = {'owner_id': records.check_text('owner_id', owner_id, required=True),
              'pool_id': records.check_text('pool_id', pool_id, required=True),
              'name': check_name(name), 'location': records.check_text('location', location)}
    policy.authorize(context, 'pool:use', {'pool_id': pool_id, 'owner_id': owner_id})
    return _insert_pending(context, values, account_id)


@db_api.writer
def _insert_pending(context, values, account_id):
    records.require_owner_and_pool(context, values['owner_id'], values['pool_id'], account_id)
    bucket = models.Bucket(account_id=account_id, state=PENDING, live=True, **values)
    context.session.add(bucket)
    records.flush_unique(context, KIND, values['name'])
    events.record(context, 'bucket.create', KIND, bucket.id, pool_id=bucket.pool_id,
                  account_id=account_id,
                  details={'owner_id': bucket.owner_id, 'name': bucket.name})
    return rows.as_dict(bucket)


@db_api.writer
def record_placement(context, bucket_id, account_id, provider_bucket_id):
    """Record the account and the provider's id of a created bucket (AVAILABLE)."""
    records.check_text('provider_bucket_id', provider_bucket_id, required=True)
    bucket = records.for_action(context, models.Bucket, bucket_id, KIND, KIND)
    bucket.account_id = records.require_account(context, account_id).id
    bucket.provider_bucket_id = provider_bucket_id
    bucket.state = AVAILABLE
    records.flush_unique(context, 'provider bucket', provider_bucket_id)
    events.record(context, 'bucket.place', KIND, bucket.id, pool_id=bucket.pool_id,
                  account_id=account_id, details={'provider_bucket_id': provider_bucket_id})
    return rows.as_dict(bucket)


@db_api.writer
def mark_failed(context, bucket_id, error):
    """No account created the bucket: state ERROR, closed, and its name free again."""
    bucket = records.for_action(context, models.Bucket, bucket_id, KIND, KIND)
    bucket.live = None  # its name is free again
    records.close_failed(context, bucket, error, 'bucket.fail', KIND)
    return rows.as_dict(bucket)


@db_api.writer
def mark_deleted(context, bucket_id):
    """The bucket is gone at its provider: deleted_at set and its name free again, once."""
    bucket = records.for_deletion(context, models.Bucket, bucket_id, KIND, KIND)
    if bucket.deleted_at is None:
        _close(bucket)
        context.session.flush()
        events.record(context, 'bucket.delete', KIND, bucket.id, pool_id=bucket.pool_id,
                      account_id=bucket.account_id)
    return rows.as_dict(bucket)


def _close(bucket):
    bucket.deleted_at = models_base.utcnow()
    bucket.live = None


@db_api.reader
def get(context, bucket_id, include_deleted=False):
    """The bucket; ObjectNotFound also when it is someone else's the caller may not see."""
    return rows.as_dict(records.visible(context, models.Bucket, bucket_id, KIND,
                                        KIND + ':read', include_deleted=include_deleted))


@db_api.reader
def get_by_name(context, owner_id, name):
    """The live bucket ``name`` of ``owner_id``; ObjectNotFound when there is none to see."""
    found = context.session.scalars(sa.select(models.Bucket.id).where(
        models.Bucket.owner_id == owner_id, models.Bucket.name == name,
        models.Bucket.deleted_at.is_(None))).first()
    try:
        if found is not None:
            return get(context, found)
    except errors.ObjectNotFound:
        pass
    raise errors.ObjectNotFound(kind=KIND, ident=name)


@db_api.reader
def list_buckets(context, *, owner_id=None, pool_id=None, account_id=None,
                 include_deleted=False, limit=None):
    """Buckets matching every given filter that the caller may see, oldest first."""
    statement = records.listing(context, models.Bucket, KIND + ':read', owner_id=owner_id,
                                pool_id=pool_id, account_id=account_id,
                                include_deleted=include_deleted, limit=limit)
    return [rows.as_dict(bucket) for bucket in context.session.scalars(statement)]
