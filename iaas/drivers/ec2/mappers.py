"""EC2 response items turned into IaaS value objects; ``extra`` keeps plain values only."""

import datetime

from iaas import hardware
from iaas import models
from iaas import states

# EC2 instance states to the states of states.EC2_LIKE.
INSTANCE_STATES = {
    'pending': states.PENDING, 'running': states.RUNNING, 'stopping': states.STOPPING,
    'stopped': states.STOPPED, 'shutting-down': states.SHUTTING_DOWN,
    'terminated': states.FINISH,
}
# The other way, for filtering at the source (FINISH is 'terminated').
PROVIDER_STATES = {ours: theirs for theirs, ours in INSTANCE_STATES.items()}
NAME_TAG = 'Name'
DESCRIPTION_TAG = 'Description'
# The broker's instance id, so an instance can be found again after a lost answer.
BROKER_ID_TAG = 'broker:instance-id'
BROKER_ID_EXTRA = 'broker_instance_id'
NETWORK_STATES = {'available': 'UP', 'pending': 'PENDING'}
ANY_PORT = 'any'


def timestamp(value):
    """Deltacloud's timestamp form from a datetime or an ISO 8601 string; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.replace('Z', '+00:00'))
        except ValueError:
            return value
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc)
    return models.utc_timestamp(value)


def tags(item):
    return {tag['Key']: tag['Value'] for tag in item.get('Tags') or ()}


def tag_specification(resource_type, values):
    """A TagSpecifications list for a create call, from the ``{key: value}`` that have a value."""
    present = [{'Key': key, 'Value': str(value)} for key, value in values.items() if value]
    return [{'ResourceType': resource_type, 'Tags': present}] if present else []


def realm(zone):
    return models.Realm(zone['ZoneName'], zone['ZoneName'],
                        'AVAILABLE' if zone.get('State') == 'available' else 'UNAVAILABLE',
                        extra={'zone_id': zone.get('ZoneId'), 'region': zone.get('RegionName')})


def hardware_profile(instance_type):
    """A profile of fixed values; several architectures make an enum, no instance store no storage.

    EBS-only types have no storage size of their own: the property is left out (opaque), as
    the disk comes from the image.
    """
    architectures = instance_type.get('ProcessorInfo', {}).get('SupportedArchitectures') or []
    storage = instance_type.get('InstanceStorageInfo', {}).get('TotalSizeInGB')
    properties = {
        'cpu': hardware.HardwareProperty('cpu', 'fixed',
                                         value=instance_type['VCpuInfo']['DefaultVCpus']),
        'memory': hardware.HardwareProperty('memory', 'fixed',
                                            value=instance_type['MemoryInfo']['SizeInMiB']),
    }
    if storage:
        properties['storage'] = hardware.HardwareProperty('storage', 'fixed', value=storage)
    if len(architectures) == 1:
        properties['architecture'] = hardware.HardwareProperty('architecture', 'fixed',
                                                               value=architectures[0])
    elif architectures:
        properties['architecture'] = hardware.HardwareProperty('architecture', 'enum',
                                                               values=list(architectures))
    name = instance_type['InstanceType']
    return models.HardwareProfile(name, name, properties, extra={
        'current_generation': instance_type.get('CurrentGeneration'),
        'instance_storage': bool(storage),
        'network_performance': instance_type.get('NetworkInfo', {}).get('NetworkPerformance'),
        'burstable': instance_type.get('BurstablePerformanceSupported')})


def image(item, owned_by=None):
    """An image; ``owned_by`` is the caller's user name when the caller's account owns it."""
    return models.Image(
        item['ImageId'], item.get('Name') or item['ImageId'],
        description=item.get('Description') or '',
        owner_id=owned_by or item.get('OwnerId', ''),
        architecture=item.get('Architecture', ''), state=item.get('State', '').upper(),
        root_type='persistent' if item.get('RootDeviceType') == 'ebs' else 'transient',
        creation_time=timestamp(item.get('CreationDate')),
        extra={'account_id': item.get('OwnerId'), 'owner_alias': item.get('ImageOwnerAlias'),
               'public': item.get('Public'), 'platform': item.get('Platform'),
               'virtualization_type': item.get('VirtualizationType'),
               'tags': tags(item)})


def _addresses(*pairs):
    return [models.AddressValue(value, kind) for value, kind in pairs if value]


def instance(item, username, account_id=None):
    """An instance of the caller (EC2 lists only the caller's account's instances)."""
    found = tags(item)
    state = INSTANCE_STATES.get(item['State']['Name'], states.ERROR)
    extra = {'account_id': account_id, 'architecture': item.get('Architecture'),
             'provider_state': item['State']['Name'], 'vpc_id': item.get('VpcId'),
             'subnet_id': item.get('SubnetId'), 'root_device_type': item.get('RootDeviceType'),
             'tags': found}
    if BROKER_ID_TAG in found:
        extra[BROKER_ID_EXTRA] = found[BROKER_ID_TAG]
    return models.Instance(
        item['InstanceId'], found.get(NAME_TAG) or item['InstanceId'], state, username,
        item.get('ImageId', ''), item.get('Placement', {}).get('AvailabilityZone', ''),
        item.get('InstanceType', ''),
        public_addresses=_addresses((item.get('PublicIpAddress'), 'ipv4'),
                                    (item.get('PublicDnsName'), 'hostname')),
        private_addresses=_addresses((item.get('PrivateIpAddress'), 'ipv4'),
                                     (item.get('PrivateDnsName'), 'hostname')),
        storage_volume_ids=[m['Ebs']['VolumeId'] for m in item.get('BlockDeviceMappings', ())
                            if m.get('Ebs', {}).get('VolumeId')],
        firewall_ids=[g['GroupId'] for g in item.get('SecurityGroups', ())],
        keyname=item.get('KeyName'), launch_time=timestamp(item.get('LaunchTime')),
        create_image=item.get('RootDeviceType') == 'ebs', extra=extra)


def key(item, pem=None, public_key=None):
    return models.Key(item['KeyName'], fingerprint=item.get('KeyFingerprint'), pem_rsa_key=pem,
                      public_key=public_key,
                      extra={'key_pair_id': item.get('KeyPairId'), 'key_type': item.get('KeyType'),
                             'tags': tags(item)})


def port_text(port):
    return ANY_PORT if port in (None, -1) else str(port)


def rule_id(permission):
    """``tcp_80_80``: EC2 keeps one permission per protocol and port range."""
    protocol = permission['IpProtocol']
    return '%s_%s_%s' % ('all' if protocol == '-1' else protocol,
                         port_text(permission.get('FromPort')),
                         port_text(permission.get('ToPort')))


def rule_sources(permission):
    """Deltacloud's sources: CIDR blocks, and groups named by their id (the firewall id)."""
    sources = [{'type': 'address', 'address': r['CidrIp']}
               for r in permission.get('IpRanges', ())]
    sources += [{'type': 'address', 'address': r['CidrIpv6']}
                for r in permission.get('Ipv6Ranges', ())]
    sources += [{'type': 'group', 'name': p.get('GroupId') or p.get('GroupName'),
                 'owner': p.get('UserId')}
                for p in permission.get('UserIdGroupPairs', ())]
    return sources


def firewall_rule(permission):
    protocol = permission['IpProtocol']
    return models.FirewallRule(
        rule_id(permission), 'all' if protocol == '-1' else protocol,
        -1 if permission.get('FromPort') is None else permission['FromPort'],
        -1 if permission.get('ToPort') is None else permission['ToPort'],
        sources=rule_sources(permission),
        extra={'prefix_list_ids': [p['PrefixListId']
                                   for p in permission.get('PrefixListIds', ())]})


def firewall(group, username):
    return models.Firewall(
        group['GroupId'], group['GroupName'], description=group.get('Description') or '',
        owner_id=username, rules=[firewall_rule(p) for p in group.get('IpPermissions', ())],
        extra={'account_id': group.get('OwnerId'), 'vpc_id': group.get('VpcId'),
               'tags': tags(group)})


def network(vpc, subnet_ids=()):
    blocks = [a['CidrBlock'] for a in vpc.get('CidrBlockAssociationSet', ())
              if a.get('CidrBlockState', {}).get('State') == 'associated']
    blocks += [a['Ipv6CidrBlock'] for a in vpc.get('Ipv6CidrBlockAssociationSet', ())
               if a.get('Ipv6CidrBlockState', {}).get('State') == 'associated']
    return models.Network(
        vpc['VpcId'], tags(vpc).get(NAME_TAG) or vpc['VpcId'],
        NETWORK_STATES.get(vpc.get('State'), vpc.get('State', '').upper()),
        address_blocks=blocks or [vpc['CidrBlock']], subnet_ids=list(subnet_ids),
        extra={'is_default': vpc.get('IsDefault'), 'account_id': vpc.get('OwnerId'),
               'tags': tags(vpc)})


def subnet(item):
    return models.Subnet(
        item['SubnetId'], tags(item).get(NAME_TAG) or item['SubnetId'], item['VpcId'],
        item['CidrBlock'], NETWORK_STATES.get(item.get('State'), item.get('State', '').upper()),
        type='PUBLIC' if item.get('MapPublicIpOnLaunch') else 'PRIVATE',
        extra={'realm_id': item.get('AvailabilityZone'),
               'available_addresses': item.get('AvailableIpAddressCount'),
               'default_for_realm': item.get('DefaultForAz'), 'tags': tags(item)})


def address(item):
    """An Elastic IP; its id is the address itself, as Deltacloud shows addresses."""
    return models.Address(item['PublicIp'], item.get('InstanceId') or None, extra={
        'allocation_id': item.get('AllocationId'), 'association_id': item.get('AssociationId'),
        'domain': item.get('Domain'), 'private_ip': item.get('PrivateIpAddress'),
        'network_interface_id': item.get('NetworkInterfaceId'), 'tags': tags(item)})


def volume(item):
    found = tags(item)
    attached = [a for a in item.get('Attachments', ())
                if a.get('State') in ('attaching', 'attached')]
    return models.StorageVolume(
        item['VolumeId'], item['Size'], state=item.get('State', '').upper(),
        name=found.get(NAME_TAG), description=found.get(DESCRIPTION_TAG),
        created=timestamp(item.get('CreateTime')), realm_id=item.get('AvailabilityZone'),
        instance_id=attached[0]['InstanceId'] if attached else None,
        device=attached[0].get('Device') if attached else None, kind=item.get('VolumeType'),
        extra={'snapshot_id': item.get('SnapshotId') or None, 'encrypted': item.get('Encrypted'),
               'iops': item.get('Iops'), 'tags': found})


def snapshot(item):
    found = tags(item)
    return models.StorageSnapshot(
        item['SnapshotId'], item.get('VolumeId', ''), state=item.get('State', '').upper(),
        name=found.get(NAME_TAG), description=item.get('Description') or None,
        created=timestamp(item.get('StartTime')),
        extra={'progress': item.get('Progress'), 'volume_size': item.get('VolumeSize'),
               'encrypted': item.get('Encrypted'), 'account_id': item.get('OwnerId'),
               'tags': found})
