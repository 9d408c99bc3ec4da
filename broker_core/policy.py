"""Who may do what: the action table and the one ``authorize`` that every decision goes through.

A RequestContext carries the roles of its user as strings: a global grant is the role name
('viewer'), a grant on one pool is the role and the pool id joined by '@'
('pool_user@<pool id>'). ``context.is_admin`` stands for a global admin grant.

A target is a dict with any of ``pool_id`` (the pool the object belongs to), ``owner_id``
(the user owning it, or the user it is about) and ``role`` (for grants: the role handed out).
"""

import dataclasses
import logging

from broker_core.db.models import identity as identity_models
from broker_core import errors

LOG = logging.getLogger(__name__)

ADMIN, POOL_ADMIN, POOL_USER, VIEWER = identity_models.ROLES
ROLES = identity_models.ROLES
_SEPARATOR = '@'


@dataclasses.dataclass(frozen=True)
class Rule:
    """Who may take one action, besides a global admin, who may take every action.

    ``pool_roles`` count when held on the target's pool or globally; ``global_roles`` only
    when held globally; ``anywhere_roles`` when held globally or on any pool. ``owner``
    lets the target's owner. ``anyone`` lets every authenticated user. ``self_only``
    refuses a target owned by someone else to all but admins (launching for another user).
    ``grantable`` limits the roles a non-admin may hand out or take back.
    """

    pool_roles: tuple = ()
    global_roles: tuple = ()
    anywhere_roles: tuple = ()
    owner: bool = False
    anyone: bool = False
    self_only: bool = False
    grantable: tuple = None


_ADMIN_ONLY = Rule()
_OPERATOR_READ = Rule(global_roles=(VIEWER,), anywhere_roles=(POOL_ADMIN,))
_POOL_READ = Rule(pool_roles=(POOL_ADMIN, VIEWER), owner=True)

RULES = {
    'pool:create': _ADMIN_ONLY,
    'pool:read': Rule(pool_roles=(POOL_ADMIN, POOL_USER, VIEWER)),
    'pool:use': Rule(pool_roles=(POOL_ADMIN, POOL_USER), self_only=True),
    'pool:update': Rule(pool_roles=(POOL_ADMIN,)),
    'pool:delete': _ADMIN_ONLY,
    'provider:create': _ADMIN_ONLY,
    'provider:read': _OPERATOR_READ,
    'provider:update': _ADMIN_ONLY,
    'provider:delete': _ADMIN_ONLY,
    'account:create': _ADMIN_ONLY,
    'account:read': _OPERATOR_READ,
    'account:update': _ADMIN_ONLY,
    'account:delete': _ADMIN_ONLY,
    'catalog:read': Rule(anyone=True),
    'catalog:create': _ADMIN_ONLY,
    'catalog:update': _ADMIN_ONLY,
    'catalog:delete': _ADMIN_ONLY,
    'user:create': _ADMIN_ONLY,
    'user:read': Rule(global_roles=(VIEWER,), owner=True),
    'user:list': Rule(global_roles=(VIEWER,)),
    'user:update': _ADMIN_ONLY,
    'user:password': Rule(owner=True),
    'user:delete': _ADMIN_ONLY,
    'group:create': _ADMIN_ONLY,
    'group:read': Rule(global_roles=(VIEWER,)),
    'group:update': _ADMIN_ONLY,
    'group:delete': _ADMIN_ONLY,
    'grant:read': Rule(pool_roles=(POOL_ADMIN, VIEWER), owner=True),
    'grant:create': Rule(pool_roles=(POOL_ADMIN,), grantable=(POOL_USER, VIEWER)),
    'grant:delete': Rule(pool_roles=(POOL_ADMIN,), grantable=(POOL_USER, VIEWER)),
    'quota:set': _ADMIN_ONLY,
    'quota:read': _POOL_READ,
    'instance:read': _POOL_READ,
    'instance:act': Rule(pool_roles=(POOL_ADMIN,), owner=True),
    'volume:read': _POOL_READ,
    'volume:act': Rule(pool_roles=(POOL_ADMIN,), owner=True),
    'load_balancer:read': _POOL_READ,
    'load_balancer:act': Rule(pool_roles=(POOL_ADMIN,), owner=True),
    'bucket:read': _POOL_READ,
    'bucket:act': Rule(pool_roles=(POOL_ADMIN,), owner=True),
    'placement:read': _POOL_READ,
    'event:read': _POOL_READ,
    'usage:read': _POOL_READ,
    'webhook:create': _ADMIN_ONLY,
    'webhook:read': Rule(global_roles=(VIEWER,)),
    'webhook:update': _ADMIN_ONLY,
    'webhook:delete': _ADMIN_ONLY,
}


@dataclasses.dataclass(frozen=True)
class Visibility:
    """Which objects a list may show: of every pool, of ``pool_ids``, and those of ``owner_id``."""

    all_pools: bool
    pool_ids: frozenset = frozenset()
    owner_id: str = None


def role_token(role, pool_id=None):
    """How a grant of ``role`` (on ``pool_id``, or globally) is written into context.roles."""
    return role if pool_id is None else role + _SEPARATOR + pool_id


def held_roles(context):
    """The (role, pool id or None) pairs of ``context``."""
    held = set()
    for token in context.roles:
        role, _, pool_id = token.partition(_SEPARATOR)
        held.add((role, pool_id or None))
    return held


def authorize(context, action, target=None):
    """Return if the caller of ``context`` may take ``action`` on ``target``, else NotAuthorized."""
    if not is_allowed(context, action, target):
        LOG.debug('%r may not %s %s', context, action, target or '')
        raise errors.NotAuthorized(action=action)


def is_allowed(context, action, target=None):
    """Whether ``authorize`` would let the caller of ``context`` take ``action`` on ``target``."""
    rule = _rule(action)
    if context.is_admin:
        return True
    target = target or {}
    owner_id = target.get('owner_id')
    if context.user_id is None:
        return False
    if rule.self_only and owner_id is not None and owner_id != context.user_id:
        return False
    if rule.grantable is not None and target.get('role') not in rule.grantable:
        return False
    if rule.anyone or (rule.owner and owner_id == context.user_id):
        return True
    return any(_grants(rule, role, scope, target.get('pool_id'))
               for role, scope in held_roles(context))


def visibility(context, action):
    """What a listing for ``action`` may show the caller of ``context``."""
    rule = _rule(action)
    held = held_roles(context)
    if context.is_admin or any(_grants(rule, role, scope, None) for role, scope in held):
        return Visibility(all_pools=True)
    pool_ids = frozenset(scope for role, scope in held
                         if scope is not None and role in rule.pool_roles)
    owner_id = context.user_id if rule.owner else None
    return Visibility(all_pools=False, pool_ids=pool_ids, owner_id=owner_id)


def _grants(rule, role, scope, pool_id):
    if role in rule.anywhere_roles:
        return True
    if scope is None:
        return role in rule.pool_roles or role in rule.global_roles
    return role in rule.pool_roles and scope == pool_id


def _rule(action):
    try:
        return RULES[action]
    except KeyError:
        # A misspelt action is a bug in the caller, not a reason to let anyone through.
        raise ValueError('Unknown action %r' % (action,)) from None
