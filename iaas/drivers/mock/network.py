"""Networking of the mock cloud: addresses, networks, subnets, interfaces, load balancers."""

import ipaddress

from iaas import errors
from iaas import models
from iaas.drivers.mock import codec
from iaas.drivers.mock import compute
from iaas.drivers.mock import core
from iaas.drivers.mock import seed

LB_PROTOCOLS = ('HTTP', 'HTTPS', 'TCP', 'SSL')


def parse_block(address_block):
    try:
        return ipaddress.ip_network(str(address_block), strict=False)
    except ValueError:
        raise errors.ValidationError("address_block '%s' is not a CIDR block"
                                     % address_block) from None


def parse_listener(listener):
    """A Listener from a Listener or a dict; protocol and both ports validated."""
    if isinstance(listener, models.Listener):
        listener = {'protocol': listener.protocol, 'instance_port': listener.instance_port,
                    'load_balancer_port': listener.load_balancer_port}
    if not isinstance(listener, dict):
        raise errors.ValidationError('A listener needs protocol, load_balancer_port and '
                                     'instance_port, not %r' % (listener,))
    protocol = str(listener.get('protocol') or '').upper()
    if protocol not in LB_PROTOCOLS:
        raise errors.ValidationError("Listener protocol must be one of %s, not '%s'"
                                     % (', '.join(LB_PROTOCOLS), protocol))
    ports = []
    for name in ('load_balancer_port', 'instance_port'):
        try:
            port = int(listener.get(name))
        except (TypeError, ValueError):
            port = 0
        if not 1 <= port <= 65535:
            raise errors.ValidationError('Listener %s must be a port number, not %r'
                                         % (name, listener.get(name)))
        ports.append(port)
    return models.Listener(protocol, ports[0], ports[1])


def first_free_ip(block, used):
    hosts = block.hosts()
    next(hosts, None)  # the first host is the gateway, as in most clouds
    return next((str(h) for h in hosts if str(h) not in used), None)


class NetworkMixin(core.MockCore):
    """Addresses are 192.168.0.x, handed out after the highest; networks hold subnets."""

    # -- addresses ------------------------------------------------------------------------

    @core.operation('addresses.index')
    def list_addresses(self, context, **filters):
        with self._store.read() as txn:
            return core.filtered(self._all(txn, models.Address, 'address'), filters)

    get_address = core.show('addresses', 'list_addresses')

    @core.operation('addresses.create')
    def create_address(self, context):
        with self._store.write() as txn:
            taken = [ipaddress.ip_address(i) for i in txn.ids('address')]
            highest = max(taken, default=ipaddress.ip_address('192.168.0.0'))
            address = models.Address(str(highest + 1))
            txn.insert('address', address.id, codec.dump(address))
        return address

    @core.operation('addresses.destroy')
    def destroy_address(self, context, address_id):
        with self._store.write() as txn:
            address = self._get(txn, models.Address, 'address', address_id)
            if address.associated:
                raise errors.Conflict("Address '%s' is associated with '%s'"
                                      % (address_id, address.instance_id))
            txn.delete('address', address_id)

    @core.operation('addresses.associate')
    def associate_address(self, context, address_id, instance_id):
        with self._store.write() as txn:
            address = self._get(txn, models.Address, 'address', address_id)
            if address.associated:
                raise errors.Forbidden("Address '%s' is already associated with '%s'"
                                       % (address_id, address.instance_id))
            instance, row = self._instance_param(txn, context, instance_id)
            address.instance_id = instance.id
            self._save(txn, 'address', address)
            # As the original mock shows it: the address replaces the public host name,
            # which is kept to come back when the last address goes.
            kept = {} if '_hostnames' in row else {
                'hostnames': [codec.dump(a) for a in instance.public_addresses]}
            instance.public_addresses = [models.AddressValue(address.id, 'ipv4')]
            txn.update('instance', instance.id, core.dump_with(instance, row, **kept))
        return address

    @core.operation('addresses.disassociate')
    def disassociate_address(self, context, address_id):
        with self._store.write() as txn:
            address = self._get(txn, models.Address, 'address', address_id)
            if not address.associated:
                raise errors.Forbidden("Address '%s' is not associated" % address_id)
            row = txn.get('instance', address.instance_id)
            address.instance_id = None
            self._save(txn, 'address', address)
            if row is not None:
                instance = core.load_instance(row)
                instance.public_addresses = self._public_addresses(txn, instance, row)
                self._save_instance(txn, instance, row)
        return address

    def _public_addresses(self, txn, instance, row):
        """An instance's public addresses: its last associated IP, else its host names."""
        ips = [a.id for a in self._all(txn, models.Address, 'address')
               if a.instance_id == instance.id]
        if ips:
            return [models.AddressValue(ips[-1], 'ipv4')]
        hostnames = row.get('_hostnames') or [codec.dump(models.AddressValue(
            compute.public_hostname(instance.image_id, instance.id), 'hostname'))]
        return [codec.load(models.AddressValue, a) for a in hostnames]

    # -- networks and subnets -------------------------------------------------------------

    @core.operation('networks.index')
    def list_networks(self, context, **filters):
        with self._store.read() as txn:
            return core.filtered(self._all(txn, models.Network, 'network'), filters)

    get_network = core.show('networks', 'list_networks')

    @core.operation('networks.create')
    def create_network(self, context, name=None, address_block=None):
        blocks = [str(parse_block(address_block))] if address_block else []
        with self._store.write() as txn:
            network_id = (core.check_name('network', name) if name
                          else core.first_free('net', txn.ids('network'), start=1)[0])
            if txn.exists('network', network_id):
                raise errors.Conflict("Network '%s' already exists" % network_id)
            network = models.Network(network_id, name or network_id, address_blocks=blocks)
            txn.insert('network', network.id, codec.dump(network))
        return network

    @core.operation('networks.destroy')
    def destroy_network(self, context, network_id):
        with self._store.write() as txn:
            network = self._get(txn, models.Network, 'network', network_id)
            attached = {network.id, *network.subnet_ids}
            users = self._interfaces_on(txn, attached)
            if users:
                raise errors.Conflict("Network '%s' has interfaces %s"
                                      % (network_id, ', '.join(users)))
            for subnet_id in network.subnet_ids:
                txn.delete('subnet', subnet_id)
            txn.delete('network', network_id)

    def _interfaces_on(self, txn, network_ids):
        nics = self._all(txn, models.NetworkInterface, 'network_interface')
        return sorted(n.id for n in nics if n.network_id in network_ids)

    @core.operation('subnets.index')
    def list_subnets(self, context, **filters):
        with self._store.read() as txn:
            return core.filtered(self._all(txn, models.Subnet, 'subnet'), filters)

    get_subnet = core.show('subnets', 'list_subnets')

    @core.operation('subnets.create')
    def create_subnet(self, context, network_id, address_block, name=None):
        block = parse_block(address_block)
        with self._store.write() as txn:
            network = self._get(txn, models.Network, 'network', network_id,
                                lambda: errors.ValidationError(
                                    "Network '%s' does not exist." % network_id))
            outer = [parse_block(b) for b in network.address_blocks]
            if outer and not any(block.version == o.version and block.subnet_of(o)
                                 for o in outer):
                raise errors.ValidationError("Subnet %s is outside network '%s' (%s)"
                                             % (block, network_id, ', '.join(map(str, outer))))
            subnet_id = (core.check_name('subnet', name) if name
                         else core.first_free('subnet', txn.ids('subnet'), start=1)[0])
            if txn.exists('subnet', subnet_id):
                raise errors.Conflict("Subnet '%s' already exists" % subnet_id)
            subnet = models.Subnet(subnet_id, name or subnet_id, network_id, str(block))
            txn.insert('subnet', subnet.id, codec.dump(subnet))
            network.subnet_ids.append(subnet.id)
            self._save(txn, 'network', network)
        return subnet

    @core.operation('subnets.destroy')
    def destroy_subnet(self, context, subnet_id):
        with self._store.write() as txn:
            subnet = self._get(txn, models.Subnet, 'subnet', subnet_id)
            users = self._interfaces_on(txn, {subnet_id})
            if users:
                raise errors.Conflict("Subnet '%s' has interfaces %s"
                                      % (subnet_id, ', '.join(users)))
            network = txn.get('network', subnet.network_id)
            if network is not None:
                network = codec.load(models.Network, network)
                network.subnet_ids = [s for s in network.subnet_ids if s != subnet_id]
                self._save(txn, 'network', network)
            txn.delete('subnet', subnet_id)

    # -- network interfaces ---------------------------------------------------------------

    @core.operation('network_interfaces.index')
    def list_network_interfaces(self, context, **filters):
        with self._store.read() as txn:
            nics = self._all(txn, models.NetworkInterface, 'network_interface')
        return core.filtered(nics, filters)

    get_network_interface = core.show('network_interfaces', 'list_network_interfaces')

    @core.operation('network_interfaces.create')
    def create_network_interface(self, context, instance_id, network_id, name=None):
        with self._store.write() as txn:
            instance, row = self._instance_param(txn, context, instance_id)
            block = self._interface_block(txn, network_id)
            nics = self._all(txn, models.NetworkInterface, 'network_interface')
            nic_id = (core.check_name('network interface', name) if name
                      else core.first_free('nic', {n.id for n in nics}, start=1)[0])
            if txn.exists('network_interface', nic_id):
                raise errors.Conflict("Network interface '%s' already exists" % nic_id)
            ip = first_free_ip(block, {n.ip_address for n in nics}) if block else None
            nic = models.NetworkInterface(nic_id, name or nic_id, instance.id, network_id, ip)
            txn.insert('network_interface', nic.id, codec.dump(nic))
            instance.network_interface_ids.append(nic.id)
            self._save_instance(txn, instance, row)
        return nic

    def _interface_block(self, txn, network_id):
        """The CIDR an interface on ``network_id`` (a network or a subnet id) gets its IP from."""
        subnet = txn.get('subnet', network_id) if network_id else None
        if subnet is not None:
            return parse_block(subnet['address_block'])
        network = txn.get('network', network_id) if network_id else None
        if network is None:
            raise errors.ValidationError("Network '%s' does not exist." % network_id)
        blocks = network.get('address_blocks') or []
        return parse_block(blocks[0]) if blocks else None

    @core.operation('network_interfaces.destroy')
    def destroy_network_interface(self, context, nic_id):
        with self._store.write() as txn:
            nic = self._get(txn, models.NetworkInterface, 'network_interface', nic_id)
            row = txn.get('instance', nic.instance_id)
            if row is not None:
                instance = core.load_instance(row)
                instance.network_interface_ids = [
                    n for n in instance.network_interface_ids if n != nic_id]
                self._save_instance(txn, instance, row)
            txn.delete('network_interface', nic_id)

    # -- load balancers -------------------------------------------------------------------

    @core.operation('load_balancers.index')
    def list_load_balancers(self, context, **filters):
        with self._store.read() as txn:
            balancers = self._all(txn, models.LoadBalancer, 'load_balancer')
        return core.filtered(balancers, filters)

    get_load_balancer = core.show('load_balancers', 'list_load_balancers')

    @core.operation('load_balancers.create')
    def create_load_balancer(self, context, name, realm_id, listeners):
        core.check_name('load balancer', name)
        if realm_id not in {r.id for r in seed.REALMS}:
            raise errors.ValidationError("Realm '%s' does not exist." % realm_id)
        if not listeners:
            raise errors.ValidationError('A load balancer needs at least one listener')
        balancer = models.LoadBalancer(
            name, realm_ids=[realm_id], listeners=[parse_listener(li) for li in listeners],
            public_addresses=['%s.%s.lb.public.com' % (name, realm_id)],
            created_at=models.utc_timestamp())
        with self._store.write() as txn:
            if txn.exists('load_balancer', name):
                raise errors.Conflict("Load balancer '%s' already exists" % name)
            txn.insert('load_balancer', balancer.id, codec.dump(balancer))
        return balancer

    @core.operation('load_balancers.destroy')
    def destroy_load_balancer(self, context, lb_id):
        with self._store.write() as txn:
            self._row(txn, 'load_balancer', lb_id)
            txn.delete('load_balancer', lb_id)

    @core.operation('load_balancers.register')
    def register_load_balancer(self, context, lb_id, instance_id):
        with self._store.write() as txn:
            balancer = self._get(txn, models.LoadBalancer, 'load_balancer', lb_id)
            instance, _ = self._instance_param(txn, context, instance_id)
            if instance.id not in balancer.instance_ids:
                balancer.instance_ids.append(instance.id)
                self._save(txn, 'load_balancer', balancer)
        return balancer

    @core.operation('load_balancers.unregister')
    def unregister_load_balancer(self, context, lb_id, instance_id):
        with self._store.write() as txn:
            balancer = self._get(txn, models.LoadBalancer, 'load_balancer', lb_id)
            if instance_id not in balancer.instance_ids:
                raise errors.ValidationError("Instance '%s' is not registered with '%s'"
                                             % (instance_id, lb_id))
            balancer.instance_ids.remove(instance_id)
            self._save(txn, 'load_balancer', balancer)
        return balancer
