"""Small DB steps the domain modules share: lookups that raise domain errors, guarded flushes."""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from broker_core.db import models
from broker_core import errors

LIVE_RESOURCES = (models.Instance, models.StorageVolume, models.StorageSnapshot,
                  models.LoadBalancer, models.Bucket)
LIVE_RESOURCE_NAMES = 'instances, volumes, snapshots, load balancers or buckets'


def get_or_raise(context, model, object_id, kind):
    """The row of ``model`` with ``object_id``; ObjectNotFound naming ``kind`` otherwise."""
    row = None
    if isinstance(object_id, str) and object_id:
        row = context.session.get(model, object_id)
    if row is None:
        raise errors.ObjectNotFound(kind=kind, ident=object_id)
    return row


def get_by_name_or_raise(context, model, name, kind):
    """The row of ``model`` named ``name``; ObjectNotFound naming ``kind`` otherwise."""
    row = context.session.scalars(sa.select(model).where(model.name == name)).first()
    if row is None:
        raise errors.ObjectNotFound(kind=kind, ident=name)
    return row


def flush_unique(context, kind, ident):
    """Flush pending changes; a unique constraint violated becomes ObjectExists."""
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise errors.ObjectExists(kind=kind, ident=ident) from None


def exists(context, statement):
    """Whether ``statement`` (a select) returns a row."""
    return context.session.execute(statement.limit(1)).first() is not None


def count_live(context, **columns):
    """How many live (not deleted) resources of ``LIVE_RESOURCES`` match ``columns``."""
    total = 0
    for model in LIVE_RESOURCES:
        statement = sa.select(sa.func.count()).select_from(model).where(
            model.deleted_at.is_(None))
        for column, value in columns.items():
            if hasattr(model, column):
                statement = statement.where(getattr(model, column) == value)
            else:
                statement = None
                break
        if statement is not None:
            total += context.session.scalar(statement)
    return total


def timestamps(row):
    return {'created_at': row.created_at, 'updated_at': row.updated_at}
