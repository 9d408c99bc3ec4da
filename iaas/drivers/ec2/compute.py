"""Images and instances on EC2: listings, the launch, the instance actions and imaging."""

import base64
import binascii
import datetime
import hashlib

from iaas import errors
from iaas import launch
from iaas import models
from iaas.drivers.ec2 import core
from iaas.drivers.ec2 import mappers

# Objects a launch refers to: unknown ones make the request invalid (400), not a 404.
LAUNCH_REFERENCES = ('InvalidKeyPair', 'InvalidGroup', 'InvalidGroupId', 'InvalidSnapshot',
                     'InvalidSnapshotID', 'InvalidAMIID', 'InvalidSubnetID')
# EC2 keeps a ClientToken of at most 64 ASCII characters.
CLIENT_TOKEN_MAX = 64
DEFAULT_SNAPSHOT_DEVICE = '/dev/sdf'
ACTION_OPERATIONS = {'start': ('start_instances', 'StartingInstances'),
                     'stop': ('stop_instances', 'StoppingInstances'),
                     'reboot': ('reboot_instances', None),
                     'destroy': ('terminate_instances', 'TerminatingInstances')}
# Launch parameters EC2 cannot honour here; silently dropping them would be a lie.
UNSUPPORTED_LAUNCH = (('password', 'authentication_password'),
                      ('load_balancer_id', 'register_to_load_balancer'),
                      ('metrics', 'metrics'))


def decode_user_data(user_data):
    """Deltacloud's user_data is base64; boto3 wants the raw bytes (it encodes them itself)."""
    if user_data in (None, ''):
        return None
    try:
        return base64.b64decode(user_data, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise errors.ValidationError('user_data must be base64 encoded') from None


def client_token(key):
    """EC2's idempotency token for a client's key: the key itself, or its digest if too long."""
    if len(key) <= CLIENT_TOKEN_MAX and key.isascii() and key.isprintable():
        return key
    return hashlib.sha256(key.encode('utf-8')).hexdigest()


def run_parameters(spec, resolved, user_data):
    """RunInstances parameters for a resolved launch, tags included so they exist at once."""
    count = spec.instance_count
    params = {'ImageId': resolved.image.id, 'InstanceType': resolved.profile.id,
              'MinCount': count, 'MaxCount': count,
              'Placement': {'AvailabilityZone': resolved.realm.id}}
    if spec.keyname:
        params['KeyName'] = spec.keyname
    if spec.firewall_ids:
        params['SecurityGroupIds'] = list(spec.firewall_ids)
    if user_data is not None:
        params['UserData'] = user_data
    if spec.snapshot_id:
        params['BlockDeviceMappings'] = [{'DeviceName': spec.device_name
                                          or DEFAULT_SNAPSHOT_DEVICE,
                                          'Ebs': {'SnapshotId': spec.snapshot_id}}]
    tags = mappers.tag_specification('instance', {
        mappers.NAME_TAG: spec.name,
        mappers.BROKER_ID_TAG: spec.extra.get(mappers.BROKER_ID_EXTRA)})
    if tags:
        params['TagSpecifications'] = tags
    if spec.extra.get('idempotency_key'):
        params['ClientToken'] = client_token(spec.extra['idempotency_key'])
    return params


class ComputeMixin(core.EC2Core):
    """Images (the caller's and the configured owners') and instances."""

    # -- images ---------------------------------------------------------------------------

    def list_images(self, context, **filters):
        conn = self._connect(context)
        if filters.get('owner_id') == 'self':
            filters['owner_id'] = context.username
        image_id = filters.pop('id', None)
        if image_id:
            try:
                images = [self.get_image(context, image_id)]
            except errors.NotFound:
                return []
            return core.filtered(images, filters)
        owner = filters.pop('owner_id', None)
        # Machine images only: kernels and ramdisks are no launchable images (Deltacloud).
        ec2_filters = [{'Name': 'image-type', 'Values': ['machine']}]
        if filters.get('architecture'):
            ec2_filters.append({'Name': 'architecture', 'Values': [filters.pop('architecture')]})
        params = {'Filters': ec2_filters}
        if owner == context.username:
            owners = ['self']
        else:
            owners = [owner] if owner else list(self.conf.ec2.image_owners)
        images = self._images_of(conn, context, owners, params)
        images.sort(key=lambda i: (i.owner_id, i.name, i.id))
        return core.filtered(images, filters)

    def _images_of(self, conn, context, owners, params):
        """The owners' images; the caller's own ones (owner ``self``) show the caller as owner."""
        images = []
        if 'self' in owners:
            images = [mappers.image(item, context.username) for item in
                      conn.items('describe_images', 'Images', Owners=['self'], **params)]
        others = [owner for owner in owners if owner != 'self']
        if others:
            seen = {image.id for image in images}
            images += [mappers.image(item) for item in
                       conn.items('describe_images', 'Images', Owners=others, **params)
                       if item['ImageId'] not in seen]
        return images

    def get_image(self, context, image_id):
        """Any image by id: the caller's own first, then a public or shared one."""
        conn = self._connect(context)
        mine = self._own_image_items(conn, image_id)
        if mine:
            return mappers.image(mine[0], context.username)
        found = conn.items('describe_images', 'Images', ImageIds=[image_id])
        return mappers.image(core.one(found, 'Image', image_id))

    @staticmethod
    def _own_image_items(conn, image_id):
        return conn.items('describe_images', 'Images', Owners=['self'], ImageIds=[image_id])

    def create_image(self, context, instance_id, name=None, description=None):
        conn = self._connect(context)
        if not name:
            stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%d%H%M%S')
            name = '%s-%s' % (instance_id, stamp)
        params = {'InstanceId': instance_id, 'Name': name}
        if description:
            params['Description'] = description
        image_id = conn.call('create_image', references=('InvalidInstanceID',),
                             **params)['ImageId']
        mine = self._own_image_items(conn, image_id)
        if mine:
            return mappers.image(mine[0], context.username)
        # Describe calls are eventually consistent: a new image may not show yet.
        return models.Image(image_id, name, description or '', context.username,
                            state='PENDING', extra={'instance_id': instance_id})

    def destroy_image(self, context, image_id):
        """Deregister one of the caller's images; 403 for another account's image."""
        conn = self._connect(context)
        if not self._own_image_items(conn, image_id):
            image = self.get_image(context, image_id)  # NotFound when it does not exist
            raise errors.Forbidden("Image '%s' belongs to '%s'" % (image.id, image.owner_id))
        conn.call('deregister_image', ImageId=image_id)

    # -- instances ------------------------------------------------------------------------

    def list_instances(self, context, **filters):
        """The caller's instances; id, state and realm_id filter at the source."""
        conn = self._connect(context)
        params, ec2_filters = {}, []
        if filters.get('id'):
            params['InstanceIds'] = [filters.pop('id')]
        if filters.get('state'):
            wanted = mappers.PROVIDER_STATES.get(str(filters.pop('state')).upper())
            if wanted is None:
                return []
            ec2_filters.append({'Name': 'instance-state-name', 'Values': [wanted]})
        if filters.get('realm_id'):
            ec2_filters.append({'Name': 'availability-zone', 'Values': [filters.pop('realm_id')]})
        if ec2_filters:
            params['Filters'] = ec2_filters
        try:
            items = self._instance_items(conn, **params)
        except errors.NotFound:
            return []  # an id EC2 does not know
        return core.filtered([mappers.instance(item, context.username, account)
                              for item, account in items], filters)

    def create_instance(self, context, spec):
        conn = self._connect(context)
        for field, feature in UNSUPPORTED_LAUNCH:
            if getattr(spec, field):
                raise errors.NotImplementedFeature(
                    "The ec2 driver does not support the '%s' feature" % feature)
        user_data = decode_user_data(spec.user_data)
        resolved = launch.resolve(self, context, spec)
        response = conn.call('run_instances', references=LAUNCH_REFERENCES,
                             **run_parameters(spec, resolved, user_data))
        return [mappers.instance(item, context.username, response.get('OwnerId'))
                for item in response.get('Instances', ())]

    def _act(self, context, instance_id, action):
        """Run ``action`` if the state machine allows it from the instance's state (405 if not).

        EC2 itself accepts some actions a Deltacloud client must be refused (start of a
        running instance is a no-op there), so the state machine decides first.
        """
        conn = self._connect(context)
        instance = self.get_instance(context, instance_id)
        target = self.state_machine.target(instance.state, action)
        operation, result_key = ACTION_OPERATIONS[action]
        response = conn.call(operation, InstanceIds=[instance_id])
        changed = response.get(result_key, ()) if result_key else ()
        instance.state = (mappers.INSTANCE_STATES.get(changed[0]['CurrentState']['Name'], target)
                          if changed else target)
        return instance

    def start_instance(self, context, instance_id):
        return self._act(context, instance_id, 'start')

    def stop_instance(self, context, instance_id):
        return self._act(context, instance_id, 'stop')

    def reboot_instance(self, context, instance_id):
        return self._act(context, instance_id, 'reboot')

    def destroy_instance(self, context, instance_id):
        self._act(context, instance_id, 'destroy')
