"""``/cimi/volumeConfigurations``: the volume sizes a VolumeCreate may name.

Drivers take any whole number of GB, so there is nothing to derive from them: every caller
sees three built-in configurations (``small`` 1 GiB, ``medium`` 10 GiB, ``large`` 100 GiB),
which cannot be deleted, and those it adds itself with a VolumeConfigurationCreate
(``capacity`` in KiB, ``format`` and ``type`` kept as given), stored in the CIMI store per
user, driver and provider. Offered where the driver creates volumes. Since drivers size
volumes in GB, a capacity that is not a whole number of GiB gets the next GiB up.
"""

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import machine_configurations
from iaas.api.cimi.resources import references
from iaas import errors

KIB_PER_GB = machine_configurations.KIB_PER_GB
STORE_KIND = 'volumeConfiguration'
BUILT_IN = {name: {'name': name, 'description': '%d GiB volume' % size,
                   'capacity': size * KIB_PER_GB}
            for name, size in (('small', 1), ('medium', 10), ('large', 100))}


def gigabytes(capacity_kib):
    """The whole GB a driver is asked for to hold ``capacity_kib`` KiB."""
    return -(-capacity_kib // KIB_PER_GB)


def capacity(doc, required=True):
    """``capacity`` in KiB, a whole positive number."""
    return references.integer(doc, 'capacity', 'KiB', required=required)


class VolumeConfigurations(kinds.StoredKind):
    type_name = 'VolumeConfiguration'
    segment = 'volumeConfigurations'
    entry_key = 'volumeConfigs'
    requires = ('storage_volumes.create',)
    creatable = True
    deletable = True
    create_types = ('VolumeConfigurationCreate', 'VolumeConfiguration')
    store_kind = STORE_KIND
    label = 'Volume configuration'

    def document(self, ctx, config_id, stored):
        doc = super().document(ctx, config_id, stored)
        doc['type'] = stored.get('type')
        doc['format'] = stored.get('format')
        doc['capacity'] = stored['capacity']
        operations = [] if config_id in BUILT_IN else [self.delete_operation(ctx, config_id)]
        return documents.finish(doc, operations)

    def list(self, ctx):
        return self.documents(ctx, list(BUILT_IN.items()) + ctx.store.list(STORE_KIND))

    def stored(self, ctx, config_id):
        """A configuration's attributes (capacity in KiB); NotFound when there is none."""
        ctx.store  # reaching the store checks the credentials, for a built-in one too
        if config_id in BUILT_IN:
            return BUILT_IN[config_id]
        return super().stored(ctx, config_id)

    def create(self, ctx, doc):
        return self.add(ctx, dict(self.new_entry(doc), type=body.text(doc, 'type'),
                                  format=body.text(doc, 'format'), capacity=capacity(doc)))

    def delete(self, ctx, object_id):
        if object_id in BUILT_IN:
            raise errors.MethodNotAllowed("The built-in volume configuration '%s' cannot be "
                                          "deleted" % object_id)
        super().delete(ctx, object_id)


KIND = VolumeConfigurations()
