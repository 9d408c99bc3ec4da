"""Load balancers of the broker driver: broker records of balancers in one account each.

A balancer is placed like a volume: recorded in the pool of its realm, created in the best
account of the pool's policy (the next one when a provider fails), in that account's
realm, named ``broker-<broker id>`` at the provider, and recorded with the provider's id;
when no account creates it the record is closed. Only the owner's instances running in
the balancer's account register with it; the provider sees its own instance ids, the
client the broker's. Listing and showing answer from the broker's records.
"""

from broker_core import candidates
from broker_core import load_balancers
from broker_driver import launch
from broker_driver import logical
from broker_driver import placing
from iaas import driver as driver_mod
from iaas import errors
from iaas import models


def to_load_balancer(balancer, pool_names):
    pool_name = pool_names.get(balancer['pool_id'])
    return models.LoadBalancer(
        balancer['id'], realm_ids=[pool_name] if pool_name else [],
        listeners=[models.Listener(**listener) for listener in balancer['listeners']],
        instance_ids=list(balancer['instance_ids']),
        public_addresses=list(balancer['public_addresses']),
        created_at=models.utc_timestamp(balancer['created_at']),
        extra={'name': balancer['name'], 'state': balancer['state']})


class BalancingMixin(logical.LogicalMixin):
    """load_balancers.* with register and unregister."""

    def list_load_balancers(self, context, **filters):
        bctx = self.broker_context(context)
        names = self.pool_names(bctx)
        return driver_mod.apply_filters(
            [to_load_balancer(balancer, names) for balancer in
             load_balancers.list_load_balancers(bctx, owner_id=bctx.user_id)], **filters)

    def get_load_balancer(self, context, lb_id):
        bctx = self.broker_context(context)
        return to_load_balancer(self.owned_load_balancer(bctx, lb_id), self.pool_names(bctx))

    def owned_load_balancer(self, bctx, lb_id):
        return logical.get_owned(bctx, load_balancers.get, 'load balancer', lb_id)

    def create_load_balancer(self, context, name, realm_id, listeners):
        """A balancer in the best account of the pool of ``realm_id`` that creates it."""
        bctx = self.broker_context(context)
        load_balancers.check_request(name, listeners)  # before anything is placed
        pool = launch.choose_pool(self.conf, bctx, realm_id)
        ranked = placing.rank(self, bctx, pool)
        balancer = load_balancers.create_pending(
            bctx, owner_id=bctx.user_id, pool_id=pool['id'], name=name, listeners=listeners,
            account_id=ranked[0].account_id)
        failures = []
        for candidate in ranked:
            placed = self._create_load_balancer_in(bctx, balancer, candidate, failures)
            if placed is not None:
                return to_load_balancer(placed, {pool['id']: pool['name']})
        load_balancers.mark_failed(bctx, balancer['id'],
                                   '; '.join(reason for _, reason in failures))
        raise placing.failure('Load balancer', balancer['id'], failures)

    def _create_load_balancer_in(self, bctx, balancer, candidate, failures):
        """The placed record of the balancer created in the candidate's account, or None."""
        account_id = candidate.account_id
        realm = candidate.realm_id or candidates.provider_realm(bctx, account_id)
        try:
            created = self.account_call(
                bctx, account_id, 'create_load_balancer',
                logical.provider_name(balancer['id']), realm,
                [models.Listener(**listener) for listener in balancer['listeners']])
        except errors.IaasError as exc:
            failures.append((exc, exc.message))
            return None
        return load_balancers.record_placement(
            bctx, balancer['id'], account_id, created.id,
            provider_realm_id=(created.realm_ids or [realm])[0],
            public_addresses=created.public_addresses)

    def destroy_load_balancer(self, context, lb_id):
        """Destroyed at its provider (gone already is fine), then its record closed."""
        bctx = self.broker_context(context)
        balancer = self.owned_load_balancer(bctx, lb_id)
        if balancer['provider_load_balancer_id'] is not None:
            self.gone_at_provider(bctx, balancer['account_id'], 'destroy_load_balancer',
                                  balancer['provider_load_balancer_id'])
        load_balancers.mark_deleted(bctx, balancer['id'])

    def register_load_balancer(self, context, lb_id, instance_id):
        """Register an instance of the caller running in the balancer's own account."""
        bctx = self.broker_context(context)
        balancer = self.placed_load_balancer(bctx, lb_id)
        instance = self.placed_instance(bctx, instance_id)
        if instance['account_id'] != balancer['account_id']:
            raise errors.Conflict(
                "Load balancer '%s' is in account '%s' and instance '%s' in account '%s': a "
                "load balancer takes only instances of its own account"
                % (lb_id, self.account_name(bctx, balancer['account_id']), instance_id,
                   self.account_name(bctx, instance['account_id'])))
        self.account_call(bctx, balancer['account_id'], 'register_load_balancer',
                          balancer['provider_load_balancer_id'],
                          instance['provider_instance_id'])
        record = load_balancers.add_member(bctx, balancer['id'], instance['id'])
        return to_load_balancer(record, self.pool_names(bctx))

    def unregister_load_balancer(self, context, lb_id, instance_id):
        bctx = self.broker_context(context)
        balancer = self.placed_load_balancer(bctx, lb_id)
        if instance_id not in balancer['instance_ids']:
            raise errors.ValidationError("Instance '%s' is not registered with load "
                                         "balancer '%s'" % (instance_id, lb_id))
        instance = self.instance_param(bctx, instance_id)
        self.gone_at_provider(bctx, balancer['account_id'], 'unregister_load_balancer',
                              balancer['provider_load_balancer_id'],
                              instance['provider_instance_id'])
        record = load_balancers.remove_member(bctx, balancer['id'], instance['id'])
        return to_load_balancer(record, self.pool_names(bctx))

    def placed_load_balancer(self, bctx, lb_id):
        """The caller's balancer; 409 while it is not created at a provider."""
        balancer = self.owned_load_balancer(bctx, lb_id)
        if balancer['provider_load_balancer_id'] is None:
            raise errors.Conflict("Load balancer '%s' is not created at a provider yet"
                                  % lb_id)
        return balancer
