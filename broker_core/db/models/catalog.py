"""The broker's own hardware profiles and images, and where each image lives at the providers."""

import sqlalchemy as sa
from sqlalchemy import orm

from broker_core.db.models import base


class HardwareProfile(base.Base, base.HasId, base.HasTimestamps):
    """``properties`` holds the profile in the fixed/range/enum form of iaas.hardware."""

    __tablename__ = 'hardware_profiles'
    __table_args__ = base.table_args()

    name: orm.Mapped[str] = orm.mapped_column(sa.String(base.NAME_LENGTH), unique=True)
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    properties: orm.Mapped[dict] = base.json_bag()


class Image(base.Base, base.HasId, base.HasTimestamps):
    """An image clients launch by name; NULL owner means offered to everyone."""

    __tablename__ = 'images'
    __table_args__ = base.table_args()

    name: orm.Mapped[str] = orm.mapped_column(sa.String(base.LABEL_LENGTH), unique=True)
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    architecture: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.STATE_LENGTH))
    owner_id: orm.Mapped[str | None] = base.foreign_key('users.id', 'CASCADE', nullable=True)
    properties: orm.Mapped[dict] = base.json_bag()

    mappings: orm.Mapped[list['ImageMapping']] = orm.relationship(passive_deletes=True)


class ImageMapping(base.Base, base.HasId, base.HasTimestamps):
    """The provider image of a broker image: for every account of a provider, or one account.

    An account mapping wins over its provider's mapping.
    """

    __tablename__ = 'image_mappings'
    __table_args__ = base.table_args(
        sa.UniqueConstraint('image_id', 'provider_id'),
        sa.UniqueConstraint('image_id', 'account_id'),
        sa.CheckConstraint('(provider_id IS NULL) <> (account_id IS NULL)',
                           name='provider_or_account'),
    )

    image_id: orm.Mapped[str] = base.foreign_key('images.id', 'CASCADE', index=False)
    provider_id: orm.Mapped[str | None] = base.foreign_key('providers.id', 'CASCADE',
                                                           nullable=True)
    account_id: orm.Mapped[str | None] = base.foreign_key('provider_accounts.id', 'CASCADE',
                                                          nullable=True)
    provider_image_id: orm.Mapped[str] = orm.mapped_column(sa.String(base.LABEL_LENGTH),
                                                           index=True)
