"""Addresses, firewalls, networks, subnets, network interfaces and load balancers, remotely."""

from iaas import errors
from iaas.drivers.deltacloud import core


def rule_form(protocol, port_from, port_to, sources):
    """Deltacloud's rule form: ``ip_address1..N`` and ``group1..N`` with ``group<N>owner``."""
    form = {'protocol': protocol, 'port_from': port_from, 'port_to': port_to}
    addresses = groups = 0
    for source in sources:
        if source.get('type') == 'group':
            groups += 1
            form['group%d' % groups] = source.get('name')
            form['group%downer' % groups] = source.get('owner')
        else:
            addresses += 1
            form['ip_address%d' % addresses] = source.get('address')
    return form


class NetworkMixin:

    # -- addresses --------------------------------------------------------------------------

    def list_addresses(self, context, **filters):
        return self._list(context, 'addresses', filters)

    def get_address(self, context, address_id):
        return self._get(context, 'addresses', address_id)

    def create_address(self, context):
        return self._create(context, 'addresses', {})

    def destroy_address(self, context, address_id):
        self._destroy(context, 'addresses', address_id)

    def associate_address(self, context, address_id, instance_id):
        self._action(context, 'addresses', address_id, 'associate',
                     {'instance_id': instance_id})

    def disassociate_address(self, context, address_id):
        self._action(context, 'addresses', address_id, 'disassociate')

    # -- firewalls --------------------------------------------------------------------------

    def list_firewalls(self, context, **filters):
        return self._list(context, 'firewalls', filters)

    def get_firewall(self, context, firewall_id):
        return self._get(context, 'firewalls', firewall_id)

    def create_firewall(self, context, name, description=None):
        return self._create(context, 'firewalls', {'name': name, 'description': description})

    def destroy_firewall(self, context, firewall_id):
        self._destroy(context, 'firewalls', firewall_id)

    def create_rule_firewall(self, context, firewall_id, protocol, port_from, port_to,
                             sources):
        return self._action(context, 'firewalls', firewall_id, 'create_rule',
                            rule_form(protocol, port_from, port_to, sources), segment='rules')

    def destroy_rule_firewall(self, context, firewall_id, rule_id):
        self._request(context, 'firewalls.destroy_rule', 'DELETE', '/firewalls/%s/%s' % (
            core.quote(firewall_id), core.quote(rule_id)), as_json=False)

    # -- networks, subnets, interfaces ------------------------------------------------------

    def list_networks(self, context, **filters):
        return self._list(context, 'networks', filters)

    def get_network(self, context, network_id):
        return self._get(context, 'networks', network_id)

    def create_network(self, context, name=None, address_block=None):
        return self._create(context, 'networks', {'name': name, 'address_block': address_block})

    def destroy_network(self, context, network_id):
        self._destroy(context, 'networks', network_id)

    def list_subnets(self, context, **filters):
        return self._list(context, 'subnets', filters)

    def get_subnet(self, context, subnet_id):
        return self._get(context, 'subnets', subnet_id)

    def create_subnet(self, context, network_id, address_block, name=None):
        return self._create(context, 'subnets', {'network_id': network_id,
                                                 'address_block': address_block, 'name': name})

    def destroy_subnet(self, context, subnet_id):
        self._destroy(context, 'subnets', subnet_id)

    def list_network_interfaces(self, context, **filters):
        return self._list(context, 'network_interfaces', filters)

    def get_network_interface(self, context, nic_id):
        return self._get(context, 'network_interfaces', nic_id)

    def create_network_interface(self, context, instance_id, network_id, name=None):
        return self._create(context, 'network_interfaces', {
            'instance_id': instance_id, 'network_id': network_id, 'name': name})

    def destroy_network_interface(self, context, nic_id):
        self._destroy(context, 'network_interfaces', nic_id)

    # -- load balancers ---------------------------------------------------------------------

    def list_load_balancers(self, context, **filters):
        return self._list(context, 'load_balancers', filters)

    def get_load_balancer(self, context, lb_id):
        return self._get(context, 'load_balancers', lb_id)

    def create_load_balancer(self, context, name, realm_id, listeners):
        self._require('load_balancers.create')
        if len(listeners) != 1:
            # Deltacloud's create form has room for exactly one listener.
            raise errors.NotImplementedFeature(
                'A remote Deltacloud API creates a load balancer with exactly one listener')
        listener, = listeners
        return self._create(context, 'load_balancers', {
            'name': name, 'realm_id': realm_id, 'listener_protocol': listener.protocol,
            'listener_balancer_port': listener.load_balancer_port,
            'listener_instance_port': listener.instance_port})

    def destroy_load_balancer(self, context, lb_id):
        self._destroy(context, 'load_balancers', lb_id)

    def register_load_balancer(self, context, lb_id, instance_id):
        return self._action(context, 'load_balancers', lb_id, 'register',
                            {'instance_id': instance_id})

    def unregister_load_balancer(self, context, lb_id, instance_id):
        return self._action(context, 'load_balancers', lb_id, 'unregister',
                            {'instance_id': instance_id})
