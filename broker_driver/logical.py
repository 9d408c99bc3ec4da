"""What the broker's logical objects share: owned lookups, provider names, retiring realizations.

A user's key, firewall, network, subnet or address is a broker object; at a provider it
exists only where an instance needed it (its realizations). Deleting the object deletes
its realizations first, best effort: a provider that no longer has the object counts as
done, one that refuses keeps the broker object (and that realization) and fails the
delete, so nothing the broker forgets is left behind at a provider unknown.
"""

import logging

from broker_core.catalog import realizations
from broker_core import accounts
from broker_core import errors as broker_errors
from broker_core import events
from broker_core import instances
from broker_core import pools
from broker_driver import base
from iaas import errors

LOG = logging.getLogger(__name__)

# Provider objects the broker creates are named after the broker object: unique in a
# shared account (users' names clash there) and traceable back, also after a crash.
PROVIDER_NAME_PREFIX = 'broker-'


def provider_name(object_id):
    return PROVIDER_NAME_PREFIX + object_id


def owned(bctx, obj, kind, ident=None):
    """``obj`` (a dict with ``owner_id``) if the caller owns it; ObjectNotFound otherwise.

    Someone else's object does not exist for the caller, whatever roles the caller holds:
    the IaaS API shows a user their own cloud.
    """
    if obj is None or obj.get('owner_id') != bctx.user_id:
        raise broker_errors.ObjectNotFound(kind=kind, ident=ident or (obj or {}).get('id'))
    return obj


def get_owned(bctx, getter, kind, object_id):
    """``getter(bctx, object_id)`` if it finds an object of the caller; ObjectNotFound else."""
    try:
        return owned(bctx, getter(bctx, object_id), kind, object_id)
    except broker_errors.ObjectNotFound:
        raise broker_errors.ObjectNotFound(kind=kind, ident=object_id) from None


def as_parameter(find, what, object_id):
    """``find()``, with an unknown object named in a parameter made a 400, as Deltacloud does."""
    try:
        return find()
    except errors.NotFound:
        raise errors.ValidationError("%s '%s' does not exist." % (what, object_id)) from None


def record_refusal(bctx, known, action, exc, **details):
    """Log and record as an event that a provider refused ``action`` on a realization."""
    kind, object_id, account_id = known['kind'], known['object_id'], known['account_id']
    reason = getattr(exc, 'message', None) or str(exc)
    LOG.warning('Cannot %s %s %s in account %s: %s', action, kind, object_id, account_id,
                reason)
    events.record(bctx, '%s.realization.%s' % (kind, action), kind, object_id,
                  account_id=account_id, outcome='failure',
                  details=dict(details, provider_object_id=known['provider_object_id'],
                               reason=reason))


class LogicalMixin(base.BrokerBase):
    """Finding provider objects by the broker's name for them, and retiring realizations."""

    def find_provider_object(self, bctx, account_id, lister, name):
        """The provider object named ``name`` (by id or name) in the account, or None.

        Asked before creating one: a realization interrupted after the provider created
        the object but before the broker recorded it is adopted instead of doubled.
        """
        for found in self.account_call(bctx, account_id, lister):
            if found.id == name or getattr(found, 'name', None) == name:
                return found
        return None

    def retire(self, bctx, kind, object_id, destroy_method):
        """Destroy every realization of a broker object at its provider, then forget it.

        Raises the first provider refusal (the broker object must then stay); each
        refusal is logged and recorded as an event naming the account.
        """
        refusals = []
        for known in realizations.list_realizations(bctx, kind=kind, object_id=object_id):
            try:
                self.destroy_realization(bctx, known, destroy_method)
            except errors.IaasError as exc:
                record_refusal(bctx, known, 'destroy', exc)
                refusals.append(exc)
        if refusals:
            raise refusals[0]

    def destroy_realization(self, bctx, known, destroy_method):
        """Destroy one realization at its provider (gone already is fine) and forget it."""
        provider_object_id = known['provider_object_id']
        if provider_object_id is None:
            # Interrupted before the provider answered: nothing known to destroy.
            LOG.warning('Forgetting %s %s in account %s without a provider id; a provider '
                        'object named %s may be left there', known['kind'],
                        known['object_id'], known['account_id'],
                        provider_name(known['object_id']))
        else:
            self.gone_at_provider(bctx, known['account_id'], destroy_method,
                                  provider_object_id)
        realizations.delete_realization(bctx, known['kind'], known['object_id'],
                                        known['account_id'])

    def instance_param(self, bctx, instance_id):
        """The caller's live instance record named in a parameter; 400 when there is none."""
        return as_parameter(lambda: get_owned(bctx, instances.get, 'instance', instance_id),
                            'Instance', instance_id)

    def placed_instance(self, bctx, instance_id):
        """``instance_param`` of an instance that runs at a provider; 409 while it does not."""
        instance = self.instance_param(bctx, instance_id)
        if instance['account_id'] is None or instance['provider_instance_id'] is None:
            raise errors.Conflict("Instance '%s' is not running at a provider yet"
                                  % instance_id)
        return instance

    def pool_names(self, bctx):
        """{pool id: pool name} of the pools the caller sees: the realms of its objects."""
        return {pool['id']: pool['name'] for pool in pools.list_pools(bctx)}

    def account_name(self, bctx, account_id):
        """The account's name for a message (its id when it is gone)."""
        try:
            return accounts.get_account(bctx, account_id)['name']
        except broker_errors.ObjectNotFound:
            return account_id

    def forget_realization(self, bctx, kind, object_id, account_id):
        """Forget a realization whose creation failed, if it was recorded at all."""
        try:
            realizations.delete_realization(bctx, kind, object_id, account_id)
        except broker_errors.ObjectNotFound:
            pass

    def realization_of(self, bctx, kind, object_id, account_id):
        """The realization of a broker object in an account, or None."""
        try:
            return realizations.get_realization(bctx, kind, object_id, account_id)
        except broker_errors.ObjectNotFound:
            return None
