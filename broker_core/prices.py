"""Prices pools charge and weigh: per-pool overrides over the providers' list prices."""

import logging

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import validation as check

LOG = logging.getLogger(__name__)
HWP_KIND = 'provider hardware profile'


def render(override):
    return dict({'id': override.id, 'pool_id': override.pool_id,
                 'provider_hardware_profile_id': override.provider_hardware_profile_id,
                 'price_per_hour': override.price_per_hour}, **helpers.timestamps(override))


def _find(context, pool_id, provider_hwp_id):
    return context.session.scalars(sa.select(models.PoolPriceOverride).where(
        models.PoolPriceOverride.pool_id == pool_id,
        models.PoolPriceOverride.provider_hardware_profile_id == provider_hwp_id)).first()


@db_api.writer
def set_pool_price(context, pool_id, provider_hwp_id, price_per_hour):
    """Set the price ``pool_id`` uses for a provider hardware profile, replacing any before."""
    pool = helpers.get_or_raise(context, models.Pool, pool_id, 'pool')
    hwp = helpers.get_or_raise(context, models.ProviderHardwareProfile, provider_hwp_id, HWP_KIND)
    price = check.money('price_per_hour', price_per_hour)
    row = _find(context, pool.id, hwp.id)
    if row is None:
        row = models.PoolPriceOverride(pool_id=pool.id, provider_hardware_profile_id=hwp.id)
        context.session.add(row)
    row.price_per_hour = price
    helpers.flush_unique(context, 'price override', '%s/%s' % (pool.name, hwp.id))
    events.record(context, 'pool.price.set', 'pool', pool.id, pool_id=pool.id,
                  account_id=hwp.account_id,
                  details={'provider_hardware_profile_id': hwp.id, 'price_per_hour': price})
    return render(row)


@db_api.reader
def list_pool_prices(context, pool_id):
    """The price overrides of a pool."""
    helpers.get_or_raise(context, models.Pool, pool_id, 'pool')
    statement = sa.select(models.PoolPriceOverride).where(
        models.PoolPriceOverride.pool_id == pool_id).order_by(
        models.PoolPriceOverride.provider_hardware_profile_id)
    return [render(row) for row in context.session.scalars(statement)]


@db_api.writer
def delete_pool_price(context, pool_id, provider_hwp_id):
    """Drop a pool's override: the list price applies again."""
    pool = helpers.get_or_raise(context, models.Pool, pool_id, 'pool')
    row = _find(context, pool.id, provider_hwp_id)
    if row is None:
        ident = '%s/%s' % (pool.name, provider_hwp_id)
        raise errors.ObjectNotFound(kind='price override', ident=ident)
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'pool.price.delete', 'pool', pool.id, pool_id=pool.id,
                  details={'provider_hardware_profile_id': provider_hwp_id})


@db_api.reader
def effective_price(context, pool_id, provider_hwp_id):
    """The pool's override for the profile, else the provider's list price, else None."""
    pool = helpers.get_or_raise(context, models.Pool, pool_id, 'pool')
    hwp = helpers.get_or_raise(context, models.ProviderHardwareProfile, provider_hwp_id, HWP_KIND)
    override = _find(context, pool.id, hwp.id)
    return override.price_per_hour if override is not None else hwp.price_per_hour
