"""``/cimi/volumeImages``: the driver's storage snapshots as VolumeImages; take and delete.

A VolumeImageCreate names the volume to take a snapshot of by its ``imageLocation`` href, as
Deltacloud's CIMI did, and an image shows that volume as its ``imageLocation``. Properties
live in the CIMI store; uploading ``imageData`` is not something drivers can do.
"""

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import references
from iaas.api.cimi import timestamps

VOLUMES = kinds.driver_collection('storage_volumes')
SNAPSHOTS = kinds.driver_collection('storage_snapshots')
STORE_KIND = 'volumeImage'
VOLUME_SEGMENT = 'volumes'
STATES = {'PENDING': 'CREATING', 'CREATING': 'CREATING', 'COMPLETED': 'AVAILABLE',
          'AVAILABLE': 'AVAILABLE', 'DELETING': 'DELETING', 'ERROR': 'ERROR',
          'FAILED': 'ERROR'}


class VolumeImages(kinds.DriverKind):
    type_name = 'VolumeImage'
    segment = 'volumeImages'
    entry_key = 'volumeImages'
    requires = ('storage_snapshots.index',)
    creatable = True
    deletable = True
    create_types = ('VolumeImageCreate',)
    delete_status = 202  # a cloud may remove the snapshot after answering
    collection = SNAPSHOTS
    store_kind = STORE_KIND
    states = STATES

    def document(self, ctx, snapshot, stored):
        doc = self.start_document(ctx, snapshot.id, name=snapshot.name,
                                  description=snapshot.description,
                                  created=timestamps.iso8601(snapshot.created),
                                  properties=stored.get('properties'))
        doc['state'] = self.cimi_state(snapshot.state)
        if snapshot.storage_volume_id:
            doc['imageLocation'] = documents.ref(
                ctx.hrefs.member(VOLUME_SEGMENT, snapshot.storage_volume_id))
        doc['bootable'] = False
        return documents.finish(doc, self.delete_operations(ctx, snapshot.id))

    def create(self, ctx, doc):
        ctx.session.require(SNAPSHOTS, 'create')
        references.refused(doc, ('imageData',), 'an image is taken of a volume; give the '
                           "volume's href as imageLocation")
        references.by_value(doc, 'imageLocation', "'imageLocation' is required: the href of "
                            "the volume (in %s) to take an image of"
                            % ctx.hrefs.collection(VOLUME_SEGMENT))
        href = body.href(doc, 'imageLocation', required=True)
        volume = references.driver_object(ctx, VOLUMES, href, VOLUME_SEGMENT, 'imageLocation')
        stored = {'properties': body.properties(doc)}
        scope = ctx.store  # before taking the snapshot: it must be recorded
        snapshot = ctx.session.call(SNAPSHOTS, 'create', volume.id,
                                    name=body.text(doc, 'name'),
                                    description=body.text(doc, 'description'))
        if stored['properties']:
            scope.put(STORE_KIND, snapshot.id, stored)
        return self.document(ctx, snapshot, stored)


KIND = VolumeImages()
