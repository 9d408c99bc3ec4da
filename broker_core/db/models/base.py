"""The declarative base, the shared column types and the constraint naming convention."""

import datetime
import uuid

import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.dialects import mysql


def _zero_joined_columns(constraint, table):
    return '0'.join(column.name for column in constraint.columns)


# Every constraint and index gets a predictable name (at most 63 characters, PostgreSQL's
# limit), so later migrations can drop or alter it on every backend. Unique constraints
# follow oslo.db's "uniq_<table>0<column>0<column>": from that name it reports the
# columns of a DBDuplicateEntry alike on every backend.
NAMING_CONVENTION = {
    'zero_joined_columns': _zero_joined_columns,
    'pk': 'pk_%(table_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s',
    'uq': 'uniq_%(table_name)s0%(zero_joined_columns)s',
    'ix': 'ix_%(table_name)s_%(column_0_N_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
}

# MySQL's DATETIME drops fractions of a second unless asked to keep them.
Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
Money = sa.Numeric(14, 6)
UUID_LENGTH = 36
NAME_LENGTH = 64          # names operators and users type: pools, providers, accounts, users
LABEL_LENGTH = 255        # free-form names and provider ids
STATE_LENGTH = 32
TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def new_uuid():
    return str(uuid.uuid4())


def utcnow():
    """Naive UTC, the convention of oslo.db: every backend stores it the same way."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def table_args(*items, **options):
    """``__table_args__``: the given constraints and indexes, the MySQL options and ``options``."""
    return items + (dict(TABLE_ARGS, **options),)


class Base(orm.DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict: sa.JSON, list: sa.JSON, datetime.datetime: Timestamp}


class HasId:
    id: orm.Mapped[str] = orm.mapped_column(sa.String(UUID_LENGTH), primary_key=True,
                                            default=new_uuid, sort_order=-1)


class HasTimestamps:
    created_at: orm.Mapped[datetime.datetime] = orm.mapped_column(Timestamp, default=utcnow,
                                                                  sort_order=1)
    updated_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        Timestamp, onupdate=utcnow, sort_order=1)


def foreign_key(target, ondelete, nullable=False, index=True):
    """A uuid column referencing ``target`` (``table.id``), indexed by default."""
    return orm.mapped_column(sa.String(UUID_LENGTH), sa.ForeignKey(target, ondelete=ondelete),
                             nullable=nullable, index=index)


def one_of(column, values, name=None):
    """A check that ``column`` holds one of ``values`` (a closed set fixed by the design)."""
    quoted = ', '.join("'%s'" % value for value in values)
    return sa.CheckConstraint('%s IN (%s)' % (column, quoted), name=name or column)


def json_bag(default=dict, nullable=False):
    return orm.mapped_column(sa.JSON, default=default, nullable=nullable)
