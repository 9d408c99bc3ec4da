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


def cimi_state(state):
    state = (state or '').upper()
    return STATES.get(state, state or None)


class Networks(kinds.Kind):
    type_name = 'Network'
    segment = 'networks'
    entry_key = 'networks'
    requires = ('networks.index',)
    creatable = True
    deletable = True
    create_types = ('NetworkCreate',)

    def document(self, ctx, network, stored=None):
        if stored is None:
            stored = ctx.store.get(STORE_KIND, network.id) or {}
        properties = dict(stored.get('properties') or {})
        blocks = [block for block in network.address_blocks if block]
        if blocks:
            properties[BLOCK_PROPERTY] = ' '.join(blocks)
        doc = self.start_document(ctx, network.id, name=network.name,
                                  description=stored.get('description'),
                                  properties=properties)
        doc['state'] = cimi_state(network.state)
        doc['networkType'] = PRIVATE
        operations = []
        if ctx.session.supports('networks.destroy'):
            operations.append(self.delete_operation(ctx, network.id))
        return documents.finish(doc, operations)

    def list(self, ctx):
        found = ctx.session.call(NETWORKS, 'index')
        stored = dict(ctx.store.list(STORE_KIND)) if found else {}
        return [self.document(ctx, n, stored.get(n.id, {})) for n in found]

    def get(self, ctx, object_id):
        return self.document(ctx, ctx.session.call(NETWORKS, 'show', object_id))

    def can_create(self, ctx):
        return ctx.session.supports('networks.create')

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

    def delete(self, ctx, object_id):
        ctx.session.call(NETWORKS, 'destroy', object_id)
        ctx.store.delete(STORE_KIND, object_id)


KIND = Networks()
