"""The first administrator: a user holding the global admin role, created safely more than once."""

import collections
import logging

from broker_core import errors
from broker_core import identity
from broker_core import policy
from broker_core import roles

LOG = logging.getLogger(__name__)

# ``user`` is the user's dict; ``created`` and ``granted`` say what this call added.
Outcome = collections.namedtuple('Outcome', 'user created granted')


class ExistingUser(errors.ObjectExists):
    """The user exists and the password given does not log in as it."""

    msg_fmt = ("user '%(ident)s' already exists and the password given does not log in as "
               "it (another password, or the user is disabled); bootstrap never changes an "
               "existing user")


def bootstrap_admin(context, name, password):
    """Create user ``name`` with ``password`` and grant it the admin role everywhere.

    Repeating it with the same name and password changes nothing (a missing admin grant is
    added). A user of that name whose password differs, or who is disabled, is refused
    with ExistingUser: a typo must neither take over an account nor reset its password.
    """
    try:
        user, created = identity.create_user(context, name, password), True
    except errors.ObjectExists:
        user, created = _existing_user(context, name, password), False
    granted = _grant_admin(context, user)
    return Outcome(user, created, granted)


def _existing_user(context, name, password):
    try:
        return identity.authenticate(context, name, password)
    except errors.NotAuthenticated:
        raise ExistingUser(kind='user', ident=identity.normalize_name(name)) from None


def _grant_admin(context, user):
    """Grant the global admin role unless the user holds it (directly or through a group)."""
    if (policy.ADMIN, None) in roles.roles_for(context, user['id']):
        return False
    try:
        roles.grant_role(context, policy.ADMIN, user_id=user['id'])
    except errors.ObjectExists:
        return False  # a concurrent bootstrap granted it first
    LOG.info('Granted the global admin role to user %s', user['name'])
    return True


def admin_names(context):
    """Names of the enabled users holding the global admin role, directly or through a group."""
    names = set()
    for grant in roles.list_grants(context):
        if grant['role'] != policy.ADMIN:
            continue
        if grant['user_id'] is not None:
            users = [identity.get_user(context, grant['user_id'])]
        else:
            users = identity.list_members(context, grant['group_id'])
        names.update(user['name'] for user in users if user['enabled'])
    return sorted(names)
