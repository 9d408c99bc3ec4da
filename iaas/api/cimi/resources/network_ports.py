"""``/cimi/networkPorts``: the driver's network interfaces as (ACCESS) NetworkPorts.

A port shows its network (the network of a subnet, where the driver names the subnet), and,
as properties, the machine it belongs to and its ip. Ports are listed, shown and deleted;
CIMI makes them from a network alone, while a driver needs a machine, so none is created here.
"""

from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import networks

INTERFACES = kinds.driver_collection('network_interfaces')
SUBNETS = kinds.driver_collection('subnets')
MACHINES = 'machines'
ACCESS = 'ACCESS'
STARTED = 'STARTED'  # an interface the driver lists is in place


class NetworkPorts(kinds.DriverKind):
    type_name = 'NetworkPort'
    segment = 'networkPorts'
    entry_key = 'networkPorts'
    requires = ('network_interfaces.index', 'networks.index')
    deletable = True
    collection = INTERFACES

    def _subnet_networks(self, ctx):
        """{subnet id: its network id}, where the driver has subnets."""
        if not ctx.session.supports('subnets.index'):
            return {}
        return ctx.cached('networkPorts.subnets', lambda: {
            s.id: s.network_id for s in ctx.session.call(SUBNETS, 'index')})

    def document(self, ctx, nic, stored):
        properties = {}
        if nic.instance_id:
            properties['machine'] = ctx.hrefs.member(MACHINES, nic.instance_id)
        if nic.ip_address:
            properties['ip'] = nic.ip_address
        doc = self.start_document(ctx, nic.id, name=nic.name, properties=properties)
        doc['state'] = STARTED
        if nic.network_id:
            network_id = self._subnet_networks(ctx).get(nic.network_id, nic.network_id)
            doc['network'] = documents.ref(ctx.hrefs.member(networks.KIND.segment, network_id))
        doc['portType'] = ACCESS
        return documents.finish(doc, self.delete_operations(ctx, nic.id))


KIND = NetworkPorts()
