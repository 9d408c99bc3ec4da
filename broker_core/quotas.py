"""Quota limits of users, groups, pools and accounts, and reservations that cannot overshoot them.

A reservation runs in the transaction that creates the record it is for. It locks the usage
rows of every scope involved (SELECT ... FOR UPDATE, in sorted order so that two
reservations never wait for each other), checks every limit, and adds the amounts; a
concurrent reservation waits for the lock and then sees the new usage.
"""

import collections
import decimal
import logging

from oslo_db import exception as db_exc
import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db.models import quotas as quota_models
from broker_core.db import rows
from broker_core import errors
from broker_core import events
from broker_core import policy

LOG = logging.getLogger(__name__)

SCOPE_TYPES = quota_models.SCOPE_TYPES
RESOURCES = quota_models.RESOURCES
COUNTED = ('instances', 'vcpus', 'memory_mb', 'storage_gb')  # whole numbers; cost is money
_SCOPE_MODELS = {'user': models.User, 'group': models.Group, 'pool': models.Pool,
                 'account': models.ProviderAccount}
_ZERO = decimal.Decimal(0)
_MAXIMUM = {True: 2 ** 31, False: 10 ** 8}  # by "is it a count"
_CENT_OF_A_CENT = decimal.Decimal('0.000001')  # the scale of the Money columns


def defaults_from(conf):
    """The [quota] defaults for users without a quota of their own; -1 becomes None."""
    limits = {}
    for resource in RESOURCES:
        value = getattr(conf.quota, resource)
        limits[resource] = None if value < 0 else check_amount(resource, value)
    return limits


@db_api.writer
def set_limits(context, scope_type, scope_id, limits):
    """Set some limits of a scope (None is unlimited); the others stay as they are."""
    policy.authorize(context, 'quota:set')
    _check_scope_type(scope_type)
    values = {resource: None if value is None else check_amount(resource, value)
              for resource, value in _check_mapping('limits', limits).items()}
    _require_scope(context, scope_type, scope_id)
    # Look before locking: locking a row that is not there takes a gap lock on MariaDB,
    # and two such gap locks deadlock the inserts that follow.
    if _quota_row(context, scope_type, scope_id) is None:
        quota = _insert_quota(context, scope_type, scope_id)
    else:
        quota = _quota_row(context, scope_type, scope_id, lock=True)
    for resource, value in values.items():
        setattr(quota, resource, value)
    context.session.flush()
    events.record(context, 'quota.set', scope_type, scope_id, **_event_scope(scope_type, scope_id),
                  details={'limits': values})
    return _limits_view(quota)


@db_api.reader
def get_limits(context, scope_type, scope_id):
    """The limits set for a scope; ObjectNotFound when none are."""
    _check_scope_type(scope_type)
    policy.authorize(context, 'quota:read', _target(scope_type, scope_id))
    quota = _quota_row(context, scope_type, scope_id)
    if quota is None:
        raise errors.ObjectNotFound(kind='%s quota' % scope_type, ident=scope_id)
    return _limits_view(quota)


@db_api.reader
def list_limits(context, scope_type=None):
    policy.authorize(context, 'quota:read')
    statement = sa.select(models.Quota).order_by(models.Quota.scope_type, models.Quota.scope_id)
    if scope_type is not None:
        _check_scope_type(scope_type)
        statement = statement.where(models.Quota.scope_type == scope_type)
    return [_limits_view(quota) for quota in context.session.scalars(statement)]


@db_api.writer
def delete_limits(context, scope_type, scope_id):
    """Remove a scope's limits: a user falls back to the defaults, the others to unlimited."""
    policy.authorize(context, 'quota:set')
    _check_scope_type(scope_type)
    quota = _quota_row(context, scope_type, scope_id, lock=True)
    if quota is None:
        raise errors.ObjectNotFound(kind='%s quota' % scope_type, ident=scope_id)
    context.session.delete(quota)
    context.session.flush()
    events.record(context, 'quota.delete', scope_type, scope_id,
                  **_event_scope(scope_type, scope_id))


@db_api.reader
def usage(context, scope_type, scope_id, defaults=None):
    """The limit and the amount in use of every resource of a scope.

    ``defaults`` (see ``defaults_from``) are the limits of a user without a quota of its own.
    """
    _check_scope_type(scope_type)
    policy.authorize(context, 'quota:read', _target(scope_type, scope_id))
    _require_scope(context, scope_type, scope_id)
    limits = _limits_of(context, {(scope_type, scope_id)}, defaults)[(scope_type, scope_id)]
    in_use = dict(context.session.execute(
        sa.select(models.QuotaUsage.resource, models.QuotaUsage.in_use).where(
            models.QuotaUsage.scope_type == scope_type, models.QuotaUsage.scope_id == scope_id)
    ).all())
    return {'scope_type': scope_type, 'scope_id': scope_id,
            'resources': {resource: {'limit': limits[resource],
                                     'in_use': _value(resource, in_use.get(resource, _ZERO))}
                          for resource in RESOURCES}}


@db_api.reader
def scopes_for(context, user_id, pool_id, account_id=None):
    """The scopes a record of ``user_id`` in ``pool_id`` (and ``account_id``) counts against.

    The user, each group of the user, the pool and the account, as (type, id) pairs.
    """
    membership = models.GroupMembership
    group_ids = context.session.scalars(sa.select(membership.group_id).where(
        membership.user_id == user_id).order_by(membership.group_id)).all()
    scopes = [('user', user_id)] + [('group', group_id) for group_id in group_ids]
    scopes += [('pool', pool_id)] if pool_id is not None else []
    scopes += [('account', account_id)] if account_id is not None else []
    return scopes


def amounts_of(record):
    """What an instance (or a storage volume) holds in each resource."""
    if isinstance(record, models.StorageVolume):
        return {'storage_gb': record.capacity_gb or 0}
    return {'instances': 1, 'vcpus': record.vcpus or 0, 'memory_mb': record.memory_mb or 0,
            'storage_gb': record.storage_gb or 0, 'cost_per_hour': record.cost_per_hour or 0}


@db_api.writer
def ensure_usage(context, scopes, resources=RESOURCES):
    """Create the missing usage rows of ``scopes``; run it before the reservation's transaction.

    Rows created in the reservation's own transaction can deadlock MariaDB (a duplicate
    insert waits with a shared lock, and two such waiters cannot both upgrade it); rows
    committed beforehand are just locked. ``reserve`` still creates what is missing.
    Scopes that do not exist are skipped: no usage rows for ids that nothing has.
    """
    scopes = [(scope_type, scope_id) for scope_type, scope_id in scopes
              if rows.exists(context, _SCOPE_MODELS[scope_type], scope_id)]
    _create_missing(context, sorted((scope_type, scope_id, resource)
                                    for scope_type, scope_id in scopes
                                    for resource in resources))


@db_api.writer
def reserve(context, scopes, amounts, defaults=None):
    """Add ``amounts`` to the usage of every scope, or QuotaExceeded and nothing added.

    Call it in the writer transaction that creates the record (it joins it); ``defaults``
    are the limits of users without a quota of their own.
    """
    _apply(context, _deltas(scopes, amounts, 1), defaults)


@db_api.writer
def release(context, scopes, amounts):
    """Take ``amounts`` off the usage of every scope, never below zero."""
    _apply(context, _deltas(scopes, amounts, -1), None)


@db_api.writer
def move(context, old_scopes, old_amounts, scopes, amounts, defaults=None):
    """Release one holding and reserve another at once, locking every row in one order.

    Only what grows is checked against its limit: moving an instance to another account
    or price never fails for the scopes that stay the same.
    """
    deltas = _deltas(old_scopes, old_amounts, -1)
    for key, value in _deltas(scopes, amounts, 1).items():
        deltas[key] += value
    _apply(context, deltas, defaults)


@db_api.writer
def recount(context):
    """Rebuild every usage row from the live records' holdings; returns the rows changed."""
    policy.authorize(context, 'quota:set')
    totals = collections.defaultdict(lambda: _ZERO)
    for model in (models.Instance, models.StorageVolume):
        live = sa.select(model).where(model.quota_scopes.is_not(None),
                                      model.deleted_at.is_(None))
        for record in context.session.scalars(live):
            for key, amount in _deltas(record.quota_scopes, amounts_of(record), 1).items():
                totals[key] += amount
    _create_missing(context, sorted(key for key, amount in totals.items() if amount))
    statement = sa.select(models.QuotaUsage).order_by(
        models.QuotaUsage.scope_type, models.QuotaUsage.scope_id, models.QuotaUsage.resource)
    changed = []
    for row in context.session.scalars(db_api.for_update(context, statement)
                                       .execution_options(populate_existing=True)):
        wanted = totals.get((row.scope_type, row.scope_id, row.resource), _ZERO)
        if row.in_use != wanted:
            changed.append({'scope_type': row.scope_type, 'scope_id': row.scope_id,
                            'resource': row.resource, 'was': row.in_use, 'now': wanted})
            row.in_use = wanted
    context.session.flush()
    events.record(context, 'quota.recount', details={'changed': changed})
    if changed:
        LOG.warning('Quota usage recounted: %d rows were off', len(changed))
    return changed


def _apply(context, deltas, defaults):
    keys = sorted(key for key, delta in deltas.items() if delta)
    growing = [key for key in keys if deltas[key] > 0]
    # Only what grows needs a row: a release finding none has nothing to take back.
    _create_missing(context, growing)
    usages = _lock(context, keys)
    limits = _limits_of(context, {key[:2] for key in growing}, defaults)
    for key in growing:
        limit = limits[key[:2]][key[2]]
        wanted = usages[key].in_use + deltas[key]
        if limit is not None and wanted > limit:
            raise errors.QuotaExceeded(scope_type=key[0], scope_id=key[1], resource=key[2],
                                       wanted=_value(key[2], wanted), limit=limit)
    for key in keys:
        row = usages.get(key)
        if row is None:
            LOG.warning('No %s usage of %s %s to release', key[2], key[0], key[1])
            continue
        in_use = row.in_use + deltas[key]
        if in_use < 0:
            LOG.warning('Usage of %s by %s %s would drop below zero; kept at zero',
                        key[2], key[0], key[1])
            in_use = _ZERO
        row.in_use = in_use
    context.session.flush()


def _lock(context, keys):
    """Lock the usage rows of ``keys`` scope by scope, in sorted order; returns them by key."""
    usage, locked = models.QuotaUsage, {}
    by_scope = collections.defaultdict(list)
    for scope_type, scope_id, resource in keys:
        by_scope[(scope_type, scope_id)].append(resource)
    for (scope_type, scope_id), resources in sorted(by_scope.items()):
        statement = sa.select(usage).where(
            usage.scope_type == scope_type, usage.scope_id == scope_id,
            usage.resource.in_(resources)).order_by(usage.resource)
        statement = db_api.for_update(context, statement).execution_options(
            populate_existing=True)
        for row in context.session.scalars(statement):
            locked[(row.scope_type, row.scope_id, row.resource)] = row
    return locked


def _create_missing(context, keys):
    if not keys:
        return
    usage = models.QuotaUsage
    scopes = {key[:2] for key in keys}
    existing = set(context.session.execute(
        sa.select(usage.scope_type, usage.scope_id, usage.resource).where(
            sa.tuple_(usage.scope_type, usage.scope_id).in_(sorted(scopes)))).all())
    for scope_type, scope_id, resource in sorted(set(keys) - existing):
        try:
            with context.session.begin_nested():
                context.session.add(usage(scope_type=scope_type, scope_id=scope_id,
                                          resource=resource, in_use=_ZERO))
        except db_exc.DBDuplicateEntry:
            pass  # a concurrent transaction created it; it is locked later like any other


def _limits_of(context, scopes, defaults):
    """The limits of each scope, by (type, id); a user without a quota gets ``defaults``."""
    found = {}
    if scopes:
        statement = sa.select(models.Quota).where(
            sa.tuple_(models.Quota.scope_type, models.Quota.scope_id).in_(sorted(scopes)))
        found = {(quota.scope_type, quota.scope_id): _limits_view(quota)['limits']
                 for quota in context.session.scalars(statement)}
    unlimited = dict.fromkeys(RESOURCES)
    user_defaults = dict(unlimited, **(defaults or {}))
    return {scope: found.get(scope, user_defaults if scope[0] == 'user' else unlimited)
            for scope in scopes}


def _deltas(scopes, amounts, sign):
    amounts = {resource: check_amount(resource, value)
               for resource, value in _check_mapping('amounts', amounts).items()
               if value is not None}
    deltas = collections.defaultdict(lambda: _ZERO)
    for scope_type, scope_id in scopes or ():
        _check_scope_type(scope_type)
        for resource, value in amounts.items():
            deltas[(scope_type, scope_id, resource)] += sign * decimal.Decimal(value)
    return deltas


def check_amount(resource, value):
    """``value`` as a whole number (counts) or a Decimal (cost); Invalid naming ``resource``.

    The bounds are the columns': 32-bit counts, money with six decimal places under 10^8.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, decimal.Decimal, str)):
        raise errors.Invalid(field=resource, reason='a number is required')
    try:
        number = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        raise errors.Invalid(field=resource, reason='a number is required') from None
    if not number.is_finite():
        raise errors.Invalid(field=resource, reason='a finite number is required')
    if number < 0:
        raise errors.Invalid(field=resource, reason='must not be negative')
    if number >= _MAXIMUM[resource in COUNTED]:
        raise errors.Invalid(field=resource, reason='must be less than %d'
                                                    % _MAXIMUM[resource in COUNTED])
    if resource in COUNTED:
        if number != number.to_integral_value():
            raise errors.Invalid(field=resource, reason='a whole number is required')
        return int(number)
    return number.quantize(_CENT_OF_A_CENT, rounding=decimal.ROUND_HALF_UP)


def _value(resource, number):
    """A stored amount as shown: an int for counts, a Decimal for money."""
    return int(number) if resource in COUNTED else number


def _check_mapping(field, value):
    if not isinstance(value, dict):
        raise errors.Invalid(field=field, reason='a mapping of resource to amount is required')
    for resource in value:
        if resource not in RESOURCES:
            raise errors.Invalid(field='resource',
                                 reason="'%s' is not one of %s" % (resource, ', '.join(RESOURCES)))
    return value


def _check_scope_type(scope_type):
    if scope_type not in SCOPE_TYPES:
        raise errors.Invalid(field='scope_type', reason='one of %s' % ', '.join(SCOPE_TYPES))


def _require_scope(context, scope_type, scope_id):
    if not rows.exists(context, _SCOPE_MODELS[scope_type], scope_id):
        raise errors.ObjectNotFound(kind=scope_type, ident=scope_id)


def _quota_row(context, scope_type, scope_id, lock=False):
    statement = sa.select(models.Quota).where(models.Quota.scope_type == scope_type,
                                              models.Quota.scope_id == scope_id)
    if lock:
        statement = db_api.for_update(context, statement).execution_options(
            populate_existing=True)
    return context.session.scalars(statement).first()


def _insert_quota(context, scope_type, scope_id):
    quota = models.Quota(scope_type=scope_type, scope_id=scope_id)
    try:
        with context.session.begin_nested():
            context.session.add(quota)
    except db_exc.DBDuplicateEntry:
        # Another transaction made it first; lock that one.
        return _quota_row(context, scope_type, scope_id, lock=True)
    return quota


def _limits_view(quota):
    return {'scope_type': quota.scope_type, 'scope_id': quota.scope_id,
            'limits': {resource: None if getattr(quota, resource) is None
                       else _value(resource, getattr(quota, resource))
                       for resource in RESOURCES}}


def _target(scope_type, scope_id):
    return {'user': {'owner_id': scope_id}, 'pool': {'pool_id': scope_id}}.get(scope_type, {})


def _event_scope(scope_type, scope_id):
    return {'pool': {'pool_id': scope_id}, 'account': {'account_id': scope_id}}.get(scope_type, {})
