"""``/cimi/machineImages``: the driver's images as MachineImages (type IMAGE)."""

from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi import timestamps

IMAGES = kinds.driver_collection('images')
# Deltacloud image states as CIMI's; an unknown one is shown as it is.
STATES = {'AVAILABLE': 'AVAILABLE', 'PENDING': 'CREATING', 'CREATING': 'CREATING',
          'DELETING': 'DELETING', 'DEREGISTERED': 'DELETING', 'FAILED': 'ERROR',
          'ERROR': 'ERROR'}


class MachineImages(kinds.DriverKind):
    type_name = 'MachineImage'
    segment = 'machineImages'
    entry_key = 'machineImages'
    requires = ('images.index',)
    deletable = True
    collection = IMAGES
    states = STATES

    def document(self, ctx, image, stored):
        doc = self.start_document(ctx, image.id, name=image.name,
                                  description=image.description,
                                  created=timestamps.iso8601(image.creation_time))
        doc['state'] = self.cimi_state(image.state)
        doc['type'] = 'IMAGE'
        # The provider's own name for the image: where a cloud finds it.
        doc['imageLocation'] = image.id
        if image.architecture:
            doc.setdefault('properties', {})['architecture'] = image.architecture
        return documents.finish(doc, self.delete_operations(ctx, image.id))


KIND = MachineImages()
