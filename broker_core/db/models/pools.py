"""Pools: accounts put together behind one realm, with their placement policy and prices."""

import decimal

import sqlalchemy as sa
from sqlalchemy import orm

from broker_core.db.models import base


class Pool(base.Base, base.HasId, base.HasTimestamps):
    """A set of accounts a client sees as one realm.

    ``policy`` holds the placement policy: ``filters`` (names), ``weighers`` (name to
    multiplier), ``choice`` (best_first or weighted_random), ``top_k`` and ``max_attempts``;
    a missing key falls back to [placement] in the configuration.
    """

    __tablename__ = 'pools'
    __table_args__ = base.table_args()

    name: orm.Mapped[str] = orm.mapped_column(sa.String(base.NAME_LENGTH), unique=True)
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    enabled: orm.Mapped[bool] = orm.mapped_column(default=True)
    policy: orm.Mapped[dict] = base.json_bag()

    members: orm.Mapped[list['PoolMember']] = orm.relationship(passive_deletes=True)


class PoolMember(base.Base, base.HasId, base.HasTimestamps):
    """An account taking part in a pool, optionally only in some of its realms."""

    __tablename__ = 'pool_members'
    __table_args__ = base.table_args(sa.UniqueConstraint('pool_id', 'account_id'))

    pool_id: orm.Mapped[str] = base.foreign_key('pools.id', 'CASCADE', index=False)
    account_id: orm.Mapped[str] = base.foreign_key('provider_accounts.id', 'CASCADE')
    # Provider realm ids the pool may use in this account; NULL means all of them.
    realms: orm.Mapped[list | None] = base.json_bag(default=None, nullable=True)
    enabled: orm.Mapped[bool] = orm.mapped_column(default=True)


class PoolPriceOverride(base.Base, base.HasId, base.HasTimestamps):
    """The price a pool charges and weighs for one provider hardware profile."""

    __tablename__ = 'pool_price_overrides'
    __table_args__ = base.table_args(
        sa.UniqueConstraint('pool_id', 'provider_hardware_profile_id'))

    pool_id: orm.Mapped[str] = base.foreign_key('pools.id', 'CASCADE', index=False)
    provider_hardware_profile_id: orm.Mapped[str] = base.foreign_key(
        'provider_hardware_profiles.id', 'CASCADE')
    price_per_hour: orm.Mapped[decimal.Decimal] = orm.mapped_column(base.Money)
