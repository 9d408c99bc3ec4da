"""Realizations: which provider object stands for a broker key, firewall, network or address."""

import logging

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import validation as check

LOG = logging.getLogger(__name__)
# One per kind of models.logical.REALIZATION_KINDS.
KIND_MODELS = {'key': models.Key, 'firewall': models.Firewall, 'network': models.Network,
               'subnet': models.Subnet, 'address': models.Address}
STATES = ('creating', 'available', 'deleting', 'error')


def render(realization):
    return dict({'id': realization.id, 'kind': realization.kind,
                 'object_id': realization.object_id, 'account_id': realization.account_id,
                 'provider_object_id': realization.provider_object_id,
                 'state': realization.state, 'details': dict(realization.details or {})},
                **helpers.timestamps(realization))


def _check_kind(kind):
    if kind not in KIND_MODELS:
        raise errors.Invalid(field='kind', reason='one of %s' % ', '.join(sorted(KIND_MODELS)))
    return kind


def _find(context, kind, object_id, account_id):
    realization = models.Realization
    return context.session.scalars(sa.select(realization).where(
        realization.kind == kind, realization.object_id == object_id,
        realization.account_id == account_id)).first()


def _ident(kind, object_id, account_id):
    return '%s %s in account %s' % (kind, object_id, account_id)


@db_api.writer
def record_realization(context, kind, object_id, account_id, provider_object_id, state=None,
                       details=None):
    """Create or update the realization of a broker object in an account.

    The broker driver realizes objects lazily, where an instance needs them: it records the
    realization before calling the provider and again with the provider's id afterwards.

    ``provider_object_id`` None means the provider call is under way; ``state`` defaults to
    ``creating`` then and to ``available`` once the id is known. ObjectExists when another
    object of the kind is realized by the same provider object.
    """
    helpers.get_or_raise(context, KIND_MODELS[_check_kind(kind)], object_id, kind)
    account = helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account')
    provider_object_id = check.label('provider_object_id', provider_object_id, optional=True)
    if state is None:
        state = 'creating' if provider_object_id is None else 'available'
    if state not in STATES:
        raise errors.Invalid(field='state', reason='one of %s' % ', '.join(STATES))
    details = check.json_dict('details', details)
    row = _find(context, kind, object_id, account.id)
    if row is None:
        row = models.Realization(kind=kind, object_id=object_id, account_id=account.id)
        context.session.add(row)
    row.provider_object_id, row.state, row.details = provider_object_id, state, details
    helpers.flush_unique(context, 'realization', '%s %s in account %s'
                         % (kind, provider_object_id, account.name))
    events.record(context, 'realization.record', kind, object_id, account_id=account.id,
                  details={'provider_object_id': provider_object_id, 'state': state})
    return render(row)


@db_api.reader
def get_realization(context, kind, object_id, account_id):
    """The realization of a broker object in an account; ObjectNotFound when there is none."""
    row = _find(context, _check_kind(kind), object_id, account_id)
    if row is None:
        raise errors.ObjectNotFound(kind='realization', ident=_ident(kind, object_id, account_id))
    return render(row)


@db_api.reader
def list_realizations(context, kind=None, object_id=None, account_id=None):
    """Realizations matching the given kind, object and account."""
    realization = models.Realization
    statement = sa.select(realization).order_by(realization.kind, realization.object_id,
                                                realization.account_id)
    if kind is not None:
        statement = statement.where(realization.kind == _check_kind(kind))
    if object_id is not None:
        statement = statement.where(realization.object_id == object_id)
    if account_id is not None:
        statement = statement.where(realization.account_id == account_id)
    return [render(row) for row in context.session.scalars(statement)]


@db_api.writer
def delete_realization(context, kind, object_id, account_id):
    """Forget a realization, once its provider object is gone."""
    row = _find(context, _check_kind(kind), object_id, account_id)
    if row is None:
        raise errors.ObjectNotFound(kind='realization', ident=_ident(kind, object_id, account_id))
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'realization.delete', kind, object_id, account_id=account_id,
                  details={'provider_object_id': row.provider_object_id})
