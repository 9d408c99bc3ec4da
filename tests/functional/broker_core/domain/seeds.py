"""Rows and request contexts the identity, quota, instance and usage tests build on.

Pools, providers, accounts and catalog rows are written straight into the tables: those
tests are about what refers to them, not about how they are managed.
"""

import sqlalchemy as sa

from broker_core import context as broker_context
from broker_core.db import api as db_api
from broker_core.db import models
from broker_core import identity
from broker_core import policy
from broker_core import quotas


@db_api.writer
def add_pool(context, name='gold', enabled=True):
    pool = models.Pool(name=name, enabled=enabled)
    context.session.add(pool)
    context.session.flush()
    return pool.id


@db_api.writer
def add_account(context, name='acct'):
    provider = context.session.scalars(
        sa.select(models.Provider).where(models.Provider.name == 'ec2')).first()
    if provider is None:
        provider = models.Provider(name='ec2', driver='ec2')
        context.session.add(provider)
        context.session.flush()
    account = models.ProviderAccount(provider_id=provider.id, name=name, credentials='token')
    context.session.add(account)
    context.session.flush()
    return account.id


@db_api.writer
def add_image(context, name='fedora'):
    image = models.Image(name=name)
    context.session.add(image)
    context.session.flush()
    return image.id


def add_user(admin_context, name, password=None):
    return identity.create_user(admin_context, name, password)['id']


def context_of(user_id, *roles, name=None):
    """A context of ``user_id`` holding ``roles``: names, or (role, pool id) pairs."""
    tokens = [role if isinstance(role, str) else policy.role_token(*role) for role in roles]
    return broker_context.RequestContext(user_id=user_id, user_name=name or user_id,
                                         roles=tokens)


@db_api.reader
def usage_rows(context):
    """Every usage counter, by (scope type, scope id, resource), as numbers."""
    statement = sa.select(models.QuotaUsage)
    return {(row.scope_type, row.scope_id, row.resource): quotas._value(row.resource, row.in_use)
            for row in context.session.scalars(statement)}


@db_api.reader
def count(context, model):
    return context.session.scalar(sa.select(sa.func.count()).select_from(model))
