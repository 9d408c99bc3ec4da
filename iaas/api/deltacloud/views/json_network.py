"""JSON of addresses, firewalls, networks, subnets, network interfaces and load balancers."""

from iaas.api.deltacloud.views import links


def address(obj, view):
    body = {'id': obj.id, 'href': view.hrefs.member('addresses', obj.id),
            'associated': obj.associated}
    if obj.associated:
        body['instance_id'] = obj.instance_id
    return body


def _rule(rule, firewall_id, view):
    return {'id': rule.id,
            'href': '%s/%s' % (view.hrefs.member('firewalls', firewall_id), rule.id),
            'allow_protocol': rule.allow_protocol, 'port_from': rule.port_from,
            'port_to': rule.port_to, 'direction': rule.direction,
            'sources': [dict(source) for source in rule.sources]}


def firewall(obj, view):
    return {'id': obj.id, 'href': view.hrefs.member('firewalls', obj.id), 'name': obj.name,
            'description': obj.description, 'owner_id': obj.owner_id,
            'rules': [_rule(rule, obj.id, view) for rule in obj.rules]}


def network(obj, view):
    hrefs = view.hrefs
    return {'id': obj.id, 'name': obj.name, 'href': hrefs.member('networks', obj.id),
            'state': obj.state, 'address_blocks': list(obj.address_blocks),
            'subnets': [{'id': s, 'href': hrefs.member('subnets', s)} for s in obj.subnet_ids]}


def subnet(obj, view):
    hrefs = view.hrefs
    return {'id': obj.id, 'name': obj.name, 'href': hrefs.member('subnets', obj.id),
            'type': obj.type, 'state': obj.state, 'address_block': obj.address_block,
            'network': {'id': obj.network_id, 'href': hrefs.member('networks', obj.network_id)}}


def network_interface(obj, view):
    hrefs = view.hrefs
    return {'id': obj.id, 'name': obj.name, 'href': hrefs.member('network_interfaces', obj.id),
            'network': {'id': obj.network_id, 'href': hrefs.member('networks', obj.network_id)},
            'instance': {'id': obj.instance_id,
                         'href': hrefs.member('instances', obj.instance_id)},
            'ip_address': obj.ip_address}


def load_balancer(obj, view):
    hrefs = view.hrefs
    return {
        'id': obj.id, 'href': hrefs.member('load_balancers', obj.id),
        'created_at': obj.created_at, 'public_addresses': list(obj.public_addresses),
        'realms': [links.ref(hrefs, 'realms', 'realm', r) for r in obj.realm_ids],
        'listeners': [{'protocol': li.protocol, 'load_balancer_port': li.load_balancer_port,
                       'instance_port': li.instance_port} for li in obj.listeners],
        'instances': [links.ref(hrefs, 'instances', 'instance', i) for i in obj.instance_ids],
    }


RENDERERS = {
    'address': address, 'firewall': firewall, 'network': network, 'subnet': subnet,
    'network_interface': network_interface, 'load_balancer': load_balancer,
}
