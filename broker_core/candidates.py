"""Placement candidates built from the broker's records: one per member account of a pool."""

import decimal
import math

import sqlalchemy as sa

from broker_core.catalog import hardware_profiles
from broker_core.catalog import images
from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.placement import models as placement_models
from broker_core import prices
from broker_core import quotas

_ZERO = decimal.Decimal(0)


@db_api.reader
def build(context, *, pool_id, owner_id, hardware_profile_id, overrides, image_id,
          amounts, quota_defaults=None):
    """A Candidate per member of the pool, with the values this request has in its account.

    ``amounts`` is what one instance of the request holds (instances, vcpus, memory_mb,
    storage_gb); the candidate's price is added as its cost. Members that cannot run the
    request still become candidates, with None where they fall short, so that placement
    drops them with a reason the explanation shows.
    """
    members = context.session.scalars(
        sa.select(models.PoolMember).where(models.PoolMember.pool_id == pool_id)
        .order_by(models.PoolMember.created_at, models.PoolMember.id)).all()
    scopes = quotas.scopes_for(context, owner_id, pool_id)
    account_ids = [member.account_id for member in members]
    limits, used = _quota_state(context, scopes + [('account', a) for a in account_ids],
                                quota_defaults)
    live = _live_instances(context, account_ids)
    return [_candidate(context, member, pool_id, hardware_profile_id, overrides, image_id,
                       amounts, scopes, limits, used, live.get(member.account_id, 0))
            for member in members]


def _candidate(context, member, pool_id, hardware_profile_id, overrides, image_id, amounts,
               scopes, limits, used, in_use):
    account = context.session.get(models.ProviderAccount, member.account_id)
    provider = account.provider
    match = hardware_profiles.match_profile(context, hardware_profile_id, overrides, account.id)
    price = None
    if match is not None:
        price = prices.effective_price(context, pool_id, match['provider_hardware_profile_id'])
    wanted = dict(amounts, cost_per_hour=price or _ZERO)
    headroom = {}
    for scope in scopes + [('account', account.id)]:
        room = _room(limits.get(scope, {}), used.get(scope, {}), wanted)
        if room is not None:
            headroom[_label(scope)] = room
    capacity = (account.options or {}).get('capacity')
    return placement_models.Candidate(
        account_id=account.id, account_name=account.name, provider_id=provider.id,
        provider_name=provider.name, driver=provider.driver,
        realm_id=_realm(context, account.id, member.realms),
        hardware_profile_id=None if match is None else match['provider_profile_id'],
        hardware_values={} if match is None else dict(match['hardware']),
        price_per_hour=price,
        image_id=images.resolve_image(context, image_id, account.id),
        enabled=bool(member.enabled and account.enabled and provider.enabled),
        circuit_state=account.circuit_state or 'closed',
        circuit_opened_at=account.circuit_opened_at, error_rate=account.error_rate or 0.0,
        consecutive_failures=account.consecutive_failures or 0,
        capacity=capacity if isinstance(capacity, int) and capacity >= 0 else None,
        in_use=in_use, priority=account.priority or 0, weight=account.weight,
        quota_headroom=headroom,
        allowed_realms=None if member.realms is None else frozenset(member.realms),
        extra={'provider_hardware_profile_id': None if match is None
               else match['provider_hardware_profile_id']})


@db_api.reader
def provider_realm(context, account_id):
    """The first available realm of the account, as a launch there would use; or None."""
    return _realm(context, account_id, None)


def _realm(context, account_id, allowed):
    """The provider realm a launch in the account uses: the first available one it may use.

    None when the account lists no realm (the provider then picks) or none it may use is
    available; the realm filter drops the latter with its reason.
    """
    realm = models.ProviderRealm
    found = context.session.execute(
        sa.select(realm.provider_realm_id, realm.state).where(
            realm.account_id == account_id, realm.vanished_at.is_(None))
        .order_by(realm.provider_realm_id)).all()
    if not found:
        return None if allowed is None else allowed[0]
    usable = [name for name, state in found if (state or 'AVAILABLE').upper() == 'AVAILABLE']
    if allowed is not None:
        usable = [name for name in allowed if name in usable]
    return usable[0] if usable else None


def _quota_state(context, scopes, defaults):
    """The limits and the usage of each scope, by (type, id), as resource -> Decimal."""
    keys = sorted(set(scopes))
    limits, used = {}, {}
    if not keys:
        return limits, used
    for quota in context.session.scalars(sa.select(models.Quota).where(
            sa.tuple_(models.Quota.scope_type, models.Quota.scope_id).in_(keys))):
        limits[(quota.scope_type, quota.scope_id)] = {
            resource: getattr(quota, resource) for resource in quotas.RESOURCES}
    for scope in keys:
        if scope not in limits and scope[0] == 'user' and defaults:
            limits[scope] = dict(defaults)
    usage = models.QuotaUsage
    for row in context.session.scalars(sa.select(usage).where(
            sa.tuple_(usage.scope_type, usage.scope_id).in_(keys))):
        used.setdefault((row.scope_type, row.scope_id), {})[row.resource] = row.in_use
    return limits, used


def _room(limits, used, wanted):
    """How many more instances of ``wanted`` fit under ``limits``; None when nothing limits."""
    room = None
    for resource, limit in limits.items():
        amount = decimal.Decimal(str(wanted.get(resource) or 0))
        if limit is None or amount <= 0:
            continue
        left = decimal.Decimal(str(limit)) - decimal.Decimal(str(used.get(resource, _ZERO)))
        fits = max(int(math.floor(left / amount)), 0)
        room = fits if room is None else min(room, fits)
    return room


def _label(scope):
    scope_type, scope_id = scope
    return scope_type if scope_type in ('user', 'pool', 'account') else '%s %s' % scope


def _live_instances(context, account_ids):
    if not account_ids:
        return {}
    instance = models.Instance
    return dict(context.session.execute(
        sa.select(instance.account_id, sa.func.count()).where(
            instance.account_id.in_(account_ids), instance.deleted_at.is_(None))
        .group_by(instance.account_id)).all())
