"""What happened: events and placement decisions (webhook deliveries are in webhooks.py)."""

import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from broker_core.db.models import base

# SQLite only autoincrements an INTEGER PRIMARY KEY.
EventId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


class Event(base.Base):
    """One thing that happened, in order of ``id``; never holds a secret.

    Users, pools and accounts are referred to without foreign keys: history outlives them.
    """

    __tablename__ = 'events'
    __table_args__ = base.table_args(
        sa.Index('ix_events_object', 'object_type', 'object_id'),
        # Without AUTOINCREMENT SQLite may reuse the id of a purged newest row.
        sqlite_autoincrement=True,
    )

    id: orm.Mapped[int] = orm.mapped_column(EventId, primary_key=True, autoincrement=True)
    timestamp: orm.Mapped[datetime.datetime] = orm.mapped_column(default=base.utcnow,
                                                                 index=True)
    type: orm.Mapped[str] = orm.mapped_column(sa.String(64), index=True)
    actor_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.UUID_LENGTH),
                                                         index=True)
    actor_name: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.NAME_LENGTH))
    request_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    object_type: orm.Mapped[str | None] = orm.mapped_column(sa.String(32))
    object_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    pool_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.UUID_LENGTH), index=True)
    account_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.UUID_LENGTH),
                                                           index=True)
    outcome: orm.Mapped[str] = orm.mapped_column(sa.String(16), default='success')
    details: orm.Mapped[dict] = base.json_bag()


class Placement(base.Base, base.HasId, base.HasTimestamps):
    """One placement decision, kept so it can be explained.

    The request, every candidate with its scores or the filter that dropped it, and each
    attempt in failover order. ``instance_id`` is NULL when the request failed before an
    instance was recorded.
    """

    __tablename__ = 'placements'
    __table_args__ = base.table_args()

    instance_id: orm.Mapped[str | None] = base.foreign_key('instances.id', 'CASCADE',
                                                           nullable=True)
    user_id: orm.Mapped[str | None] = base.foreign_key('users.id', 'SET NULL', nullable=True)
    pool_id: orm.Mapped[str | None] = base.foreign_key('pools.id', 'SET NULL', nullable=True)
    account_id: orm.Mapped[str | None] = base.foreign_key('provider_accounts.id', 'SET NULL',
                                                          nullable=True)
    outcome: orm.Mapped[str | None] = orm.mapped_column(sa.String(16))
    request: orm.Mapped[dict] = base.json_bag()
    candidates: orm.Mapped[list] = base.json_bag(default=list)
    attempts: orm.Mapped[list] = base.json_bag(default=list)
