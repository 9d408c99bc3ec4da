"""Pool members: the accounts of a pool, each optionally limited to some of its realms."""

import logging

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import validation as check

LOG = logging.getLogger(__name__)
UNSET = check.UNSET


def render(member):
    return dict({'id': member.id, 'pool_id': member.pool_id, 'account_id': member.account_id,
                 'realms': None if member.realms is None else list(member.realms),
                 'enabled': member.enabled}, **helpers.timestamps(member))


def _check_realms(context, account_id, realms):
    """None (every realm) or provider realm ids discovered, and not vanished, in the account."""
    if realms is None:
        return None
    realms = check.string_list('realms', realms)
    if not realms:
        raise errors.Invalid(field='realms', reason='give at least one realm, or none for all')
    realm = models.ProviderRealm
    known = set(context.session.scalars(sa.select(realm.provider_realm_id).where(
        realm.account_id == account_id, realm.vanished_at.is_(None))))
    unknown = [name for name in realms if name not in known]
    if unknown:
        raise errors.Invalid(field='realms', reason='not discovered in the account: %s'
                             % ', '.join(unknown))
    return realms


def _find(context, pool_id, account_id):
    return context.session.scalars(sa.select(models.PoolMember).where(
        models.PoolMember.pool_id == pool_id,
        models.PoolMember.account_id == account_id)).first()


def _get(context, pool_id, account_id):
    pool = helpers.get_or_raise(context, models.Pool, pool_id, 'pool')
    member = _find(context, pool.id, account_id)
    if member is None:
        raise errors.ObjectNotFound(kind='pool member', ident='%s/%s' % (pool.name, account_id))
    return pool, member


@db_api.writer
def add_member(context, pool_id, account_id, realms=None, enabled=True):
    """Put an account into a pool; ObjectExists when it is in already."""
    pool = helpers.get_or_raise(context, models.Pool, pool_id, 'pool')
    account = helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account')
    member = models.PoolMember(pool_id=pool.id, account_id=account.id,
                               realms=_check_realms(context, account.id, realms),
                               enabled=check.boolean('enabled', enabled))
    ident = '%s/%s' % (pool.name, account.name)
    if _find(context, pool.id, account.id) is not None:
        raise errors.ObjectExists(kind='pool member', ident=ident)
    context.session.add(member)
    helpers.flush_unique(context, 'pool member', ident)
    events.record(context, 'pool.member.add', 'pool', pool.id, pool_id=pool.id,
                  account_id=account.id, details={'realms': member.realms})
    LOG.info('Added account %s to pool %s', account.name, pool.name)
    return render(member)


@db_api.writer
def update_member(context, pool_id, account_id, *, realms=UNSET, enabled=UNSET):
    """Change a member's realms (None: all of them) or switch it on or off."""
    pool, member = _get(context, pool_id, account_id)
    changes = {}
    if realms is not UNSET:
        changes['realms'] = _check_realms(context, member.account_id, realms)
    if enabled is not UNSET:
        changes['enabled'] = check.boolean('enabled', enabled)
    for field, value in changes.items():
        setattr(member, field, value)
    context.session.flush()
    events.record(context, 'pool.member.update', 'pool', pool.id, pool_id=pool.id,
                  account_id=member.account_id, details=changes)
    return render(member)


@db_api.writer
def remove_member(context, pool_id, account_id):
    """Take an account out of a pool; its running instances stay where they are."""
    pool, member = _get(context, pool_id, account_id)
    context.session.delete(member)
    context.session.flush()
    events.record(context, 'pool.member.remove', 'pool', pool.id, pool_id=pool.id,
                  account_id=account_id)


@db_api.reader
def get_member(context, pool_id, account_id):
    return render(_get(context, pool_id, account_id)[1])


@db_api.reader
def list_members(context, pool_id, enabled=None):
    """A pool's members in the order they were added."""
    helpers.get_or_raise(context, models.Pool, pool_id, 'pool')
    member = models.PoolMember
    statement = sa.select(member).where(member.pool_id == pool_id).order_by(
        member.created_at, member.id)
    if enabled is not None:
        statement = statement.where(member.enabled == check.boolean('enabled', enabled))
    return [render(row) for row in context.session.scalars(statement)]
