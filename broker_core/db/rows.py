"""Plain views of rows, and lookups that lock what they find; the rest is in db.helpers."""

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core import errors

# Rows fetched from the database at a time by ``column_dicts``.
BATCH_SIZE = 1000


def as_dict(row, exclude=()):
    """The column values of an ORM row as a dict, without the ``exclude`` columns."""
    return {attr.key: getattr(row, attr.key)
            for attr in sa.inspect(row).mapper.column_attrs if attr.key not in exclude}


def column_dicts(context, model, statement):
    """The records a SELECT of ``model`` finds, as ``as_dict`` makes them, a batch at a time.

    Plain column values, no ORM objects: a long listing holds neither an identity map nor
    every row at once, only what the caller keeps of each one.
    """
    columns = [attr.columns[0].label(attr.key) for attr in sa.inspect(model).column_attrs]
    result = context.session.execute(
        statement.with_only_columns(*columns).execution_options(yield_per=BATCH_SIZE))
    for row in result.mappings():
        yield dict(row)


def get(context, model, ident, kind, lock=False):
    """The ``model`` row with id ``ident``, or ObjectNotFound naming ``kind``.

    ``lock`` takes a row lock until the transaction ends and re-reads the row: an object
    the session loaded earlier would otherwise keep values older than the lock.
    """
    if not lock:
        return helpers.get_or_raise(context, model, ident, kind)
    statement = db_api.for_update(context, sa.select(model).where(model.id == ident))
    statement = statement.execution_options(populate_existing=True)
    row = context.session.scalars(statement).first() if isinstance(ident, str) else None
    if row is None:
        raise errors.ObjectNotFound(kind=kind, ident=ident)
    return row


def exists(context, model, ident):
    if not isinstance(ident, str):
        return False
    return context.session.scalar(sa.select(model.id).where(model.id == ident)) is not None
