"""Elastic IPs, VPCs and subnets (Deltacloud's addresses, networks and subnets) on EC2."""

import ipaddress

from iaas import errors
from iaas.drivers.ec2 import core
from iaas.drivers.ec2 import mappers


def parse_block(address_block):
    try:
        return str(ipaddress.ip_network(str(address_block), strict=False))
    except ValueError:
        raise errors.ValidationError("address_block '%s' is not a CIDR block"
                                     % address_block) from None


def is_ip(text):
    try:
        ipaddress.ip_address(str(text))
    except ValueError:
        return False
    return True


def associated(item):
    return bool(item.get('AssociationId') or item.get('InstanceId'))


def allocation(item):
    """How EC2 names an address in a call: its allocation (VPC), else the IP itself."""
    if item.get('AllocationId'):
        return {'AllocationId': item['AllocationId']}
    return {'PublicIp': item['PublicIp']}


class NetworkMixin(core.EC2Core):
    """Addresses are VPC Elastic IPs shown by their IP; networks are VPCs holding subnets."""

    # -- addresses ------------------------------------------------------------------------

    def _address_items(self, conn, address_id=None):
        if address_id is None:
            return conn.items('describe_addresses', 'Addresses')
        if not is_ip(address_id):  # EC2 calls anything else a bad parameter, not unknown
            return []
        try:
            return conn.items('describe_addresses', 'Addresses', PublicIps=[address_id])
        except errors.NotFound:
            return []

    def _address_item(self, conn, address_id):
        return core.one(self._address_items(conn, address_id), 'Address', address_id)

    def list_addresses(self, context, **filters):
        conn = self._connect(context)
        items = self._address_items(conn, filters.pop('id', None) or None)
        return core.filtered([mappers.address(item) for item in items], filters)

    def create_address(self, context):
        conn = self._connect(context)
        return mappers.address(conn.call('allocate_address', Domain='vpc'))

    def destroy_address(self, context, address_id):
        conn = self._connect(context)
        item = self._address_item(conn, address_id)
        if associated(item):
            raise errors.Conflict("Address '%s' is associated with '%s'"
                                  % (address_id, item.get('InstanceId')))
        conn.call('release_address', **allocation(item))

    def associate_address(self, context, address_id, instance_id):
        """Deltacloud answers 403 for an address already in use, so EC2 never moves it."""
        conn = self._connect(context)
        item = self._address_item(conn, address_id)
        if associated(item):
            raise errors.Forbidden("Address '%s' is already associated with '%s'"
                                   % (address_id, item.get('InstanceId')))
        conn.call('associate_address', references=('InvalidInstanceID',),
                  InstanceId=instance_id, **allocation(item))
        return mappers.address(self._address_item(conn, address_id))

    def disassociate_address(self, context, address_id):
        conn = self._connect(context)
        item = self._address_item(conn, address_id)
        if not associated(item):
            raise errors.Forbidden("Address '%s' is not associated" % address_id)
        if item.get('AssociationId'):
            conn.call('disassociate_address', AssociationId=item['AssociationId'])
        else:
            conn.call('disassociate_address', PublicIp=item['PublicIp'])
        return mappers.address(self._address_item(conn, address_id))

    # -- networks -------------------------------------------------------------------------

    def list_networks(self, context, **filters):
        conn = self._connect(context)
        params, subnet_params = {}, {}
        if filters.get('id'):
            params['VpcIds'] = [filters.pop('id')]
            subnet_params['Filters'] = [{'Name': 'vpc-id', 'Values': params['VpcIds']}]
        try:
            vpcs = conn.items('describe_vpcs', 'Vpcs', **params)
        except errors.NotFound:
            return []
        subnet_ids = {}
        if vpcs:
            for item in conn.items('describe_subnets', 'Subnets', **subnet_params):
                subnet_ids.setdefault(item['VpcId'], []).append(item['SubnetId'])
        return core.filtered([mappers.network(vpc, subnet_ids.get(vpc['VpcId'], ()))
                              for vpc in vpcs], filters)

    def create_network(self, context, name=None, address_block=None):
        conn = self._connect(context)
        if not address_block:
            raise errors.MissingParameter(name='address_block')
        params = {'CidrBlock': parse_block(address_block)}
        tags = mappers.tag_specification('vpc', {mappers.NAME_TAG: name})
        if tags:
            params['TagSpecifications'] = tags
        network = mappers.network(conn.call('create_vpc', **params)['Vpc'])
        network.name = name or network.name
        return network

    def destroy_network(self, context, network_id):
        conn = self._connect(context)
        conn.call('delete_vpc', VpcId=network_id)

    def list_subnets(self, context, **filters):
        conn = self._connect(context)
        params = {'SubnetIds': [filters.pop('id')]} if filters.get('id') else {}
        try:
            items = conn.items('describe_subnets', 'Subnets', **params)
        except errors.NotFound:
            return []
        return core.filtered([mappers.subnet(item) for item in items], filters)

    def create_subnet(self, context, network_id, address_block, name=None):
        conn = self._connect(context)
        params = {'VpcId': network_id, 'CidrBlock': parse_block(address_block)}
        tags = mappers.tag_specification('subnet', {mappers.NAME_TAG: name})
        if tags:
            params['TagSpecifications'] = tags
        subnet = mappers.subnet(conn.call('create_subnet', references=('InvalidVpcID',),
                                          **params)['Subnet'])
        subnet.name = name or subnet.name
        return subnet

    def destroy_subnet(self, context, subnet_id):
        conn = self._connect(context)
        conn.call('delete_subnet', SubnetId=subnet_id)
