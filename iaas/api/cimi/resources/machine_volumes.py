"""``/cimi/machines/<id>/volumes``: the volumes attached to a machine; attach and detach.

A POST of a MachineVolume (``volume``: the volume's href, ``initialLocation``: the device,
which the driver picks when none is given) attaches the volume: 201 and the MachineVolume,
whose id is the volume's own below the machine. A DELETE of it detaches the volume. The
driver's refusals (a volume in use, or over the broker in another account) pass through.
"""

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import machine_parts
from iaas.api.cimi.resources import references
from iaas import errors
from iaas import models

VOLUMES = kinds.driver_collection('storage_volumes')
VOLUME_SEGMENT = 'volumes'


class MachineVolumes(machine_parts.MachinePart):
    type_name = 'MachineVolume'
    segment = 'machineVolumes'
    part = 'volumes'
    requires = ('instances.index', 'storage_volumes.index')
    add_types = ('MachineVolume', 'MachineVolumeCreate')
    remove_status = 202  # a cloud may detach after answering

    def document(self, ctx, machine_id, volume):
        doc = self.start_member(ctx, machine_id, volume.id, name=volume.name)
        doc['initialLocation'] = volume.device
        doc['volume'] = documents.ref(ctx.hrefs.member(VOLUME_SEGMENT, volume.id))
        operations = []
        if ctx.session.supports('storage_volumes.detach'):
            operations.append(documents.operation('delete', doc['id']))
        return documents.finish(doc, operations)

    def members(self, ctx, instance):
        return [self.document(ctx, instance.id, volume)
                for volume in ctx.session.call(VOLUMES, 'index')
                if volume.instance_id == instance.id]

    def collection_operations(self, ctx, machine_id):
        if not ctx.session.supports('storage_volumes.attach'):
            return []
        return [documents.operation('add', self.href(ctx, machine_id))]

    def add(self, ctx, instance, doc):
        ctx.session.require(VOLUMES, 'attach')
        references.by_value(doc, 'volume', "'volume' is required: the href of the volume (in "
                            "%s) to attach" % ctx.hrefs.collection(VOLUME_SEGMENT))
        href = body.href(doc, 'volume', required=True)
        volume = references.driver_object(ctx, VOLUMES, href, VOLUME_SEGMENT, 'volume')
        attached = ctx.session.call(VOLUMES, 'attach', volume.id, instance.id,
                                    body.text(doc, 'initialLocation'))
        if not isinstance(attached, models.StorageVolume):
            attached = ctx.session.call(VOLUMES, 'show', volume.id)
        return self.document(ctx, instance.id, attached)

    def _attached(self, ctx, instance, volume_id):
        try:
            volume = ctx.session.call(VOLUMES, 'show', volume_id)
        except errors.NotFound:
            volume = None
        if volume is None or volume.instance_id != instance.id:
            raise errors.NotFound("Volume '%s' is not attached to machine '%s'"
                                  % (volume_id, instance.id))
        return volume

    def member(self, ctx, instance, member_id):
        return self.document(ctx, instance.id, self._attached(ctx, instance, member_id))

    def remove(self, ctx, instance, member_id):
        ctx.session.require(VOLUMES, 'detach')
        self._attached(ctx, instance, member_id)
        ctx.session.call(VOLUMES, 'detach', member_id)


KIND = MachineVolumes()


def add_routes(app, kind):
    machine_parts.add_routes(app, kind)
