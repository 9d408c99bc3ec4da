"""Pools: accounts put together behind one realm, their members and their placement policy."""

import logging

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import validation as check
from iaas import loader

LOG = logging.getLogger(__name__)
UNSET = check.UNSET

WEIGHER_NAMESPACE = 'broker.placement.weighers'
FILTER_NAMESPACE = 'broker.placement.filters'
# The placement steps the design names; used until plug-ins are registered under the groups.
KNOWN_WEIGHERS = ('price', 'error_rate', 'free_capacity', 'priority', 'weight')
KNOWN_FILTERS = ('enabled', 'circuit', 'realm', 'hardware_profile', 'image', 'quota',
                 'capacity')
CHOICES = ('best_first', 'weighted_random')
# A policy without filters or weighers applies every filter and weighs by price alone.
DEFAULT_FILTERS = KNOWN_FILTERS
DEFAULT_WEIGHERS = ({'name': 'price', 'multiplier': 1.0},)
POLICY_KEYS = ('filters', 'weighers', 'choice', 'top_k', 'max_attempts')
MAX_STEPS = 100


def known_weighers():
    """Weigher names a policy may use: the registered plug-ins, else KNOWN_WEIGHERS."""
    return tuple(loader.installed_driver_names(WEIGHER_NAMESPACE)) or KNOWN_WEIGHERS


def known_filters():
    """Filter names a policy may use: the registered plug-ins, else KNOWN_FILTERS."""
    return tuple(loader.installed_driver_names(FILTER_NAMESPACE)) or KNOWN_FILTERS


def _check_weighers(weighers):
    field = 'policy.weighers'
    if not isinstance(weighers, (list, tuple)) or len(weighers) > MAX_STEPS:
        raise errors.Invalid(field=field, reason='a list of {name, multiplier} is required')
    allowed, checked = known_weighers(), []
    for weigher in weighers:
        if not isinstance(weigher, dict) or set(weigher) - {'name', 'multiplier'}:
            raise errors.Invalid(field=field, reason='each entry is {name, multiplier}')
        name = weigher.get('name')
        if name not in allowed:
            raise errors.Invalid(field=field, reason="unknown weigher %r; known are %s"
                                 % (name, ', '.join(allowed)))
        multiplier = check.number('%s.%s.multiplier' % (field, name),
                                  weigher.get('multiplier', 1.0))
        checked.append({'name': name, 'multiplier': multiplier})
    if len({weigher['name'] for weigher in checked}) != len(checked):
        raise errors.Invalid(field=field, reason='a weigher is named twice')
    return checked


def _check_filters(filters):
    field = 'policy.filters'
    if not isinstance(filters, (list, tuple)) or len(filters) > MAX_STEPS:
        raise errors.Invalid(field=field, reason='a list of filter names is required')
    allowed = known_filters()
    for name in filters:
        if name not in allowed:
            raise errors.Invalid(field=field, reason='unknown filter %r; known are %s'
                                 % (name, ', '.join(allowed)))
    return check.string_list(field, filters)


def check_policy(policy):
    """The stored form of a placement policy: only the keys given, each validated.

    Missing keys fall back at placement time (see ``effective_policy``).
    """
    if policy is None:
        return {}
    if not isinstance(policy, dict):
        raise errors.Invalid(field='policy', reason='a dict is required')
    unknown = sorted(set(policy) - set(POLICY_KEYS))
    if unknown:
        raise errors.Invalid(field='policy', reason='unknown keys %s; known are %s'
                             % (', '.join(map(str, unknown)), ', '.join(POLICY_KEYS)))
    checked = {}
    if 'weighers' in policy:
        checked['weighers'] = _check_weighers(policy['weighers'])
    if 'filters' in policy:
        checked['filters'] = _check_filters(policy['filters'])
    if 'choice' in policy:
        if policy['choice'] not in CHOICES:
            raise errors.Invalid(field='policy.choice', reason='one of %s' % ', '.join(CHOICES))
        checked['choice'] = policy['choice']
    for key in ('top_k', 'max_attempts'):
        if key in policy:
            checked[key] = check.integer('policy.' + key, policy[key], minimum=1, maximum=1000)
    return checked


def effective_policy(conf, policy):
    """Every key of a stored policy, the missing ones from [placement] and the defaults."""
    return {'filters': list(policy.get('filters', DEFAULT_FILTERS)),
            'weighers': [dict(w) for w in policy.get('weighers', DEFAULT_WEIGHERS)],
            'choice': policy.get('choice', conf.placement.choice),
            'top_k': policy.get('top_k', conf.placement.top_k),
            'max_attempts': policy.get('max_attempts', conf.placement.max_attempts)}


def render(pool):
    return dict({'id': pool.id, 'name': pool.name, 'description': pool.description,
                 'enabled': pool.enabled, 'policy': dict(pool.policy or {})},
                **helpers.timestamps(pool))


@db_api.writer
def create_pool(context, name, description=None, enabled=True, policy=None):
    """A new pool without members; ObjectExists when the name is taken."""
    row = models.Pool(name=check.name('name', name),
                      description=check.text('description', description),
                      enabled=check.boolean('enabled', enabled), policy=check_policy(policy))
    if helpers.exists(context, sa.select(models.Pool.id).where(models.Pool.name == name)):
        raise errors.ObjectExists(kind='pool', ident=name)
    context.session.add(row)
    helpers.flush_unique(context, 'pool', name)
    events.record(context, 'pool.create', 'pool', row.id, pool_id=row.id,
                  details={'name': name, 'policy': row.policy})
    LOG.info('Created pool %s', name)
    return render(row)


@db_api.reader
def get_pool(context, pool_id):
    return render(helpers.get_or_raise(context, models.Pool, pool_id, 'pool'))


@db_api.reader
def get_pool_by_name(context, name):
    return render(helpers.get_by_name_or_raise(context, models.Pool, name, 'pool'))


@db_api.reader
def list_pools(context, enabled=None):
    statement = sa.select(models.Pool).order_by(models.Pool.name)
    if enabled is not None:
        statement = statement.where(models.Pool.enabled == check.boolean('enabled', enabled))
    return [render(row) for row in context.session.scalars(statement)]


@db_api.reader
def get_policy(context, conf, pool_id):
    """The pool's placement policy with every key, defaults from ``conf`` [placement]."""
    row = helpers.get_or_raise(context, models.Pool, pool_id, 'pool')
    return effective_policy(conf, row.policy or {})


@db_api.writer
def update_pool(context, pool_id, *, name=UNSET, description=UNSET, enabled=UNSET,
                policy=UNSET):
    """Change the given fields; a policy is replaced as a whole."""
    row = helpers.get_or_raise(context, models.Pool, pool_id, 'pool')
    changes = {}
    if name is not UNSET:
        changes['name'] = check.name('name', name)
    if description is not UNSET:
        changes['description'] = check.text('description', description)
    if enabled is not UNSET:
        changes['enabled'] = check.boolean('enabled', enabled)
    if policy is not UNSET:
        changes['policy'] = check_policy(policy)
    for field, value in changes.items():
        setattr(row, field, value)
    helpers.flush_unique(context, 'pool', row.name)
    events.record(context, 'pool.update', 'pool', row.id, pool_id=row.id,
                  details={'changed': sorted(changes), 'policy': row.policy})
    return render(row)


@db_api.writer
def delete_pool(context, pool_id):
    """Delete a pool with its members and prices; InUse while live resources use it."""
    row = helpers.get_or_raise(context, models.Pool, pool_id, 'pool')
    live = helpers.count_live(context, pool_id=row.id)
    if live:
        raise errors.InUse(kind='pool', ident=row.name,
                           reason='%d live %s' % (live, helpers.LIVE_RESOURCE_NAMES))
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'pool.delete', 'pool', row.id, pool_id=row.id,
                  details={'name': row.name})
    LOG.info('Deleted pool %s', row.name)
