"""Role grants to users and groups, the roles a user holds, and request contexts built from them."""

import logging

from oslo_db import exception as db_exc
import sqlalchemy as sa

from broker_core import context as broker_context
from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db import rows
from broker_core import errors
from broker_core import events
from broker_core import identity
from broker_core import policy

LOG = logging.getLogger(__name__)


def grant_role(context, role, *, user_id=None, group_id=None, pool_id=None):
    """Grant ``role`` to a user or a group, on one pool or (pool_id None) everywhere.

    ObjectExists if the same grant exists; admin is a global role only.
    """
    if role not in policy.ROLES:
        raise errors.Invalid(field='role', reason='one of %s' % ', '.join(policy.ROLES))
    if (user_id is None) == (group_id is None):
        raise errors.Invalid(field='grantee', reason='give a user or a group, not both')
    if role == policy.ADMIN and pool_id is not None:
        raise errors.Invalid(field='pool_id', reason='admin is granted globally only')
    policy.authorize(context, 'grant:create', {'pool_id': pool_id, 'role': role})
    return _insert_grant(context, role, user_id, group_id, pool_id)


@db_api.writer
def _insert_grant(context, role, user_id, group_id, pool_id):
    if user_id is not None:
        grantee = rows.get(context, models.User, user_id, 'user')
    else:
        grantee = rows.get(context, models.Group, group_id, 'group')
    if pool_id is not None:
        rows.get(context, models.Pool, pool_id, 'pool')
    # Named now: a failed flush expires the rows, and they cannot be read after it.
    ident = '%s of %s on %s' % (role, grantee.name, pool_id or 'every pool')
    grant = models.RoleGrant(role=role, user_id=user_id, group_id=group_id, pool_id=pool_id)
    context.session.add(grant)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise errors.ObjectExists(kind='role grant', ident=ident) from None
    kind = 'user' if user_id is not None else 'group'
    events.record(context, 'role.grant', kind, grantee.id, pool_id=pool_id,
                  details={'grant_id': grant.id, 'role': role, kind: grantee.name})
    LOG.info('Granted %s on %s to %s %s', role, pool_id or 'every pool', kind, grantee.id)
    return rows.as_dict(grant)


@db_api.writer
def revoke_role(context, grant_id):
    """Take back one grant; ObjectNotFound also when the caller may not see it."""
    grant = _visible_grant(context, grant_id, lock=True)
    policy.authorize(context, 'grant:delete', {'pool_id': grant.pool_id, 'role': grant.role})
    context.session.delete(grant)
    context.session.flush()
    kind = 'user' if grant.user_id is not None else 'group'
    events.record(context, 'role.revoke', kind, grant.user_id or grant.group_id,
                  pool_id=grant.pool_id, details={'grant_id': grant.id, 'role': grant.role})


@db_api.reader
def get_grant(context, grant_id):
    return rows.as_dict(_visible_grant(context, grant_id))


@db_api.reader
def list_grants(context, *, user_id=None, group_id=None, pool_id=None):
    """Grants, filtered; a user may list their own, a pool admin those on its pools."""
    policy.authorize(context, 'grant:read', {'owner_id': user_id, 'pool_id': pool_id})
    grant = models.RoleGrant
    statement = sa.select(grant).order_by(grant.created_at, grant.id)
    for column, value in (('user_id', user_id), ('group_id', group_id), ('pool_id', pool_id)):
        if value is not None:
            statement = statement.where(getattr(grant, column) == value)
    return [rows.as_dict(row) for row in context.session.scalars(statement)]


@db_api.reader
def roles_for(context, user_id):
    """The (role, pool id or None) pairs ``user_id`` holds, directly or through its groups.

    A resolver for building request contexts, not an API: it does not authorize.
    """
    grant, membership = models.RoleGrant, models.GroupMembership
    of_groups = sa.select(membership.group_id).where(membership.user_id == user_id)
    statement = sa.select(grant.role, grant.pool_id).where(
        sa.or_(grant.user_id == user_id, grant.group_id.in_(of_groups)))
    return frozenset((role, pool_id) for role, pool_id in context.session.execute(statement))


@db_api.reader
def user_context(context, user, request_id=None):
    """A RequestContext acting as ``user`` (a user dict) with every role it holds."""
    roles = roles_for(context, user['id'])
    return broker_context.RequestContext(
        user_id=user['id'], user_name=user['name'],
        roles=[policy.role_token(role, pool_id) for role, pool_id in roles],
        request_id=request_id)


def authenticated_context(context, name, password, request_id=None):
    """Log in with ``name`` and ``password``: a RequestContext for the user, or NotAuthenticated."""
    user = identity.authenticate(context, name, password)
    return user_context(context, user, request_id=request_id)


def _visible_grant(context, grant_id, lock=False):
    row = rows.get(context, models.RoleGrant, grant_id, 'role grant', lock=lock)
    if not policy.is_allowed(context, 'grant:read',
                             {'owner_id': row.user_id, 'pool_id': row.pool_id}):
        raise errors.ObjectNotFound(kind='role grant', ident=grant_id)
    return row
