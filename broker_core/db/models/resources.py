"""Instances, volumes, snapshots, load balancers, buckets: broker records of provider objects.

A record is written before the provider is called, so account and provider id stay NULL
until the resource is placed and created. Owners are users that are disabled, not deleted,
while they own anything; pools and accounts may go away and leave the history behind.
"""

import datetime
import decimal

import sqlalchemy as sa
from sqlalchemy import orm

from broker_core.db.models import base

# Group memberships change while a record lives, so a release must take back exactly what
# was reserved; NULL once released, which is also what makes a release happen only once.
QUOTA_SCOPES_DOC = 'The [scope_type, scope_id] pairs the record holds a quota reservation in'


class _Record(base.HasId, base.HasTimestamps):
    owner_id: orm.Mapped[str] = base.foreign_key('users.id', 'RESTRICT')
    pool_id: orm.Mapped[str | None] = base.foreign_key('pools.id', 'SET NULL', nullable=True)
    account_id: orm.Mapped[str | None] = base.foreign_key('provider_accounts.id', 'SET NULL',
                                                          nullable=True, index=False)
    name: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    state: orm.Mapped[str] = orm.mapped_column(sa.String(base.STATE_LENGTH), default='PENDING',
                                               index=True)
    last_error: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    deleted_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(index=True)


class _Resource(_Record):
    provider_realm_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))


class Instance(base.Base, _Resource):
    """A launch: the recorded saga of reserve, create at the provider, record its id."""

    __tablename__ = 'instances'
    __table_args__ = base.table_args(
        sa.UniqueConstraint('account_id', 'provider_instance_id'),
        sa.UniqueConstraint('owner_id', 'idempotency_key'),
    )

    provider_instance_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(base.LABEL_LENGTH))
    image_id: orm.Mapped[str | None] = base.foreign_key('images.id', 'SET NULL', nullable=True)
    hardware_profile_id: orm.Mapped[str | None] = base.foreign_key(
        'hardware_profiles.id', 'SET NULL', nullable=True)
    key_id: orm.Mapped[str | None] = base.foreign_key('keys.id', 'SET NULL', nullable=True)
    # What was asked for, with every property made concrete: {"cpu": 2, "memory": 4096, ...}.
    hardware: orm.Mapped[dict] = base.json_bag()
    # The amounts reserved against quotas, so usage can be recounted with SUM().
    vcpus: orm.Mapped[int] = orm.mapped_column(default=0)
    memory_mb: orm.Mapped[int] = orm.mapped_column(default=0)
    storage_gb: orm.Mapped[int] = orm.mapped_column(default=0)
    cost_per_hour: orm.Mapped[decimal.Decimal | None] = orm.mapped_column(base.Money)
    provider_image_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    provider_hardware_profile_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(base.LABEL_LENGTH))
    provider_state: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    firewall_ids: orm.Mapped[list] = base.json_bag(default=list)
    # As the provider last reported them; storage_volumes.instance_id is the broker's record.
    public_addresses: orm.Mapped[list] = base.json_bag(default=list)
    private_addresses: orm.Mapped[list] = base.json_bag(default=list)
    volumes: orm.Mapped[list] = base.json_bag(default=list)
    idempotency_key: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    callback_url: orm.Mapped[str | None] = orm.mapped_column(sa.String(2048))
    launched_at: orm.Mapped[datetime.datetime | None]
    state_checked_at: orm.Mapped[datetime.datetime | None]
    # When the state last changed; how long an instance has been PENDING or STOPPING.
    state_changed_at: orm.Mapped[datetime.datetime | None]
    quota_scopes: orm.Mapped[list | None] = orm.mapped_column(sa.JSON, doc=QUOTA_SCOPES_DOC)


class StorageVolume(base.Base, _Resource):
    __tablename__ = 'storage_volumes'
    __table_args__ = base.table_args(sa.UniqueConstraint('account_id', 'provider_volume_id'))

    provider_volume_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    capacity_gb: orm.Mapped[int]
    instance_id: orm.Mapped[str | None] = base.foreign_key('instances.id', 'SET NULL',
                                                           nullable=True)
    device: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    quota_scopes: orm.Mapped[list | None] = orm.mapped_column(sa.JSON, doc=QUOTA_SCOPES_DOC)


class StorageSnapshot(base.Base, _Resource):
    __tablename__ = 'storage_snapshots'
    __table_args__ = base.table_args(
        sa.UniqueConstraint('account_id', 'provider_snapshot_id'))

    provider_snapshot_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(base.LABEL_LENGTH))
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    volume_id: orm.Mapped[str | None] = base.foreign_key('storage_volumes.id', 'SET NULL',
                                                         nullable=True)
    capacity_gb: orm.Mapped[int | None]


class LoadBalancer(base.Base, _Resource):
    """A load balancer in one account, with what its provider reported at creation.

    ``listeners``: [{"protocol", "load_balancer_port", "instance_port"}].
    """

    __tablename__ = 'load_balancers'
    __table_args__ = base.table_args(
        sa.UniqueConstraint('account_id', 'provider_load_balancer_id'))

    provider_load_balancer_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(base.LABEL_LENGTH))
    listeners: orm.Mapped[list] = base.json_bag(default=list)
    public_addresses: orm.Mapped[list] = base.json_bag(default=list)


class LoadBalancerMember(base.Base, base.HasId, base.HasTimestamps):
    """An instance registered with a load balancer (always one of the balancer's account)."""

    __tablename__ = 'load_balancer_members'
    __table_args__ = base.table_args(sa.UniqueConstraint('load_balancer_id', 'instance_id'))

    load_balancer_id: orm.Mapped[str] = base.foreign_key('load_balancers.id', 'CASCADE',
                                                         index=False)
    instance_id: orm.Mapped[str] = base.foreign_key('instances.id', 'CASCADE')


class Bucket(base.Base, _Record):
    """An object storage bucket; its blobs live at the provider only.

    ``name`` is the bucket's id for its owner. ``live`` is true until the bucket is
    deleted and NULL afterwards: NULLs never clash in a unique constraint, so a name is
    taken once among an owner's live buckets and free again once they are deleted.
    """

    __tablename__ = 'buckets'
    __table_args__ = base.table_args(
        sa.UniqueConstraint('account_id', 'provider_bucket_id'),
        sa.UniqueConstraint('owner_id', 'name', 'live'))

    name: orm.Mapped[str] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    provider_bucket_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    # The location the owner asked for (a realm of the broker, that is a pool), if any.
    location: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    live: orm.Mapped[bool | None] = orm.mapped_column(default=True)
