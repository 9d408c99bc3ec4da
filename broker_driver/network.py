"""Networks, subnets and addresses of the broker driver: users' broker objects in accounts.

Networks and subnets are listed, shown, created and destroyed in broker_core without a
provider call; ``realize_network`` and ``realize_subnet`` create them (named
``broker-<broker id>``) in an account the first time something there needs them.

An address lives in one account, where its ip comes from: it is realized when created, in
the best account of the caller's pool, or, when the pool is not clear (or an operator made
it unrealized), in the account of the instance it is first associated with. It associates
only with instances of that account. Destroying any of these destroys its realizations
first (see :mod:`broker_driver.logical`).
"""

import logging

from broker_core.catalog import addresses
from broker_core.catalog import networks
from broker_core.catalog import realizations
from broker_core import instances
from broker_driver import launch
from broker_driver import logical
from broker_driver import placing
from iaas import driver as driver_mod
from iaas import errors
from iaas import models

LOG = logging.getLogger(__name__)


def to_network(network):
    return models.Network(network['id'], network['name'] or network['id'],
                          state=network['state'], address_blocks=[network['address_block']],
                          subnet_ids=list(network['subnet_ids']))


def to_subnet(subnet):
    return models.Subnet(subnet['id'], subnet['name'] or subnet['id'], subnet['network_id'],
                         subnet['address_block'], state=subnet['state'], type=subnet['type'])


def to_address(address):
    """The Deltacloud address of a broker address; the ip it got is in ``extra``."""
    return models.Address(address['id'], instance_id=address['instance_id'],
                          extra={'ip': address['ip']})


class NetworkMixin(logical.LogicalMixin):
    """networks.*, subnets.* and addresses.*, and their realization in accounts."""

    # -- networks -------------------------------------------------------------------------

    def list_networks(self, context, **filters):
        bctx = self.broker_context(context)
        return driver_mod.apply_filters(
            [to_network(n) for n in networks.list_networks(bctx, owner_id=bctx.user_id)],
            **filters)

    def get_network(self, context, network_id):
        bctx = self.broker_context(context)
        return to_network(self.owned_network(bctx, network_id))

    def owned_network(self, bctx, network_id):
        return logical.get_owned(bctx, networks.get_network, 'network', network_id)

    def create_network(self, context, name=None, address_block=None):
        bctx = self.broker_context(context)
        return to_network(networks.create_network(bctx, bctx.user_id, address_block, name))

    def destroy_network(self, context, network_id):
        """Conflict while it has subnets; else gone at its providers, then here."""
        bctx = self.broker_context(context)
        network = self.owned_network(bctx, network_id)
        networks.check_deletable(bctx, network['id'])
        self.retire(bctx, 'network', network['id'], 'destroy_network')
        networks.delete_network(bctx, network['id'])

    # -- subnets --------------------------------------------------------------------------

    def list_subnets(self, context, **filters):
        bctx = self.broker_context(context)
        return driver_mod.apply_filters(
            [to_subnet(s) for s in networks.list_subnets(bctx, owner_id=bctx.user_id)],
            **filters)

    def get_subnet(self, context, subnet_id):
        bctx = self.broker_context(context)
        return to_subnet(self.owned_subnet(bctx, subnet_id))

    def owned_subnet(self, bctx, subnet_id):
        return logical.get_owned(bctx, networks.get_subnet, 'subnet', subnet_id)

    def create_subnet(self, context, network_id, address_block, name=None):
        bctx = self.broker_context(context)
        network = logical.as_parameter(lambda: self.owned_network(bctx, network_id),
                                       'Network', network_id)
        return to_subnet(networks.create_subnet(bctx, network['id'], address_block, name))

    def destroy_subnet(self, context, subnet_id):
        bctx = self.broker_context(context)
        subnet = self.owned_subnet(bctx, subnet_id)
        self.retire(bctx, 'subnet', subnet['id'], 'destroy_subnet')
        networks.delete_subnet(bctx, subnet['id'])

    # -- realization ----------------------------------------------------------------------

    def realize_network(self, bctx, network_id, account_id):
        """The provider id of the caller's network in the account, created on first need."""
        network = self.owned_network(bctx, network_id)

        def create(bctx, account_id):
            name = logical.provider_name(network['id'])
            found = self.find_provider_object(bctx, account_id, 'list_networks', name)
            if found is not None:
                return found.id
            return self.account_call(bctx, account_id, 'create_network', name=name,
                                     address_block=network['address_block']).id
        return self.realize(bctx, 'network', network['id'], account_id, create)

    def realize_subnet(self, bctx, subnet_id, account_id):
        """The provider id of the caller's subnet in the account, its network realized first."""
        subnet = self.owned_subnet(bctx, subnet_id)
        provider_network = self.realize_network(bctx, subnet['network_id'], account_id)

        def create(bctx, account_id):
            name = logical.provider_name(subnet['id'])
            found = self.find_provider_object(bctx, account_id, 'list_subnets', name)
            if found is not None:
                return found.id
            return self.account_call(bctx, account_id, 'create_subnet', provider_network,
                                     subnet['address_block'], name=name).id
        return self.realize(bctx, 'subnet', subnet['id'], account_id, create)

    # -- addresses ------------------------------------------------------------------------

    def list_addresses(self, context, **filters):
        bctx = self.broker_context(context)
        return driver_mod.apply_filters(
            [to_address(a) for a in addresses.list_addresses(bctx, owner_id=bctx.user_id)],
            **filters)

    def get_address(self, context, address_id):
        return to_address(self.owned_address(self.broker_context(context), address_id))

    def owned_address(self, bctx, address_id):
        return logical.get_owned(bctx, addresses.get_address, 'address', address_id)

    def create_address(self, context):
        """An address in the best account of the caller's pool (see the module's docstring)."""
        bctx = self.broker_context(context)
        try:
            pool = launch.choose_pool(self.conf, bctx, None)
        except errors.ValidationError:
            pool = None  # several pools: the first association decides
        if pool is None:
            return to_address(addresses.create_address(bctx, bctx.user_id))
        ranked = placing.rank(self, bctx, pool)
        address = addresses.create_address(bctx, bctx.user_id, pool['id'])
        failures = []
        for candidate in ranked:
            try:
                return to_address(self._realize_address(bctx, address, candidate.account_id))
            except errors.IaasError as exc:
                failures.append(exc)
                self.forget_realization(bctx, 'address', address['id'], candidate.account_id)
        addresses.delete_address(bctx, address['id'])
        raise failures[0]

    def _realize_address(self, bctx, address, account_id, pool_id=None):
        """The address record once it has an ip in the account."""
        ip = self.realize(bctx, 'address', address['id'], account_id, lambda b, account: (
            self.account_call(b, account, 'create_address').id))
        return addresses.record_ip(bctx, address['id'], ip, pool_id=pool_id)

    def address_account(self, bctx, address_id):
        """The (account id, provider address id) the address is realized in, or (None, None)."""
        for known in realizations.list_realizations(bctx, kind='address', object_id=address_id):
            if known['provider_object_id'] and known['state'] == 'available':
                return known['account_id'], known['provider_object_id']
        return None, None

    def destroy_address(self, context, address_id):
        """Conflict while associated; else released at its provider, then forgotten."""
        bctx = self.broker_context(context)
        address = self.owned_address(bctx, address_id)
        addresses.check_deletable(bctx, address['id'])
        self.retire(bctx, 'address', address['id'], 'destroy_address')
        addresses.delete_address(bctx, address['id'])

    def associate_address(self, context, address_id, instance_id):
        """Associate with an instance of the caller in the address's own account."""
        bctx = self.broker_context(context)
        address = self.owned_address(bctx, address_id)
        instance = self.placed_instance(bctx, instance_id)
        if address['instance_id'] is not None:
            raise errors.Conflict("Address '%s' is associated with instance '%s' already"
                                  % (address_id, address['instance_id']))
        account_id, provider_address = self.address_account(bctx, address['id'])
        if account_id is None:
            address = self._realize_address(bctx, address, instance['account_id'],
                                            pool_id=instance['pool_id'])
            account_id, provider_address = self.address_account(bctx, address['id'])
        if account_id != instance['account_id']:
            raise errors.Conflict(
                "Address '%s' is in another account than instance '%s': an address "
                "associates only with instances of the account it was made in"
                % (address_id, instance_id))
        self.account_call(bctx, account_id, 'associate_address', provider_address,
                          instance['provider_instance_id'])
        associated = addresses.record_association(bctx, address['id'], instance['id'])
        self._refresh_addresses(bctx, instance)
        return to_address(associated)

    def disassociate_address(self, context, address_id):
        bctx = self.broker_context(context)
        address = self.owned_address(bctx, address_id)
        if address['instance_id'] is None:
            raise errors.Conflict("Address '%s' is not associated" % address_id)
        account_id, provider_address = self.address_account(bctx, address['id'])
        self.account_call(bctx, account_id, 'disassociate_address', provider_address)
        disassociated = addresses.record_association(bctx, address['id'], None)
        self._refresh_addresses(bctx, instances.get(bctx, address['instance_id']))
        return to_address(disassociated)

    def _refresh_addresses(self, bctx, instance):
        """Record the public addresses the instance's provider shows now (best effort)."""
        try:
            found = self.account_call(bctx, instance['account_id'], 'get_instance',
                                      instance['provider_instance_id'])
        except errors.IaasError as exc:
            LOG.warning('Cannot refresh the addresses of instance %s: %s', instance['id'],
                        exc.message)
            return
        instances.update_state(bctx, instance['id'], instance['state'],
                               public_addresses=[a.address for a in found.public_addresses])
