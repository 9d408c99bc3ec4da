"""Deltacloud 1.1 JSON (and hardware profile XML) turned into the IaaS value objects."""

from lxml import etree

from iaas import errors
from iaas import hardware
from iaas import models


def _id(value):
    """The id of a reference ``{"id", "href", "rel"}``; None for an empty one."""
    if isinstance(value, dict):
        found = value.get('id')
        return None if found in (None, '') else str(found)
    return None if value in (None, '') else str(value)


def _ids(values):
    return [found for found in (_id(v) for v in values or ()) if found is not None]


def _number(value):
    """``"1"`` -> 1, ``"1740.8"`` -> 1740.8; anything else as it is."""
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    return value


def _integer(value, default=0):
    number = _number(value)
    return int(number) if isinstance(number, (int, float)) else default


def realm(d):
    return models.Realm(str(d['id']), d.get('name') or str(d['id']),
                        d.get('state') or 'AVAILABLE', d.get('limit') or 'unlimited')


def _fixed_properties(raw):
    """JSON shows only each property's default: read as fixed values, unknown names skipped."""
    props = {}
    for name, value in (raw or {}).items():
        if name in hardware.UNITS:
            props[name] = models.HardwareProperty(name, 'fixed', value=value)
    return props


def hardware_profile(d):
    """A profile from JSON, whose properties are fixed (see hardware_profiles_xml)."""
    return models.HardwareProfile(str(d['id']), d.get('name') or str(d['id']),
                                  _fixed_properties(d.get('properties')))


def _xml_property(node):
    name, kind, value = node.get('name'), node.get('kind') or 'fixed', node.get('value')
    if kind == 'range':
        bounds = node.find('range')
        return models.HardwareProperty(name, kind, value=value, first=bounds.get('first'),
                                       last=bounds.get('last'))
    if kind == 'enum':
        values = [entry.get('value') for entry in node.iterfind('enum/entry')]
        return models.HardwareProperty(name, kind, value=value, values=values)
    return models.HardwareProperty(name, 'fixed', value=value)


def _xml_profile(node):
    profile_id = node.get('id') or node.findtext('id')
    props = {}
    for prop in node.iterfind('property'):
        if prop.get('name') in hardware.UNITS:
            props[prop.get('name')] = _xml_property(prop)
    return models.HardwareProfile(profile_id, node.findtext('name') or profile_id, props)


# A remote's XML is untrusted: no entities, no DTDs, no network, no huge trees.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_comments=True)


def hardware_profiles_xml(data):
    """Profiles from the XML of ``/hardware_profiles`` or of one profile, with ranges and enums.

    The XML is the only place Deltacloud shows a property's kind and bounds; JSON has the
    defaults alone, and launch validation needs the bounds.
    """
    root = etree.fromstring(data, _PARSER)
    nodes = [root] if root.tag == 'hardware_profile' else root.findall('hardware_profile')
    if root.tag not in ('hardware_profile', 'hardware_profiles'):
        raise ValueError('not hardware profiles: <%s>' % root.tag)
    return [_xml_profile(node) for node in nodes]


def image(d):
    return models.Image(
        str(d['id']), d.get('name') or str(d['id']), description=d.get('description') or '',
        owner_id=d.get('owner') or d.get('owner_id') or '',
        architecture=d.get('architecture') or '', state=d.get('state') or 'AVAILABLE',
        root_type=d.get('root_type') or 'transient', creation_time=d.get('creation_time'),
        hardware_profile_ids=_ids(d.get('hardware_profiles')))


def _addresses(values):
    found = []
    for value in values or ():
        if isinstance(value, dict):
            found.append(models.AddressValue(value['address'], value.get('type') or 'ipv4'))
        else:
            found.append(models.AddressValue(str(value)))
    return found


def _overrides(profile):
    found = {}
    for name, value in ((profile or {}).get('properties') or {}).items():
        if name in hardware.UNITS:
            found[name] = hardware.parse_value(name, value)
    return found


def instance(d):
    """An instance; the remote's action links (rels) go to ``extra['actions']``."""
    login = d.get('authentication') or {}
    profile = d.get('hardware_profile')
    return models.Instance(
        id=str(d['id']), name=d.get('name') or str(d['id']),
        state=(d.get('state') or '').upper(), owner_id=d.get('owner') or '',
        image_id=_id(d.get('image')), realm_id=_id(d.get('realm')),
        hardware_profile_id=_id(profile), hardware_profile_overrides=_overrides(profile),
        public_addresses=_addresses(d.get('public_addresses')),
        private_addresses=_addresses(d.get('private_addresses')),
        storage_volume_ids=_ids(d.get('storage_volumes')),
        firewall_ids=_ids(d.get('firewalls')),
        network_interface_ids=_ids(d.get('network_interfaces')),
        keyname=login.get('keyname'), authentication_type=d.get('authentication_type') or 'key',
        username=login.get('user') or login.get('username'), password=login.get('password'),
        launch_time=d.get('launch_time'), create_image=bool(d.get('create_image')),
        extra={'actions': [a['rel'] for a in d.get('actions') or () if a.get('rel')]})


def key(d):
    return models.Key(str(d['id']), credential_type=d.get('credential_type') or 'key',
                      fingerprint=d.get('fingerprint'), pem_rsa_key=d.get('pem_rsa_key'),
                      public_key=d.get('public_key'), username=d.get('username'),
                      password=d.get('password'), state=d.get('state'))


def metric(d):
    properties = []
    for prop in d.get('properties') or ():
        values = prop.get('values')
        unit = prop.get('unit') or next((v.get('unit') for v in values or ()
                                         if isinstance(v, dict) and v.get('unit')), None)
        properties.append(models.MetricProperty(prop['name'], unit, values))
    return models.Metric(str(d['id']), d.get('entity') or '', properties)


def storage_volume(d):
    return models.StorageVolume(
        str(d['id']), _number(d.get('capacity')), state=d.get('state') or 'AVAILABLE',
        name=d.get('name'), description=d.get('description'), created=d.get('created'),
        realm_id=_id(d.get('realm')), instance_id=_id(d.get('instance')),
        device=d.get('device'), kind=d.get('kind'))


def storage_snapshot(d):
    return models.StorageSnapshot(
        str(d['id']), _id(d.get('storage_volume')), state=d.get('state') or 'COMPLETED',
        name=d.get('name'), description=d.get('description'), created=d.get('created'))


def address(d):
    instance_id = _id(d.get('instance_id')) or _id(d.get('instance'))
    associated = d.get('associated')
    if associated is not None and str(associated).lower() in ('false', '0'):
        instance_id = None
    return models.Address(str(d['id']), instance_id)


def _rule(d):
    sources = [dict(source) for source in d.get('sources') or () if isinstance(source, dict)]
    return models.FirewallRule(
        str(d['id']), d.get('allow_protocol') or '', _integer(d.get('port_from')),
        _integer(d.get('port_to')), direction=d.get('direction') or 'ingress', sources=sources)


def firewall(d):
    return models.Firewall(str(d['id']), d.get('name') or str(d['id']),
                           description=d.get('description') or '', owner_id=d.get('owner_id'),
                           rules=[_rule(r) for r in d.get('rules') or ()])


def network(d):
    return models.Network(str(d['id']), d.get('name') or str(d['id']),
                          state=d.get('state') or 'UP',
                          address_blocks=list(d.get('address_blocks') or ()),
                          subnet_ids=_ids(d.get('subnets')))


def subnet(d):
    return models.Subnet(str(d['id']), d.get('name') or str(d['id']), _id(d.get('network')),
                         d.get('address_block'), state=d.get('state') or 'UP',
                         type=d.get('type'))


def network_interface(d):
    return models.NetworkInterface(str(d['id']), d.get('name') or str(d['id']),
                                   _id(d.get('instance')), _id(d.get('network')),
                                   ip_address=d.get('ip_address'))


def _listener(d):
    return models.Listener(d.get('protocol') or '', _integer(d.get('load_balancer_port')),
                           _integer(d.get('instance_port')))


def load_balancer(d):
    return models.LoadBalancer(
        str(d['id']), realm_ids=_ids(d.get('realms')),
        listeners=[_listener(li) for li in d.get('listeners') or ()],
        instance_ids=_ids(d.get('instances')),
        public_addresses=list(d.get('public_addresses') or ()), created_at=d.get('created_at'))


def bucket(d):
    blob_ids = _ids(d.get('blob_list'))
    return models.Bucket(str(d['id']), d.get('name') or str(d['id']),
                         size=_integer(d.get('size'), len(blob_ids)), blob_ids=blob_ids)


def blob(d):
    """A blob; its inlined ``content`` is left out (``content_blob`` fetches the bytes)."""
    metadata = d.get('user_metadata') or {}
    return models.Blob(
        str(d['id']), _id(d.get('bucket')), content_length=_integer(d.get('content_length')),
        content_type=d.get('content_type') or 'application/octet-stream',
        last_modified=d.get('last_modified'),
        user_metadata={str(k): '' if v is None else str(v) for k, v in metadata.items()})


MAPPERS = {
    'realm': realm, 'hardware_profile': hardware_profile, 'image': image,
    'instance': instance, 'key': key, 'metric': metric, 'storage_volume': storage_volume,
    'storage_snapshot': storage_snapshot, 'address': address, 'firewall': firewall,
    'network': network, 'subnet': subnet, 'network_interface': network_interface,
    'load_balancer': load_balancer, 'bucket': bucket, 'blob': blob,
}


def parse(kind, data):
    """The value object of kind ``kind`` (a singular); ProviderError when the JSON is not one.

    ``data`` is one object's JSON (what follows ``{"instance": ...}``); nothing of it leaks
    past the mappers except plain values in ``extra``.
    """
    try:
        return MAPPERS[kind](data)
    except (KeyError, TypeError, ValueError, AttributeError, errors.ValidationError):
        raise errors.ProviderError(
            'The remote Deltacloud API sent a %s this driver cannot read' % kind) from None
