"""Users' keys, firewalls, networks and addresses, and their realizations in provider accounts."""

import sqlalchemy as sa
from sqlalchemy import orm

from broker_core.db.models import base

# Kinds of broker objects a realization can stand for; the set grows with the broker.
REALIZATION_KINDS = ('key', 'firewall', 'network', 'subnet', 'address')


class _Owned(base.HasId, base.HasTimestamps):
    owner_id: orm.Mapped[str] = base.foreign_key('users.id', 'CASCADE')


class Key(base.Base, _Owned):
    """A user's public key; the private half is handed out once and never stored."""

    __tablename__ = 'keys'
    __table_args__ = base.table_args(sa.UniqueConstraint('owner_id', 'name'))

    owner_id: orm.Mapped[str] = base.foreign_key('users.id', 'CASCADE', index=False)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    public_key: orm.Mapped[str] = orm.mapped_column(sa.Text)
    fingerprint: orm.Mapped[str | None] = orm.mapped_column(sa.String(128))


class Firewall(base.Base, _Owned):
    __tablename__ = 'firewalls'
    __table_args__ = base.table_args(sa.UniqueConstraint('owner_id', 'name'))

    owner_id: orm.Mapped[str] = base.foreign_key('users.id', 'CASCADE', index=False)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)

    rules: orm.Mapped[list['FirewallRule']] = orm.relationship(passive_deletes=True)


class FirewallRule(base.Base, base.HasId, base.HasTimestamps):
    """``sources``: a list of {"type": "address", "address": CIDR} or {"type": "group", ...}."""

    __tablename__ = 'firewall_rules'
    __table_args__ = base.table_args(base.one_of('direction', ('ingress', 'egress')))

    firewall_id: orm.Mapped[str] = base.foreign_key('firewalls.id', 'CASCADE')
    direction: orm.Mapped[str] = orm.mapped_column(sa.String(8), default='ingress')
    protocol: orm.Mapped[str] = orm.mapped_column(sa.String(16))
    from_port: orm.Mapped[int | None]
    to_port: orm.Mapped[int | None]
    sources: orm.Mapped[list] = base.json_bag(default=list)


class Network(base.Base, _Owned):
    __tablename__ = 'networks'
    __table_args__ = base.table_args()

    name: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    address_block: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    state: orm.Mapped[str] = orm.mapped_column(sa.String(base.STATE_LENGTH), default='AVAILABLE')

    subnets: orm.Mapped[list['Subnet']] = orm.relationship(passive_deletes=True)


class Subnet(base.Base, _Owned):
    __tablename__ = 'subnets'
    __table_args__ = base.table_args()

    network_id: orm.Mapped[str] = base.foreign_key('networks.id', 'CASCADE')
    name: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    address_block: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    type: orm.Mapped[str | None] = orm.mapped_column(sa.String(16))
    state: orm.Mapped[str] = orm.mapped_column(sa.String(base.STATE_LENGTH), default='AVAILABLE')


class Address(base.Base, _Owned):
    """A public address; it exists in one account, so ``ip`` is known once it is realized."""

    __tablename__ = 'addresses'
    __table_args__ = base.table_args()

    pool_id: orm.Mapped[str | None] = base.foreign_key('pools.id', 'SET NULL', nullable=True)
    ip: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    instance_id: orm.Mapped[str | None] = base.foreign_key('instances.id', 'SET NULL',
                                                           nullable=True)


class Realization(base.Base, base.HasId, base.HasTimestamps):
    """The provider object standing for a broker object (``kind``, ``object_id``) in an account.

    Created lazily where an instance needs it; ``provider_object_id`` is NULL while the
    provider call is under way. ``object_id`` has no foreign key: it points into the table
    of its kind, and deleting the object means deleting the provider object first.
    """

    __tablename__ = 'realizations'
    __table_args__ = base.table_args(
        sa.UniqueConstraint('kind', 'object_id', 'account_id'),
        sa.UniqueConstraint('account_id', 'kind', 'provider_object_id'),
    )

    kind: orm.Mapped[str] = orm.mapped_column(sa.String(32))
    object_id: orm.Mapped[str] = orm.mapped_column(sa.String(base.UUID_LENGTH))
    account_id: orm.Mapped[str] = base.foreign_key('provider_accounts.id', 'CASCADE',
                                                   index=False)
    provider_object_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    state: orm.Mapped[str] = orm.mapped_column(sa.String(base.STATE_LENGTH), default='creating')
    details: orm.Mapped[dict] = base.json_bag()
