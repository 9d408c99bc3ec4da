"""``/cimi/volumes``: the driver's storage volumes as Volumes; create and delete.

Capacity is in KiB (drivers count GB). States are DSP0263's: an attached (IN-USE) volume is
AVAILABLE, its attachment being a MachineVolume of the machine. A VolumeCreate holds a
``volumeTemplate`` by value: ``volumeConfig`` by href (a volumeConfiguration) or by value
(``capacity`` in KiB), and optionally ``volumeImage``, the href of a volumeImage to restore.
The realm is the ``realm`` property, else the driver's default. Where the driver places
volumes itself (the broker's ``volume_instance`` feature), the ``machine`` property, a
machine's href, puts the volume beside that machine, where it can attach. Other properties
live in the CIMI store.
"""

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import machine_configurations
from iaas.api.cimi.resources import machines
from iaas.api.cimi.resources import references
from iaas.api.cimi.resources import volume_configurations
from iaas.api.cimi import timestamps
from iaas import errors

VOLUMES = kinds.driver_collection('storage_volumes')
SNAPSHOTS = kinds.driver_collection('storage_snapshots')
STORE_KIND = 'volume'
REALM_PROPERTY = 'realm'
MACHINE_PROPERTY = 'machine'
PLACEMENT_PROPERTIES = (REALM_PROPERTY, MACHINE_PROPERTY)  # said to the driver, not kept
MAPPED = documents.NAMESPACE + '/mapped'  # a block device a machine mounts
STATES = {'PENDING': 'CREATING', 'CREATING': 'CREATING', 'AVAILABLE': 'AVAILABLE',
          'IN-USE': 'AVAILABLE', 'DELETING': 'DELETING', 'DELETED': 'DELETING',
          'ERROR': 'ERROR', 'FAILED': 'ERROR'}
IMAGE_SEGMENT = 'volumeImages'


class Volumes(kinds.DriverKind):
    type_name = 'Volume'
    segment = 'volumes'
    entry_key = 'volumes'
    requires = ('storage_volumes.index',)
    creatable = True
    deletable = True
    create_types = ('VolumeCreate',)
    delete_status = 202  # a cloud may take the volume down after answering
    collection = VOLUMES
    store_kind = STORE_KIND
    states = STATES

    def document(self, ctx, volume, stored):
        properties = dict(stored.get('properties') or {})
        if volume.realm_id:
            properties[REALM_PROPERTY] = volume.realm_id
        doc = self.start_document(ctx, volume.id, name=volume.name,
                                  description=volume.description,
                                  created=timestamps.iso8601(volume.created),
                                  properties=properties)
        doc['state'] = self.cimi_state(volume.state)
        doc['type'] = MAPPED
        if volume.capacity not in (None, ''):
            doc['capacity'] = machine_configurations.kib(volume.capacity,
                                                         volume_configurations.KIB_PER_GB)
        doc['bootable'] = False
        attached = volume.instance_id is not None  # detached first, then deleted
        operations = [] if attached else self.delete_operations(ctx, volume.id)
        return documents.finish(doc, operations)

    # -- creating -----------------------------------------------------------------------------

    def _capacity(self, ctx, template):
        """The capacity (KiB) the template's volumeConfig gives, by href or by value."""
        config = references.by_value(
            template, 'volumeConfig', "'volumeConfig' is required in the volumeTemplate: an "
            "href of %s or a capacity in KiB" % ctx.hrefs.collection('volumeConfigurations'))
        href = body.text(config, 'href')
        if href is None:
            return volume_configurations.capacity(config)
        configs = volume_configurations.KIND
        config_id = ctx.hrefs.object_id(href, configs.segment, 'volumeConfig')
        try:
            return configs.stored(ctx, config_id)['capacity']
        except errors.NotFound:
            raise errors.ValidationError("volumeConfig '%s' does not exist" % href) from None

    def _snapshot_id(self, ctx, template):
        image = references.by_value(template, 'volumeImage', None)
        if image is None:
            return None
        href = body.href(template, 'volumeImage', required=True)
        return references.driver_object(ctx, SNAPSHOTS, href, IMAGE_SEGMENT, 'volumeImage').id

    def _beside(self, ctx, properties):
        """``{"instance_id"}`` of the machine the ``machine`` property names, if any."""
        href = properties.get(MACHINE_PROPERTY)
        if not href:
            return {}
        if not ctx.driver.has_feature(ctx.context, VOLUMES.name, 'volume_instance'):
            raise errors.ValidationError(
                "The '%s' property (a volume placed beside a machine) is not supported by "
                "the %s driver" % (MACHINE_PROPERTY, ctx.session.driver_name))
        machine_id = ctx.hrefs.object_id(href, machines.KIND.segment,
                                         "The '%s' property" % MACHINE_PROPERTY)
        try:
            machines.KIND.instance(ctx, machine_id)
        except errors.NotFound:
            raise errors.ValidationError("The '%s' property names machine '%s', which does "
                                         "not exist" % (MACHINE_PROPERTY, href)) from None
        return {'instance_id': machine_id}

    def create(self, ctx, doc):
        ctx.session.require(VOLUMES, 'create')
        template = references.by_value(doc, 'volumeTemplate', "'volumeTemplate' is required, "
                                       "with a volumeConfig (and optionally a volumeImage)")
        references.not_served(template, 'volumeTemplate',
                              'give its volumeConfig (and volumeImage) by value')
        gigabytes = volume_configurations.gigabytes(self._capacity(ctx, template))
        snapshot_id = self._snapshot_id(ctx, template)
        properties = body.properties(doc)
        beside = self._beside(ctx, properties)
        # Reach the store before creating: nothing must be created that cannot be recorded.
        scope = ctx.store
        volume = ctx.session.call(VOLUMES, 'create', capacity=gigabytes,
                                  name=body.text(doc, 'name'),
                                  description=body.text(doc, 'description'),
                                  realm_id=properties.get(REALM_PROPERTY),
                                  snapshot_id=snapshot_id, **beside)
        stored = {'properties': {key: value for key, value in properties.items()
                                 if key not in PLACEMENT_PROPERTIES}}
        if stored['properties']:
            scope.put(STORE_KIND, volume.id, stored)
        return self.document(ctx, volume, stored)


KIND = Volumes()
