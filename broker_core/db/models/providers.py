"""Providers, the accounts the broker holds with them, and what the broker discovered in each."""

import datetime
import decimal

import sqlalchemy as sa
from sqlalchemy import orm

from broker_core.db.models import base

CIRCUIT_STATES = ('closed', 'open', 'half_open')


class Provider(base.Base, base.HasId, base.HasTimestamps):
    """A cloud reached through one driver of the iaas.drivers group."""

    __tablename__ = 'providers'
    __table_args__ = base.table_args()

    name: orm.Mapped[str] = orm.mapped_column(sa.String(base.NAME_LENGTH), unique=True)
    driver: orm.Mapped[str] = orm.mapped_column(sa.String(base.NAME_LENGTH))
    # The driver's provider argument (region, endpoint URL); NULL for the driver's default.
    provider: orm.Mapped[str | None] = orm.mapped_column(sa.String(1024))
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    enabled: orm.Mapped[bool] = orm.mapped_column(default=True)
    options: orm.Mapped[dict] = base.json_bag()

    accounts: orm.Mapped[list['ProviderAccount']] = orm.relationship(
        back_populates='provider', passive_deletes=True)


class ProviderAccount(base.Base, base.HasId, base.HasTimestamps):
    """One set of credentials at a provider, with the health the placement filters read."""

    __tablename__ = 'provider_accounts'
    __table_args__ = base.table_args(
        sa.UniqueConstraint('provider_id', 'name'),
        base.one_of('circuit_state', CIRCUIT_STATES),
    )

    # Accounts are removed one by one, never by deleting their provider.
    provider_id: orm.Mapped[str] = base.foreign_key('providers.id', 'RESTRICT', index=False)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(base.NAME_LENGTH))
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    # A Fernet token of the credentials' JSON (broker_core.crypto); never shown to anyone.
    credentials: orm.Mapped[str] = orm.mapped_column(sa.Text)
    options: orm.Mapped[dict] = base.json_bag()
    enabled: orm.Mapped[bool] = orm.mapped_column(default=True)
    weight: orm.Mapped[float] = orm.mapped_column(sa.Float, default=1.0)
    priority: orm.Mapped[int] = orm.mapped_column(default=0)
    consecutive_failures: orm.Mapped[int] = orm.mapped_column(default=0)
    # Exponentially weighted share of failed provider calls, for the error-rate weigher.
    error_rate: orm.Mapped[float] = orm.mapped_column(sa.Float, default=0.0)
    circuit_state: orm.Mapped[str] = orm.mapped_column(sa.String(16), default='closed')
    circuit_opened_at: orm.Mapped[datetime.datetime | None]
    last_success_at: orm.Mapped[datetime.datetime | None]
    last_failure_at: orm.Mapped[datetime.datetime | None]
    last_error: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    synced_at: orm.Mapped[datetime.datetime | None]
    # When the provider listing the state tracker last applied was taken; an older one
    # arriving late (a slow worker) is dropped.
    state_listed_at: orm.Mapped[datetime.datetime | None]

    provider: orm.Mapped[Provider] = orm.relationship(back_populates='accounts')


class _Discovered(base.HasId, base.HasTimestamps):
    """A provider object found by a catalog sync; kept with vanished_at when it disappears."""

    account_id: orm.Mapped[str] = base.foreign_key('provider_accounts.id', 'CASCADE',
                                                   index=False)
    name: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    properties: orm.Mapped[dict] = base.json_bag()
    vanished_at: orm.Mapped[datetime.datetime | None]


class ProviderRealm(base.Base, _Discovered):
    __tablename__ = 'provider_realms'
    __table_args__ = base.table_args(sa.UniqueConstraint('account_id', 'provider_realm_id'))

    provider_realm_id: orm.Mapped[str] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    state: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.STATE_LENGTH))


class ProviderHardwareProfile(base.Base, _Discovered):
    """``properties`` holds the profile in the fixed/range/enum form of iaas.hardware."""

    __tablename__ = 'provider_hardware_profiles'
    __table_args__ = base.table_args(sa.UniqueConstraint('account_id', 'provider_profile_id'))

    provider_profile_id: orm.Mapped[str] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    # Provider's list price; NULL when unknown. One currency across the broker.
    price_per_hour: orm.Mapped[decimal.Decimal | None] = orm.mapped_column(base.Money)


class ProviderImage(base.Base, _Discovered):
    __tablename__ = 'provider_images'
    __table_args__ = base.table_args(sa.UniqueConstraint('account_id', 'provider_image_id'))

    provider_image_id: orm.Mapped[str] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    architecture: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.STATE_LENGTH))
    state: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.STATE_LENGTH))
