"""``/cimi/networks``: the driver's networks as (PRIVATE) Networks; create and delete.

A network that is UP is STARTED. A NetworkCreate holds a ``networkTemplate`` by value whose
``networkConfig`` may say ``networkType`` PRIVATE (the only kind a driver makes); the address
block, which CIMI has no attribute for, is the ``addressBlock`` property, as the realm of a
machine is. The description and other properties live in the CIMI store.
"""

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import references
from iaas import errors

NETWORKS = kinds.driver_collection('networks')
STORE_KIND = 'network'
PRIVATE = 'PRIVATE'
BLOCK_PROPERTY = 'addressBlock'
STATES = {'UP': 'STARTED', 'AVAILABLE': 'STARTED', 'DOWN': 'STOPPED', 'PENDING': 'CREATING',
          'CREATING': 'CREATING', 'DELETING': 'DELETING', 'ERROR': 'ERROR'}


class Networks(kinds.DriverKind):
    type_name = 'Network'
    segment = 'networks'
    entry_key = 'networks'
    requires = ('networks.index',)
    creatable = True
    deletable = True
    create_types = ('NetworkCreate',)
    collection = NETWORKS
    store_kind = STORE_KIND
    states = STATES

    def document(self, ctx, network, stored):
        properties = dict(stored.get('properties') or {})
        blocks = [block for block in network.address_blocks if block]
        if blocks:
            properties[BLOCK_PROPERTY] = ' '.join(blocks)
        doc = self.start_document(ctx, network.id, name=network.name,
                                  description=stored.get('description'),
                                  properties=properties)
        doc['state'] = self.cimi_state(network.state)
        doc['networkType'] = PRIVATE
        return documents.finish(doc, self.delete_operations(ctx, network.id))

    def _check_template(self, ctx, doc):
        template = references.by_value(doc, 'networkTemplate', "'networkTemplate' is "
                                       "required, with its networkConfig")
        references.not_served(template, 'networkTemplate', 'give its networkConfig by value')
        config = references.by_value(template, 'networkConfig', "'networkConfig' is required "
                                     "in the networkTemplate")
        references.not_served(config, 'networkConfig', 'give networkType by value')
        network_type = body.text(config, 'networkType')
        if network_type is not None and network_type.upper() != PRIVATE:
            raise errors.ValidationError("networkType '%s' cannot be made here: only %s "
                                         "networks" % (network_type, PRIVATE))
        references.refused(config, ('mtu', 'classOfService'), 'the driver does not set it')

    def create(self, ctx, doc):
        ctx.session.require(NETWORKS, 'create')
        self._check_template(ctx, doc)
        properties = body.properties(doc)
        stored = {'description': body.text(doc, 'description'),
                  'properties': {key: value for key, value in properties.items()
                                 if key != BLOCK_PROPERTY}}
        scope = ctx.store  # before creating: what the driver cannot keep must be recorded
        network = ctx.session.call(NETWORKS, 'create', name=body.text(doc, 'name'),
                                   address_block=properties.get(BLOCK_PROPERTY))
        if stored['description'] or stored['properties']:
            scope.put(STORE_KIND, network.id, stored)
        return self.document(ctx, network, stored)


KIND = Networks()
