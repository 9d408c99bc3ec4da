"""Users, groups and memberships, and logging in with a name and password."""

import logging
import re

from oslo_db import exception as db_exc
import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core.db import rows
from broker_core import errors
from broker_core import events
from broker_core import passwords
from broker_core import policy

LOG = logging.getLogger(__name__)

NAME_PATTERN = re.compile(r'^[a-z][a-z0-9._-]{0,63}$')
NAME_RULE = 'a letter, then up to 63 letters, digits, ".", "_" or "-" (lowercase)'
DESCRIPTION_LENGTH = 1024
_UNSET = object()
# What a user record shows: everything but the password hash.
_HIDDEN = ('password_hash',)


def normalize_name(value, field='name'):
    """``value`` as a user or group name, lowercased; Invalid unless it fits NAME_PATTERN."""
    if not isinstance(value, str):
        raise errors.Invalid(field=field, reason='a string is required')
    name = value.strip().lower()
    if not NAME_PATTERN.match(name):
        raise errors.Invalid(field=field, reason=NAME_RULE)
    return name


def create_user(context, name, password=None, *, description=None, enabled=True):
    """A new user; without a password the user cannot log in. ObjectExists for a taken name."""
    policy.authorize(context, 'user:create')
    name = normalize_name(name)
    _check_description(description)
    # Hash before the transaction: the KDF's fraction of a second holds no write lock.
    password_hash = None if password is None else passwords.hash_password(password)
    return _insert_user(context, name, password_hash, description, bool(enabled))


@db_api.writer
def _insert_user(context, name, password_hash, description, enabled):
    user = models.User(name=name, password_hash=password_hash, description=description,
                       enabled=enabled)
    context.session.add(user)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise errors.ObjectExists(kind='user', ident=name) from None
    events.record(context, 'user.create', 'user', user.id,
                  details={'name': name, 'enabled': enabled,
                           'can_log_in': password_hash is not None})
    LOG.info('Created user %s (%s)', name, user.id)
    return _user_view(user)


@db_api.reader
def get_user(context, user_id):
    """The user ``user_id``; ObjectNotFound also when the caller may not see it."""
    if not policy.is_allowed(context, 'user:read', {'owner_id': user_id}):
        raise errors.ObjectNotFound(kind='user', ident=user_id)
    return _user_view(rows.get(context, models.User, user_id, 'user'))


@db_api.reader
def get_user_by_name(context, name):
    user = _find_user(context, _name_or_none(name))
    if user is None or not policy.is_allowed(context, 'user:read', {'owner_id': user.id}):
        raise errors.ObjectNotFound(kind='user', ident=name)
    return _user_view(user)


@db_api.reader
def list_users(context):
    policy.authorize(context, 'user:list')
    users = context.session.scalars(sa.select(models.User).order_by(models.User.name))
    return [_user_view(user) for user in users]


@db_api.writer
def update_user(context, user_id, *, description=_UNSET, enabled=_UNSET):
    """Change the description or the enabled flag; a disabled user cannot log in."""
    policy.authorize(context, 'user:update')
    user = rows.get(context, models.User, user_id, 'user', lock=True)
    changes = {}
    if description is not _UNSET:
        _check_description(description)
        changes['description'] = description
    if enabled is not _UNSET:
        if not isinstance(enabled, bool):
            raise errors.Invalid(field='enabled', reason='true or false is required')
        changes['enabled'] = enabled
    changed = {key: value for key, value in changes.items() if getattr(user, key) != value}
    for key, value in changed.items():
        setattr(user, key, value)
    if changed:
        context.session.flush()
        kind = {True: 'user.enable', False: 'user.disable'}.get(changed.get('enabled'))
        events.record(context, kind or 'user.update', 'user', user.id,
                      details={'name': user.name, 'changed': sorted(changed)})
    return _user_view(user)


def set_enabled(context, user_id, enabled):
    return update_user(context, user_id, enabled=enabled)


def set_password(context, user_id, password, current_password=None):
    """Set a user's password; None removes it. Users changing their own give the current one.

    An admin may reset anyone's password. Whoever else changes their own password proves
    it with ``current_password`` first (NotAuthenticated when it is wrong).
    """
    policy.authorize(context, 'user:password', {'owner_id': user_id})
    if not context.is_admin:
        stored = _password_hash(context, user_id)
        if not passwords.verify(current_password, stored):
            raise errors.NotAuthenticated()
    password_hash = None if password is None else passwords.hash_password(password)
    _store_password(context, user_id, password_hash)


@db_api.reader
def _password_hash(context, user_id):
    return rows.get(context, models.User, user_id, 'user').password_hash


@db_api.writer
def _store_password(context, user_id, password_hash):
    user = rows.get(context, models.User, user_id, 'user', lock=True)
    user.password_hash = password_hash
    context.session.flush()
    events.record(context, 'user.password', 'user', user.id,
                  details={'name': user.name, 'can_log_in': password_hash is not None})


@db_api.writer
def delete_user(context, user_id):
    """Delete a user who never owned a resource of any kind; InUse otherwise.

    Records keep their owner for history; such a user is disabled instead.
    """
    policy.authorize(context, 'user:delete')
    user = rows.get(context, models.User, user_id, 'user', lock=True)
    for model in helpers.LIVE_RESOURCES:
        owned = context.session.scalar(
            sa.select(sa.func.count()).select_from(model).where(model.owner_id == user.id))
        if owned:
            raise errors.InUse(kind='user', ident=user.name,
                               reason='it owns records in %s; disable it instead'
                               % model.__tablename__)
    _delete_scope_quotas(context, 'user', user.id)
    context.session.delete(user)
    context.session.flush()
    events.record(context, 'user.delete', 'user', user_id, details={'name': user.name})
    LOG.info('Deleted user %s (%s)', user.name, user_id)


def authenticate(context, name, password):
    """The enabled user ``name`` whose password is ``password``; NotAuthenticated otherwise.

    Every refusal is the same error and costs the same KDF work, so neither the answer nor
    its timing tells an unknown name from a wrong password or a disabled user.
    """
    user, password_hash = _login_record(context, _name_or_none(name))
    if not passwords.verify(password, password_hash) or user is None or not user['enabled']:
        LOG.info('Authentication failed%s',
                 '' if user is None else ' for user %s' % user['id'])
        raise errors.NotAuthenticated()
    return user


@db_api.reader
def _login_record(context, name):
    user = _find_user(context, name)
    if user is None:
        return None, None
    return _user_view(user), user.password_hash


def create_group(context, name, *, description=None):
    policy.authorize(context, 'group:create')
    name = normalize_name(name)
    _check_description(description)
    return _insert_group(context, name, description)


@db_api.writer
def _insert_group(context, name, description):
    group = models.Group(name=name, description=description)
    context.session.add(group)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise errors.ObjectExists(kind='group', ident=name) from None
    events.record(context, 'group.create', 'group', group.id, details={'name': name})
    return rows.as_dict(group)


@db_api.reader
def get_group(context, group_id):
    policy.authorize(context, 'group:read')
    return rows.as_dict(rows.get(context, models.Group, group_id, 'group'))


@db_api.reader
def get_group_by_name(context, name):
    policy.authorize(context, 'group:read')
    group = context.session.scalars(
        sa.select(models.Group).where(models.Group.name == _name_or_none(name))).first()
    if group is None:
        raise errors.ObjectNotFound(kind='group', ident=name)
    return rows.as_dict(group)


@db_api.reader
def list_groups(context):
    policy.authorize(context, 'group:read')
    groups = context.session.scalars(sa.select(models.Group).order_by(models.Group.name))
    return [rows.as_dict(group) for group in groups]


@db_api.writer
def update_group(context, group_id, *, description=_UNSET):
    policy.authorize(context, 'group:update')
    group = rows.get(context, models.Group, group_id, 'group', lock=True)
    if description is not _UNSET and description != group.description:
        _check_description(description)
        group.description = description
        context.session.flush()
        events.record(context, 'group.update', 'group', group.id,
                      details={'name': group.name, 'changed': ['description']})
    return rows.as_dict(group)


@db_api.writer
def delete_group(context, group_id):
    """Delete a group with its memberships, role grants and quota."""
    policy.authorize(context, 'group:delete')
    group = rows.get(context, models.Group, group_id, 'group', lock=True)
    _delete_scope_quotas(context, 'group', group.id)
    context.session.delete(group)
    context.session.flush()
    events.record(context, 'group.delete', 'group', group_id, details={'name': group.name})


@db_api.writer
def add_member(context, group_id, user_id):
    """Put a user into a group; ObjectExists when already a member."""
    policy.authorize(context, 'group:update')
    group = rows.get(context, models.Group, group_id, 'group')
    user = rows.get(context, models.User, user_id, 'user')
    # Named now: a failed flush expires the rows, and they cannot be read after it.
    ident = '%s in %s' % (user.name, group.name)
    context.session.add(models.GroupMembership(group_id=group.id, user_id=user.id))
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise errors.ObjectExists(kind='membership', ident=ident) from None
    events.record(context, 'group.member_add', 'group', group.id,
                  details={'group': group.name, 'user_id': user.id, 'user': user.name})


@db_api.writer
def remove_member(context, group_id, user_id):
    policy.authorize(context, 'group:update')
    group = rows.get(context, models.Group, group_id, 'group')
    membership = context.session.scalars(sa.select(models.GroupMembership).where(
        models.GroupMembership.group_id == group.id,
        models.GroupMembership.user_id == user_id)).first()
    if membership is None:
        raise errors.ObjectNotFound(kind='membership', ident='%s in %s' % (user_id, group.name))
    context.session.delete(membership)
    context.session.flush()
    events.record(context, 'group.member_remove', 'group', group.id,
                  details={'group': group.name, 'user_id': user_id})


@db_api.reader
def list_members(context, group_id):
    policy.authorize(context, 'group:read')
    group = rows.get(context, models.Group, group_id, 'group')
    users = context.session.scalars(
        sa.select(models.User).join(models.GroupMembership,
                                    models.GroupMembership.user_id == models.User.id)
        .where(models.GroupMembership.group_id == group.id).order_by(models.User.name))
    return [_user_view(user) for user in users]


@db_api.reader
def groups_of(context, user_id):
    """The groups ``user_id`` belongs to; users may list their own."""
    if not policy.is_allowed(context, 'user:read', {'owner_id': user_id}):
        raise errors.ObjectNotFound(kind='user', ident=user_id)
    rows.get(context, models.User, user_id, 'user')
    groups = context.session.scalars(
        sa.select(models.Group).join(models.GroupMembership,
                                     models.GroupMembership.group_id == models.Group.id)
        .where(models.GroupMembership.user_id == user_id).order_by(models.Group.name))
    return [rows.as_dict(group) for group in groups]


def _find_user(context, name):
    if name is None:
        return None
    return context.session.scalars(sa.select(models.User).where(models.User.name == name)).first()


def _name_or_none(name):
    """A name to look up; None for anything that cannot be a name, so nothing matches it."""
    try:
        return normalize_name(name)
    except errors.Invalid:
        return None


def _delete_scope_quotas(context, scope_type, scope_id):
    for model in (models.Quota, models.QuotaUsage):
        context.session.execute(sa.delete(model).where(model.scope_type == scope_type,
                                                       model.scope_id == scope_id))


def _check_description(description):
    if description is not None and (not isinstance(description, str)
                                    or len(description) > DESCRIPTION_LENGTH):
        raise errors.Invalid(field='description',
                             reason='text of at most %d characters' % DESCRIPTION_LENGTH)


def _user_view(user):
    return rows.as_dict(user, exclude=_HIDDEN)
