"""``/cimi/machineImages``: the driver's images as MachineImages (type IMAGE)."""

from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi import timestamps

IMAGES = kinds.driver_collection('images')
# Deltacloud image states as CIMI's; an unknown one is shown as it is.
STATES = {'AVAILABLE': 'AVAILABLE', 'PENDING': 'CREATING', 'CREATING': 'CREATING',
          'DELETING': 'DELETING', 'DEREGISTERED': 'DELETING', 'FAILED': 'ERROR',
          'ERROR': 'ERROR'}


class MachineImages(kinds.Kind):
    type_name = 'MachineImage'
    segment = 'machineImages'
    entry_key = 'machineImages'
    requires = ('images.index',)
    deletable = True

    def document(self, ctx, image):
        doc = self.start_document(ctx, image.id, name=image.name,
                                  description=image.description,
                                  created=timestamps.iso8601(image.creation_time))
        state = (image.state or '').upper()
        doc['state'] = STATES.get(state, state or None)
        doc['type'] = 'IMAGE'
        # The provider's own name for the image: where a cloud finds it.
        doc['imageLocation'] = image.id
        if image.architecture:
            doc.setdefault('properties', {})['architecture'] = image.architecture
        operations = []
        if ctx.session.supports('images.destroy'):
            operations.append(self.delete_operation(ctx, image.id))
        return documents.finish(doc, operations)

    def list(self, ctx):
        return [self.document(ctx, image) for image in ctx.session.call(IMAGES, 'index')]

    def get(self, ctx, object_id):
        return self.document(ctx, ctx.session.call(IMAGES, 'show', object_id))

    def delete(self, ctx, object_id):
        ctx.session.call(IMAGES, 'destroy', object_id)


KIND = MachineImages()
