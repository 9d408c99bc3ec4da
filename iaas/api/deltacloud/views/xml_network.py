"""XML of addresses, firewalls, networks, subnets, network interfaces and load balancers."""

from iaas.api.deltacloud.views import links
from iaas.api.deltacloud import xmlutil as x


def address(obj, view):
    hrefs = view.hrefs
    href = hrefs.member('addresses', obj.id)
    root = x.element('address', href=href, id=obj.id)
    x.sub(root, 'ip', obj.ip or '')
    if obj.associated:
        x.sub(root, 'instance', href=hrefs.member('instances', obj.instance_id),
              id=obj.instance_id)
    actions = x.sub(root, 'actions')
    if obj.associated:
        if view.supports('addresses', 'disassociate'):
            x.link(actions, 'disassociate', href + '/disassociate', 'post')
    else:
        if view.supports('addresses', 'destroy'):
            x.link(actions, 'destroy', href, 'delete')
        if view.supports('addresses', 'associate'):
            x.link(actions, 'associate', href + '/associate', 'post')
    return root


def _rule(parent, rule, firewall_href):
    node = x.sub(parent, 'rule', href='%s/%s' % (firewall_href, rule.id), id=rule.id)
    x.sub(node, 'allow_protocol', rule.allow_protocol)
    x.sub(node, 'port_from', rule.port_from)
    x.sub(node, 'port_to', rule.port_to)
    x.sub(node, 'direction', rule.direction)
    sources = x.sub(node, 'sources')
    for source in rule.sources:
        x.set_attributes(x.sub(sources, 'source'), source)


def firewall(obj, view):
    href = view.hrefs.member('firewalls', obj.id)
    root = x.element('firewall', href=href, id=obj.id)
    actions = x.sub(root, 'actions')
    if view.supports('firewalls', 'destroy'):
        x.link(actions, 'destroy', href, 'delete')
    if view.supports('firewalls', 'create_rule'):
        x.link(actions, 'create_rule', href + '/rules', 'post')
    x.sub(root, 'name', cdata_text=obj.name)
    x.sub(root, 'description', cdata_text=obj.description or '')
    x.sub(root, 'owner_id', obj.owner_id or '')
    rules = x.sub(root, 'rules')
    for rule in obj.rules:
        _rule(rules, rule, href)
    return root


def _destroy_action(root, view, collection, href):
    actions = x.sub(root, 'actions')
    if view.supports(collection, 'destroy'):
        x.link(actions, 'destroy', href, 'delete')


def network(obj, view):
    hrefs = view.hrefs
    href = hrefs.member('networks', obj.id)
    root = x.element('network', href=href, id=obj.id)
    _destroy_action(root, view, 'networks', href)
    x.sub(root, 'name', obj.name)
    x.sub(root, 'state', obj.state)
    blocks = x.sub(root, 'address_blocks')
    for block in obj.address_blocks:
        x.sub(blocks, 'address_block', block)
    subnets = x.sub(root, 'subnets')
    for subnet_id in obj.subnet_ids:
        x.sub(subnets, 'subnet', href=hrefs.member('subnets', subnet_id), id=subnet_id)
    return root


def subnet(obj, view):
    hrefs = view.hrefs
    href = hrefs.member('subnets', obj.id)
    root = x.element('subnet', href=href, id=obj.id)
    _destroy_action(root, view, 'subnets', href)
    x.sub(root, 'name', obj.name)
    x.sub(root, 'network', href=hrefs.member('networks', obj.network_id), id=obj.network_id)
    x.sub(root, 'address_block', obj.address_block)
    x.sub(root, 'state', obj.state)
    x.sub(root, 'type', obj.type or '')
    return root


def network_interface(obj, view):
    hrefs = view.hrefs
    href = hrefs.member('network_interfaces', obj.id)
    root = x.element('network_interface', href=href, id=obj.id)
    _destroy_action(root, view, 'network_interfaces', href)
    x.sub(root, 'name', obj.name)
    x.sub(root, 'instance', href=hrefs.member('instances', obj.instance_id),
          id=obj.instance_id)
    x.sub(root, 'network', href=hrefs.member('networks', obj.network_id), id=obj.network_id)
    x.sub(root, 'ip_address', obj.ip_address or '')
    return root


def _listeners(parent, obj):
    listeners = x.sub(parent, 'listeners')
    for listener in obj.listeners:
        node = x.sub(listeners, 'listener', protocol=listener.protocol)
        x.sub(node, 'load_balancer_port', listener.load_balancer_port)
        x.sub(node, 'instance_port', listener.instance_port)


def load_balancer(obj, view):
    hrefs = view.hrefs
    href = hrefs.member('load_balancers', obj.id)
    root = x.element('load_balancer', href=href, id=obj.id)
    actions = x.sub(root, 'actions')
    if view.supports('load_balancers', 'destroy'):
        x.link(actions, 'destroy', href, 'delete')
    if view.supports('load_balancers', 'register'):
        x.link(actions, 'register', href + '/register', 'post')
    addresses = x.sub(root, 'public_addresses')
    for value in obj.public_addresses:
        x.sub(addresses, 'address', value)
    x.sub(root, 'created_at', obj.created_at or '')
    realms = x.sub(root, 'realms')
    for realm_id in obj.realm_ids:
        x.sub(realms, 'realm', href=hrefs.member('realms', realm_id), id=realm_id)
    _listeners(root, obj)
    instances = x.sub(root, 'instances')
    for instance_id in obj.instance_ids:
        node = x.sub(instances, 'instance', href=hrefs.member('instances', instance_id),
                     id=instance_id)
        if view.supports('load_balancers', 'unregister'):
            x.link(node, 'unregister', '%s/unregister;instance_id=%s'
                   % (href, links.quote(instance_id)), 'post')
    return root


RENDERERS = {
    'address': address, 'firewall': firewall, 'network': network, 'subnet': subnet,
    'network_interface': network_interface, 'load_balancer': load_balancer,
}
