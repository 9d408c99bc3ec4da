"""Instances and images of the mock cloud: launch, the state machine, imaging."""

import base64
import binascii
import time

from iaas import errors
from iaas import launch
from iaas import models
from iaas import states
from iaas.drivers.mock import codec
from iaas.drivers.mock import core
from iaas.drivers.mock import seed

DEFAULT_ATTACH_DEVICE = '/dev/sdb'


def check_user_data(user_data):
    """User data must be base64 text, as the user_data feature defines it."""
    if user_data in (None, ''):
        return None
    try:
        base64.b64decode(user_data, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise errors.ValidationError('user_data must be base64 encoded') from None
    return user_data


class ComputeMixin(core.MockCore):
    """Images, instances and their actions."""

    # -- images ---------------------------------------------------------------------------

    @core.operation('images.index')
    def list_images(self, context, **filters):
        if filters.get('owner_id') == 'self':
            filters = dict(filters, owner_id=context.username)
        with self._store.read() as txn:
            images = self._all(txn, models.Image, 'image')
        images.sort(key=lambda i: (i.owner_id or '', i.description or '', i.id))
        return core.filtered(images, filters)

    get_image = core.show('images', 'list_images')

    @core.operation('images.create')
    def create_image(self, context, instance_id, name=None, description=None):
        with self._store.write() as txn:
            instance, _ = self._instance_param(txn, context, instance_id)
            if not instance.create_image:
                raise errors.Forbidden("Instance '%s' cannot be imaged" % instance_id)
            taken = txn.ids('image')
            image_id = core.check_name('image', name) if name else core.first_free(
                'img', taken, start=1)[0]
            if image_id in taken:
                raise errors.Conflict("Image '%s' already exists" % image_id)
            base = txn.get('image', instance.image_id) or {}
            image = models.Image(
                image_id, image_id, description=description or '', owner_id=context.username,
                architecture=base.get('architecture', ''), creation_time=models.utc_timestamp(),
                hardware_profile_ids=list(seed.PROFILE_IDS), extra={'instance_id': instance.id})
            txn.insert('image', image.id, codec.dump(image), owner=image.owner_id)
        return image

    @core.operation('images.destroy')
    def destroy_image(self, context, image_id):
        with self._store.write() as txn:
            image = self._get(txn, models.Image, 'image', image_id)
            if image.owner_id != context.username:
                raise errors.Forbidden("Image '%s' belongs to '%s'" % (image_id, image.owner_id))
            txn.delete('image', image_id)

    # -- instances ------------------------------------------------------------------------

    @core.operation('instances.index')
    def list_instances(self, context, **filters):
        with self._store.read() as txn:
            rows = txn.list('instance', owner=context.username)
        now = time.time()
        return core.filtered([core.load_instance(r, now) for r in rows], filters)

    get_instance = core.show('instances', 'list_instances')

    @core.operation('instances.create')
    def create_instance(self, context, spec):
        resolved = launch.resolve(self, context, spec)
        user_data = check_user_data(spec.user_data)
        knobs = self._knobs
        now = time.time()
        with self._store.write() as txn:
            self._check_launch_references(txn, spec)
            self._check_capacity(txn, knobs, spec.instance_count)
            ids = core.first_free('inst', txn.ids('instance'), spec.instance_count)
            created = []
            for instance_id in ids:
                instance = self._new_instance(context, instance_id, spec, resolved, user_data)
                if knobs.boot_time:
                    instance.state = states.PENDING
                if spec.snapshot_id:
                    self._volume_from_snapshot(txn, instance, spec)
                txn.insert('instance', instance.id,
                           core.dump_with(instance, ready_at=now + knobs.boot_time),
                           owner=instance.owner_id)
                if spec.load_balancer_id:
                    self._add_to_load_balancer(txn, spec.load_balancer_id, instance.id)
                created.append(instance)
        return created

    def _new_instance(self, context, instance_id, spec, resolved, user_data):
        image_id = resolved.image.id
        extra = {'user_data': user_data, 'metrics': spec.metrics}
        return models.Instance(
            instance_id, spec.name or 'i-%d' % int(time.time()), states.RUNNING,
            context.username, image_id, resolved.realm.id, resolved.profile.id,
            hardware_profile_overrides=dict(resolved.overrides),
            public_addresses=[models.AddressValue(public_hostname(image_id, instance_id),
                                                  'hostname')],
            private_addresses=[models.AddressValue(
                '%s.%s.private.com' % (image_id, instance_id), 'hostname')],
            firewall_ids=list(spec.firewall_ids or []), keyname=spec.keyname or None,
            launch_time=models.utc_timestamp(),
            extra={k: v for k, v in extra.items() if v is not None})

    def _check_launch_references(self, txn, spec):
        if spec.keyname:
            self._exists_or_invalid(txn, 'key', spec.keyname, 'Key')
        for firewall_id in spec.firewall_ids or []:
            self._exists_or_invalid(txn, 'firewall', firewall_id, 'Firewall')
        if spec.load_balancer_id:
            self._exists_or_invalid(txn, 'load_balancer', spec.load_balancer_id,
                                    'Load balancer')
        if spec.snapshot_id:
            self._exists_or_invalid(txn, 'storage_snapshot', spec.snapshot_id, 'Snapshot')

    def _check_capacity(self, txn, knobs, count):
        """ProviderError (502) as a real cloud out of capacity answers: the cloud said no."""
        if knobs.capacity is None:
            return
        live = txn.count('instance')
        if live + count > knobs.capacity:
            raise errors.ProviderError(
                "Capacity exceeded on mock provider '%s': %d of %d instances are live, "
                "%d more requested" % (self.provider_name, live, knobs.capacity, count))

    def _volume_from_snapshot(self, txn, instance, spec):
        snapshot = txn.get('storage_snapshot', spec.snapshot_id)
        source = txn.get('storage_volume', snapshot['storage_volume_id']) or {}
        volume = models.StorageVolume(
            'volume_%d' % txn.next_sequence('volume'), source.get('capacity', 1),
            state='IN-USE', created=models.utc_timestamp(), realm_id=instance.realm_id,
            instance_id=instance.id, device=spec.device_name or DEFAULT_ATTACH_DEVICE,
            extra={'snapshot_id': spec.snapshot_id})
        txn.insert('storage_volume', volume.id, codec.dump(volume))
        instance.storage_volume_ids.append(volume.id)

    def _add_to_load_balancer(self, txn, lb_id, instance_id):
        balancer = self._get(txn, models.LoadBalancer, 'load_balancer', lb_id)
        if instance_id not in balancer.instance_ids:
            balancer.instance_ids.append(instance_id)
        self._save(txn, 'load_balancer', balancer)

    def _act(self, context, instance_id, action, unknown=errors.Forbidden):
        """Move an instance along the state machine; 405 when its state forbids ``action``."""
        with self._store.write() as txn:
            row = self._owned_instance_row(txn, context, instance_id, unknown)
            instance = core.load_instance(row)
            instance.state = self.state_machine.target(instance.state, action)
            if action == 'destroy':
                self._release_instance(txn, instance.id)
                txn.delete('instance', instance.id)
            else:
                self._save_instance(txn, instance, row)
        return instance

    def _release_instance(self, txn, instance_id):
        """Free what a destroyed instance held: addresses, volumes, balancers, interfaces."""
        for address in self._all(txn, models.Address, 'address'):
            if address.instance_id == instance_id:
                address.instance_id = None
                self._save(txn, 'address', address)
        for volume in self._all(txn, models.StorageVolume, 'storage_volume'):
            if volume.instance_id == instance_id:
                volume.state, volume.instance_id, volume.device = 'AVAILABLE', None, None
                self._save(txn, 'storage_volume', volume)
        for balancer in self._all(txn, models.LoadBalancer, 'load_balancer'):
            if instance_id in balancer.instance_ids:
                balancer.instance_ids.remove(instance_id)
                self._save(txn, 'load_balancer', balancer)
        for nic in self._all(txn, models.NetworkInterface, 'network_interface'):
            if nic.instance_id == instance_id:
                txn.delete('network_interface', nic.id)

    @core.operation('instances.start')
    def start_instance(self, context, instance_id):
        return self._act(context, instance_id, 'start')

    @core.operation('instances.stop')
    def stop_instance(self, context, instance_id):
        return self._act(context, instance_id, 'stop')

    @core.operation('instances.reboot')
    def reboot_instance(self, context, instance_id):
        return self._act(context, instance_id, 'reboot')

    @core.operation('instances.destroy')
    def destroy_instance(self, context, instance_id):
        self._act(context, instance_id, 'destroy', unknown=errors.NotFound)


def public_hostname(image_id, instance_id):
    return '%s.%s.public.com' % (image_id, instance_id)
