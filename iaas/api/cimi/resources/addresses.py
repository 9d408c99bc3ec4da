"""``/cimi/addresses``: the driver's addresses (elastic IPs) as Addresses; create and delete.

An address is one the caller reserved and keeps until it deletes it, so its allocation is
``static`` (a machine's own dynamic address is not a resource here); the cloud picks its ip.
``resource`` is the machine it is associated with, which ``/api``'s associate and
disassociate actions change. An AddressCreate holds an ``addressTemplate`` by value that may
only say what the cloud does anyway; name, description and properties live in the CIMI store.
"""

import ipaddress

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import references
from iaas import errors

ADDRESSES = kinds.driver_collection('addresses')
STORE_KIND = 'address'
MACHINES = 'machines'
STATIC = 'static'
_CHOSEN_BY_THE_CLOUD = ('ip', 'hostname', 'defaultGateway', 'dns', 'mask', 'network',
                        'protocol')


def protocol(ip):
    """``IPv4`` or ``IPv6``; None for an address without an ip yet (or one that is not)."""
    try:
        return 'IPv%d' % ipaddress.ip_address(ip).version
    except ValueError:
        return None


class Addresses(kinds.DriverKind):
    type_name = 'Address'
    segment = 'addresses'
    entry_key = 'addresses'
    requires = ('addresses.index',)
    creatable = True
    deletable = True
    create_types = ('AddressCreate',)
    collection = ADDRESSES
    store_kind = STORE_KIND

    def document(self, ctx, address, stored):
        doc = self.start_document(ctx, address.id, name=stored.get('name'),
                                  description=stored.get('description'),
                                  properties=stored.get('properties'))
        doc['ip'] = address.ip
        doc['allocation'] = STATIC
        doc['protocol'] = protocol(address.ip)
        if address.instance_id:
            doc['resource'] = documents.ref(ctx.hrefs.member(MACHINES, address.instance_id))
        # An associated address is disassociated before it can go.
        operations = [] if address.instance_id else self.delete_operations(ctx, address.id)
        return documents.finish(doc, operations)

    def _check_template(self, doc):
        template = references.by_value(doc, 'addressTemplate', "'addressTemplate' is required "
                                       "(it may be empty: the cloud chooses the address)")
        references.not_served(template, 'addressTemplate', 'give it by value')
        references.refused(template, _CHOSEN_BY_THE_CLOUD, 'the cloud chooses it')
        allocation = body.text(template, 'allocation')
        if allocation is not None and allocation.lower() != STATIC:
            raise errors.ValidationError("allocation '%s' cannot be chosen here: an address "
                                         "is %s" % (allocation, STATIC))

    def create(self, ctx, doc):
        ctx.session.require(ADDRESSES, 'create')
        if doc.get('addressTemplate') == '':  # <addressTemplate/>: nothing to say
            doc = dict(doc, addressTemplate={})
        self._check_template(doc)
        stored = {'name': body.text(doc, 'name'), 'description': body.text(doc, 'description'),
                  'properties': body.properties(doc)}
        scope = ctx.store  # before creating: what the driver cannot keep must be recorded
        address = ctx.session.call(ADDRESSES, 'create')
        if any(stored.values()):
            scope.put(STORE_KIND, address.id, stored)
        return self.document(ctx, address, stored)


KIND = Addresses()
