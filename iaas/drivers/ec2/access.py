"""Key pairs and security groups (Deltacloud's keys and firewalls) on EC2."""

import ipaddress

from iaas import errors
from iaas.drivers.ec2 import core
from iaas.drivers.ec2 import mappers

PROTOCOLS = ('tcp', 'udp', 'icmp')
GROUP_REFERENCES = ('InvalidGroup', 'InvalidGroupId')


def _number(name, value, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise errors.ValidationError("%s must be a number, not '%s'" % (name, value)) from None
    if not low <= number <= high:
        raise errors.ValidationError('%s must be between %d and %d, not %d'
                                     % (name, low, high, number))
    return number


def ports(protocol, port_from, port_to):
    """Validated (from, to): a port range for tcp and udp, an ICMP type and code for icmp."""
    if protocol == 'icmp':
        return _number('port_from', port_from, -1, 255), _number('port_to', port_to, -1, 255)
    first = _number('port_from', port_from, 0, 65535)
    last = _number('port_to', port_to, 0, 65535)
    if first > last:
        raise errors.ValidationError('port_from %d is above port_to %d' % (first, last))
    return first, last


def address_range(source):
    """``{'CidrIp': ...}`` or ``{'CidrIpv6': ...}`` for an address source."""
    try:
        network = ipaddress.ip_network(str(source.get('address')), strict=False)
    except ValueError:
        raise errors.ValidationError("Source address '%s' is not a CIDR block"
                                     % source.get('address')) from None
    if network.version == 6:
        return 'Ipv6Ranges', {'CidrIpv6': str(network)}
    return 'IpRanges', {'CidrIp': str(network)}


def revocable(permission):
    """A permission as DescribeSecurityGroups shows it, cut to what a revoke accepts."""
    result = {'IpProtocol': permission['IpProtocol']}
    for port in ('FromPort', 'ToPort'):
        if permission.get(port) is not None:
            result[port] = permission[port]
    pieces = {'IpRanges': ('CidrIp',), 'Ipv6Ranges': ('CidrIpv6',),
              'UserIdGroupPairs': ('GroupId', 'UserId'), 'PrefixListIds': ('PrefixListId',)}
    for key, fields in pieces.items():
        entries = [{f: entry[f] for f in fields if entry.get(f)}
                   for entry in permission.get(key, ())]
        if entries:
            result[key] = entries
    return result


class AccessMixin(core.EC2Core):
    """Keys are key pairs by name; firewalls are security groups by id, rules ingress only."""

    # -- keys -----------------------------------------------------------------------------

    def list_keys(self, context, **filters):
        conn = self._connect(context)
        params = {'KeyNames': [filters.pop('id')]} if filters.get('id') else {}
        try:
            items = conn.items('describe_key_pairs', 'KeyPairs', **params)
        except errors.NotFound:
            return []
        return core.filtered([mappers.key(item) for item in items], filters)

    def create_key(self, context, name, public_key=None):
        """A new key pair (its private key shown this once) or an imported public key."""
        conn = self._connect(context)
        if not name:
            raise errors.MissingParameter(name='name')
        if public_key is not None:
            if not str(public_key).strip():
                raise errors.ValidationError('public_key must not be empty')
            item = conn.call('import_key_pair', KeyName=name,
                             PublicKeyMaterial=str(public_key).encode('utf-8'))
            return mappers.key(item, public_key=public_key)
        item = conn.call('create_key_pair', KeyName=name)
        return mappers.key(item, pem=item.get('KeyMaterial'))

    def destroy_key(self, context, key_id):
        conn = self._connect(context)
        self.get_key(context, key_id)  # EC2 "deletes" an unknown key without complaint
        conn.call('delete_key_pair', KeyName=key_id)

    # -- firewalls ------------------------------------------------------------------------

    def _group_items(self, conn, **params):
        return conn.items('describe_security_groups', 'SecurityGroups', **params)

    def list_firewalls(self, context, **filters):
        conn = self._connect(context)
        params = {'GroupIds': [filters.pop('id')]} if filters.get('id') else {}
        try:
            items = self._group_items(conn, **params)
        except errors.NotFound:
            return []
        return core.filtered([mappers.firewall(item, context.username) for item in items],
                             filters)

    def create_firewall(self, context, name, description=None):
        conn = self._connect(context)
        if not name:
            raise errors.MissingParameter(name='name')
        # EC2 refuses a group without a description; the name serves as one.
        group_id = conn.call('create_security_group', GroupName=name,
                             Description=description or name)['GroupId']
        return mappers.firewall({'GroupId': group_id, 'GroupName': name,
                                 'Description': description or name}, context.username)

    def destroy_firewall(self, context, firewall_id):
        conn = self._connect(context)
        conn.call('delete_security_group', GroupId=firewall_id)

    def create_rule_firewall(self, context, firewall_id, protocol, port_from, port_to,
                             sources):
        conn = self._connect(context)
        self.get_firewall(context, firewall_id)  # 404 for it; an unknown source group is a 400
        permission = self._permission(conn, context, protocol, port_from, port_to, sources)
        conn.call('authorize_security_group_ingress', references=GROUP_REFERENCES,
                  GroupId=firewall_id, IpPermissions=[permission])
        return self.get_firewall(context, firewall_id)

    def _permission(self, conn, context, protocol, port_from, port_to, sources):
        protocol = str(protocol or '').lower()
        if protocol not in PROTOCOLS:
            raise errors.ValidationError("Protocol must be one of %s, not '%s'"
                                         % (', '.join(PROTOCOLS), protocol))
        first, last = ports(protocol, port_from, port_to)
        if not sources:
            raise errors.ValidationError('A rule needs at least one source')
        permission = {'IpProtocol': protocol, 'FromPort': first, 'ToPort': last}
        for source in sources:
            kind = source.get('type') if isinstance(source, dict) else None
            if kind == 'address':
                key, entry = address_range(source)
            elif kind == 'group':
                key, entry = 'UserIdGroupPairs', self._group_pair(conn, context, source)
            else:
                raise errors.ValidationError(
                    "A rule source is {'type': 'address'|'group', ...}, not %r" % (source,))
            permission.setdefault(key, []).append(entry)
        return permission

    def _group_pair(self, conn, context, source):
        """A group source by id (``sg-...``), or by name among the caller's groups."""
        name = source.get('name')
        if not name:
            raise errors.ValidationError('A group source needs a name')
        pair = {}
        owner = source.get('owner')
        if owner and owner not in ('self', context.username):
            pair['UserId'] = str(owner)
        if str(name).startswith('sg-'):
            pair['GroupId'] = name
            return pair
        found = self._group_items(conn, Filters=[{'Name': 'group-name', 'Values': [name]}])
        if len(found) != 1:
            raise errors.ValidationError("Firewall '%s' %s" % (
                name, 'does not exist.' if not found else 'is ambiguous; name it by id.'))
        pair['GroupId'] = found[0]['GroupId']
        return pair

    def destroy_rule_firewall(self, context, firewall_id, rule_id):
        conn = self._connect(context)
        group = core.one(self._group_items(conn, GroupIds=[firewall_id]), 'Firewall',
                         firewall_id)
        matching = [p for p in group.get('IpPermissions', ()) if mappers.rule_id(p) == rule_id]
        if not matching:
            raise errors.NotFound("Firewall '%s' has no rule '%s'" % (firewall_id, rule_id))
        conn.call('revoke_security_group_ingress', GroupId=firewall_id,
                  IpPermissions=[revocable(p) for p in matching])
        return self.get_firewall(context, firewall_id)
