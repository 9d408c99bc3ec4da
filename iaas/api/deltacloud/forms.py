"""Request parameters of each operation turned into the driver method's typed arguments."""

import re
import urllib.parse

from iaas import errors
from iaas import hardware
from iaas import models

# Index filters per collection (every collection filters by id).
FILTERS = {
    'hardware_profiles': ('id', 'architecture'),
    'images': ('id', 'owner_id', 'architecture'),
    'instances': ('id', 'state', 'realm_id'),
}
_HWP_PROPERTIES = ('cpu', 'memory', 'storage', 'architecture')
_MAX_IDEMPOTENCY_KEY = 255
_PROTOCOLS = ('tcp', 'udp', 'icmp')


def filters(collection_name, params):
    return {name: params.get(name) for name in FILTERS.get(collection_name, ('id',))
            if params.get(name) is not None}


def _firewall_ids(params):
    ids = params.indexed('firewalls')
    # Some clients send one comma-separated 'firewalls' value instead of firewalls1..N.
    return [part.strip() for value in ids for part in value.split(',') if part.strip()]


def _idempotency_key(params, header):
    """The client's retry key: the ``Idempotency-Key`` header, or ``uuid`` as Conductor sent."""
    key = header or params.get('uuid')
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > _MAX_IDEMPOTENCY_KEY or not key.isprintable():
        raise errors.ValidationError(
            'An idempotency key must be 1 to %d printable characters' % _MAX_IDEMPOTENCY_KEY)
    return key


def _callback_url(params):
    url = params.get('callback')
    if url is None:
        return None
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ('http', 'https') or not parsed.hostname:
        raise errors.ValidationError("callback must be an http or https URL, not '%s'" % url)
    return url


def instance_extras(params, idempotency_key_header=None):
    """Launch extensions a broker honours and a plain cloud ignores."""
    extra = {'idempotency_key': _idempotency_key(params, idempotency_key_header),
             'callback_url': _callback_url(params)}
    return {name: value for name, value in extra.items() if value is not None}


def instance_spec(params, idempotency_key_header=None):
    """An InstanceSpec with typed values; the driver validates it against its catalog."""
    overrides = {}
    for name in _HWP_PROPERTIES:
        raw = params.get('hwp_' + name)
        if raw is not None:
            overrides[name] = hardware.parse_value(name, raw)
    count = params.integer('instance_count', minimum=1)
    return models.InstanceSpec(
        image_id=params.required('image_id'), realm_id=params.get('realm_id'),
        hardware_profile_id=params.get('hwp_id'), hardware_profile_overrides=overrides,
        name=params.get('name'), keyname=params.get('keyname'),
        user_data=params.get('user_data'), password=params.get('password'),
        firewall_ids=_firewall_ids(params), instance_count=1 if count is None else count,
        load_balancer_id=params.get('load_balancer_id'), snapshot_id=params.get('snapshot_id'),
        device_name=params.get('device_name'), metrics=params.get('metrics'),
        extra=instance_extras(params, idempotency_key_header))


def _listener(params):
    protocol = params.required('listener_protocol').upper()
    return models.Listener(
        protocol=protocol,
        load_balancer_port=params.required_integer('listener_balancer_port', 1, 65535),
        instance_port=params.required_integer('listener_instance_port', 1, 65535))


CREATE = {
    'images': lambda p: {'instance_id': p.required('instance_id'), 'name': p.get('name'),
                         'description': p.get('description')},
    'keys': lambda p: {'name': p.required('name'), 'public_key': p.get('public_key')},
    'storage_volumes': lambda p: {
        'capacity': p.integer('capacity', minimum=1), 'name': p.get('name'),
        'description': p.get('description'), 'realm_id': p.get('realm_id'),
        'snapshot_id': p.get('snapshot_id'), 'instance_id': p.get('instance_id')},
    'storage_snapshots': lambda p: {'volume_id': p.required('volume_id'),
                                    'name': p.get('name'),
                                    'description': p.get('description')},
    'addresses': lambda p: {},
    # EC2 refuses a security group without a description; Deltacloud required both.
    'firewalls': lambda p: {'name': p.required('name'),
                            'description': p.required('description')},
    'networks': lambda p: {'name': p.get('name'), 'address_block': p.get('address_block')},
    'subnets': lambda p: {'network_id': p.required('network_id'),
                          'address_block': p.required('address_block'), 'name': p.get('name')},
    'network_interfaces': lambda p: {
        'instance_id': p.get('instance_id') or p.required('instance'),
        'network_id': p.get('network_id') or p.required('network'), 'name': p.get('name')},
    'load_balancers': lambda p: {'name': p.required('name'),
                                 'realm_id': p.required('realm_id'),
                                 'listeners': [_listener(p)]},
    'buckets': lambda p: {'name': p.required('name'), 'location': p.get('location')},
}


# Create parameters only a driver declaring the feature takes: (collection, parameter): feature.
FEATURE_PARAMS = {('storage_volumes', 'instance_id'): 'volume_instance'}


def create_args(collection_name, params, idempotency_key=None, has_feature=None):
    """The create method's arguments; a launch also takes the ``Idempotency-Key`` header.

    ``has_feature(collection, name)`` says whether the driver declares a feature; a parameter
    of :data:`FEATURE_PARAMS` is a 400 for a driver without it, and left out when not given.
    """
    if collection_name == 'instances':
        return {'spec': instance_spec(params, idempotency_key)}
    args = CREATE[collection_name](params)
    for (collection, name), feature in FEATURE_PARAMS.items():
        if collection != collection_name or name not in args:
            continue
        if args[name] is None:
            del args[name]
        elif has_feature is None or not has_feature(collection, feature):
            raise errors.ValidationError("Parameter '%s' is not supported by this driver"
                                         % name)
    return args


def _index(name):
    """The number ending a parameter name: ``ip_address10`` sorts after ``ip_address2``."""
    digits = re.search(r'(\d*)$', name).group(1)
    return int(digits) if digits else 0


def firewall_rule(params):
    """``create_rule`` arguments: ``ip_address1..N`` and ``group1..N``/``group<N>owner`` sources."""
    protocol = params.required('protocol').lower()
    if protocol not in _PROTOCOLS:
        raise errors.ValidationError("Parameter 'protocol' must be one of %s"
                                     % ', '.join(_PROTOCOLS))
    # ICMP uses -1 for "every type"; TCP and UDP ports are 0..65535.
    port_from = params.required_integer('port_from', -1, 65535)
    port_to = params.required_integer('port_to', -1, 65535)
    if port_from > port_to:
        raise errors.ValidationError('port_from must not exceed port_to')
    addresses = params.matching(r'^ip[-_]address\d*$')
    sources = [{'type': 'address', 'address': addresses[key]}
               for key in sorted(addresses, key=_index)]
    groups = params.matching(r'^group\d+$')
    for key in sorted(groups, key=_index):
        group = groups[key]
        sources.append({'type': 'group', 'name': group,
                        'owner': params.get(key + 'owner')})
    if not sources:
        raise errors.ValidationError(
            'No sources. Specify at least one source ip_address or group')
    return {'protocol': protocol, 'port_from': port_from, 'port_to': port_to,
            'sources': sources}


ACTIONS = {
    ('storage_volumes', 'attach'): lambda p: {'instance_id': p.required('instance_id'),
                                              'device': p.get('device')},
    ('addresses', 'associate'): lambda p: {'instance_id': p.required('instance_id')},
    ('firewalls', 'create_rule'): firewall_rule,
    ('load_balancers', 'register'): lambda p: {'instance_id': p.required('instance_id')},
    ('load_balancers', 'unregister'): lambda p: {'instance_id': p.required('instance_id')},
}


def action_args(collection_name, action, params):
    parse = ACTIONS.get((collection_name, action))
    return parse(params) if parse else {}


def blob_metadata(params):
    """``meta_params=N`` with ``meta_name<i>``/``meta_value<i>`` pairs, as Deltacloud's form."""
    count = params.integer('meta_params', minimum=0, maximum=1000) or 0
    metadata = {}
    for i in range(1, count + 1):
        name = params.get('meta_name%d' % i)
        if name is not None:
            metadata[name.lower()] = params.get('meta_value%d' % i) or ''
    return metadata


def blob_metadata_from_headers(headers):
    """``X-Deltacloud-Blobmeta-<Key>`` headers; keys lower-cased, as Deltacloud stored them."""
    prefix = 'X-DELTACLOUD-BLOBMETA-'
    return {name[len(prefix):].lower(): value for name, value in headers.items()
            if name.upper().startswith(prefix) and len(name) > len(prefix)}
