"""Users, groups, and the roles granted to them globally or on one pool."""

import sqlalchemy as sa
from sqlalchemy import orm

from broker_core.db.models import base

ROLES = ('admin', 'pool_admin', 'pool_user', 'viewer')
GLOBAL_SCOPE = '*'


class User(base.Base, base.HasId, base.HasTimestamps):
    __tablename__ = 'users'
    __table_args__ = base.table_args()

    name: orm.Mapped[str] = orm.mapped_column(sa.String(base.NAME_LENGTH), unique=True)
    # A KDF hash in PHC string form; NULL means the user cannot log in with a password.
    password_hash: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))
    enabled: orm.Mapped[bool] = orm.mapped_column(default=True)
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)


class Group(base.Base, base.HasId, base.HasTimestamps):
    __tablename__ = 'groups'
    __table_args__ = base.table_args()

    name: orm.Mapped[str] = orm.mapped_column(sa.String(base.NAME_LENGTH), unique=True)
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)


class GroupMembership(base.Base, base.HasId, base.HasTimestamps):
    __tablename__ = 'group_memberships'
    __table_args__ = base.table_args(sa.UniqueConstraint('group_id', 'user_id'))

    group_id: orm.Mapped[str] = base.foreign_key('groups.id', 'CASCADE', index=False)
    user_id: orm.Mapped[str] = base.foreign_key('users.id', 'CASCADE')


def _scope_of(context):
    return context.get_current_parameters().get('pool_id') or GLOBAL_SCOPE


class RoleGrant(base.Base, base.HasId, base.HasTimestamps):
    """A role held by one user or one group, on one pool or (pool_id NULL) everywhere.

    ``scope`` repeats pool_id, or '*' for a global grant, because unique constraints treat
    NULLs as distinct: it is what makes a global grant unique too. It is filled in from
    pool_id on insert; grants are replaced, not edited.
    """

    __tablename__ = 'role_grants'
    __table_args__ = base.table_args(
        sa.UniqueConstraint('role', 'user_id', 'scope'),
        sa.UniqueConstraint('role', 'group_id', 'scope'),
        base.one_of('role', ROLES),
        sa.CheckConstraint('(user_id IS NULL) <> (group_id IS NULL)', name='user_or_group'),
        sa.CheckConstraint("(pool_id IS NULL AND scope = '%s') OR scope = pool_id" % GLOBAL_SCOPE,
                           name='scope_is_pool'),
    )

    role: orm.Mapped[str] = orm.mapped_column(sa.String(16))
    user_id: orm.Mapped[str | None] = base.foreign_key('users.id', 'CASCADE', nullable=True)
    group_id: orm.Mapped[str | None] = base.foreign_key('groups.id', 'CASCADE', nullable=True)
    pool_id: orm.Mapped[str | None] = base.foreign_key('pools.id', 'CASCADE', nullable=True)
    scope: orm.Mapped[str] = orm.mapped_column(sa.String(base.UUID_LENGTH), default=_scope_of)
