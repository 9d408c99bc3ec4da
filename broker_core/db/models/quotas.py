"""Quota limits and the usage counters that are locked while a reservation is made."""

import decimal

import sqlalchemy as sa
from sqlalchemy import orm

from broker_core.db.models import base

SCOPE_TYPES = ('user', 'group', 'pool', 'account')
RESOURCES = ('instances', 'vcpus', 'memory_mb', 'storage_gb', 'cost_per_hour')


class Quota(base.Base, base.HasId, base.HasTimestamps):
    """Limits of one user, group, pool or account; NULL means unlimited.

    ``scope_id`` has no foreign key because it points into the table of its scope type.
    """

    __tablename__ = 'quotas'
    __table_args__ = base.table_args(
        sa.UniqueConstraint('scope_type', 'scope_id'),
        base.one_of('scope_type', SCOPE_TYPES),
    )

    scope_type: orm.Mapped[str] = orm.mapped_column(sa.String(16))
    scope_id: orm.Mapped[str] = orm.mapped_column(sa.String(base.UUID_LENGTH))
    instances: orm.Mapped[int | None]
    vcpus: orm.Mapped[int | None]
    memory_mb: orm.Mapped[int | None]
    storage_gb: orm.Mapped[int | None]
    cost_per_hour: orm.Mapped[decimal.Decimal | None] = orm.mapped_column(base.Money)


class QuotaUsage(base.Base, base.HasId, base.HasTimestamps):
    """How much of one resource a scope uses.

    A reservation locks these rows (SELECT ... FOR UPDATE) in the transaction that inserts
    the record, so concurrent launches cannot exceed a limit.
    """

    __tablename__ = 'quota_usages'
    __table_args__ = base.table_args(
        sa.UniqueConstraint('scope_type', 'scope_id', 'resource'),
        base.one_of('scope_type', SCOPE_TYPES),
        base.one_of('resource', RESOURCES),
    )

    scope_type: orm.Mapped[str] = orm.mapped_column(sa.String(16))
    scope_id: orm.Mapped[str] = orm.mapped_column(sa.String(base.UUID_LENGTH))
    resource: orm.Mapped[str] = orm.mapped_column(sa.String(32))
    # Counts and money share the column; Numeric keeps cost exact.
    in_use: orm.Mapped[decimal.Decimal] = orm.mapped_column(sa.Numeric(20, 6), default=0)
