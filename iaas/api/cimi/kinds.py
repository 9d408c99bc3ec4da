"""The CIMI resource types: what each one serves, and the registry that resolves hrefs.

A collection is a :class:`Kind` subclass; the generic resources of
:mod:`iaas.api.cimi.resources.base` route ``/cimi/<segment>`` and ``/cimi/<segment>/<id>``
to its methods, the entry point lists it when the driver supports what it ``requires``, and
``$expand`` inlines any reference whose href it :meth:`~Kind.resolve`\\ s. Most kinds show
one driver collection (:class:`DriverKind`) or what the CIMI store keeps (:class:`StoredKind`).
"""

import abc

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import timestamps
from iaas import collections
from iaas import errors
from iaas import models


def driver_collection(name):
    """The iaas collection ``name`` (``instances``), for ``session.call``."""
    return collections.COLLECTIONS[name]


class Kind:
    """One CIMI collection and its resources."""

    #: Resource type, e.g. ``Machine``; its collection is ``MachineCollection``.
    type_name = None
    #: URL segment and the collection's member list: ``machines``.
    segment = None
    #: Its attribute in the cloudEntryPoint (``machineConfigs`` for machineConfigurations).
    entry_key = None
    #: Driver operations (``instances.index``) without which the collection is not offered.
    requires = ()
    #: Routes: ``POST /cimi/<segment>`` and ``DELETE /cimi/<segment>/<id>`` exist.
    creatable = False
    deletable = False
    #: The types a create accepts, e.g. ``('MachineCreate',)``.
    create_types = ()
    #: Status of a DELETE: 200 when done, 202 when the cloud finishes it later.
    delete_status = 200
    #: XML elements of a create document that repeat, by their list attribute (``volumes``).
    list_items = ()
    #: XML element names of list attributes beyond xmlcodec's defaults.
    item_names = {}

    @property
    def collection_type(self):
        return self.type_name + 'Collection'

    @property
    def members_key(self):
        """The collection's member list: the segment, unless a sub-collection differs."""
        return self.segment

    def missing(self, ctx):
        """The first required operation the driver lacks, or None."""
        for operation in self.requires:
            if not ctx.session.supports(operation):
                return operation
        return None

    def supported(self, ctx):
        return self.missing(ctx) is None

    def check(self, ctx):
        """412 (with ``Expect``, as ``/api``) when the driver cannot serve this collection."""
        operation = self.missing(ctx)
        if operation is not None:
            raise errors.OperationNotSupported(operation)

    # -- what a subclass implements ---------------------------------------------------------

    def list(self, ctx):
        """Every resource of the caller, as documents."""
        raise errors.OperationNotSupported('%s.index' % self.segment)

    def get(self, ctx, object_id):
        """One document; NotFound when there is none."""
        for doc in self.list(ctx):
            if doc['id'] == ctx.hrefs.member(self.segment, object_id):
                return doc
        raise errors.NotFound()

    def can_create(self, ctx):
        """Whether the collection shows an ``add`` operation to this caller."""
        return self.creatable

    def create(self, ctx, doc):
        """Create from the request document; return the new resource's document."""
        raise errors.OperationNotSupported('%s.create' % self.segment)

    def delete(self, ctx, object_id):
        raise errors.OperationNotSupported('%s.destroy' % self.segment)

    def capabilities(self, ctx):
        """ResourceMetadata capabilities: ``[{"name", "uri", "description", "value"}]``."""
        return []

    def actions(self, ctx):
        """ResourceMetadata actions: ``[{"name", "uri", "description", "method", ...}]``."""
        return []

    def attributes(self, ctx):
        """ResourceMetadata attributes this service adds to the type."""
        return []

    def resolve(self, ctx, parts):
        """The document an href's path ``parts`` names, or None when not one of this kind."""
        if len(parts) == 2 and parts[0] == self.segment and parts[1]:
            return self.get(ctx, parts[1])
        return None

    # -- helpers for subclasses --------------------------------------------------------------

    def start_document(self, ctx, object_id, **common):
        """The start of a resource document: resourceURI, id and the common attributes."""
        return documents.resource(self.type_name, ctx.hrefs.member(self.segment, object_id),
                                  **common)

    def delete_operation(self, ctx, object_id):
        return documents.operation('delete', ctx.hrefs.member(self.segment, object_id))


class DriverKind(Kind, abc.ABC):
    """A kind whose resources are the objects of one driver collection.

    What the driver cannot keep of an object (a description, properties) may live in the CIMI
    store under ``store_kind``; a subclass's :meth:`document` is given it.
    """

    #: The iaas collection behind the kind: ``driver_collection('networks')``.
    collection = None
    #: The CIMI store's kind for what the driver cannot keep; None: nothing is kept.
    store_kind = None
    #: The driver's states (upper case) as CIMI's.
    states = {}

    @abc.abstractmethod
    def document(self, ctx, obj, stored):
        """The document of driver object ``obj``; ``stored`` is its store entry, or {}."""

    def cimi_state(self, state):
        """The CIMI state of a driver object's ``state``; an unknown one is shown as it is."""
        state = (state or '').upper()
        return self.states.get(state, state or None)

    def operation(self, action):
        """The driver operation ``<collection>.<action>``, as ``session.supports`` takes it."""
        return '%s.%s' % (self.collection.name, action)

    def documents(self, ctx, found):
        """The documents of the driver objects ``found``, with one read of the store."""
        if self.store_kind is None or not found:
            stored = {}
        else:
            stored = dict(ctx.store.list(self.store_kind))
        return [self.document(ctx, obj, stored.get(obj.id, {})) for obj in found]

    def object_document(self, ctx, obj):
        """The document of one driver object, with its store entry."""
        stored = {}
        if self.store_kind is not None:
            stored = ctx.store.get(self.store_kind, obj.id) or {}
        return self.document(ctx, obj, stored)

    def list(self, ctx):
        return self.documents(ctx, ctx.session.call(self.collection, 'index'))

    def get(self, ctx, object_id):
        return self.object_document(ctx, ctx.session.call(self.collection, 'show', object_id))

    def can_create(self, ctx):
        return self.creatable and ctx.session.supports(self.operation('create'))

    def delete(self, ctx, object_id):
        ctx.session.call(self.collection, 'destroy', object_id)
        if self.store_kind is not None:
            ctx.store.delete(self.store_kind, object_id)

    def delete_operations(self, ctx, object_id):
        """``[delete]`` where the driver destroys the collection's objects, else []."""
        if not ctx.session.supports(self.operation('destroy')):
            return []
        return [self.delete_operation(ctx, object_id)]


class StoredKind(Kind):
    """A kind whose resources the CIMI store alone keeps, per user, driver and provider.

    A stored entry holds the common ``name``, ``description``, ``properties`` and ``created``
    beside what the subclass's :meth:`document` shows.
    """

    #: The CIMI store's kind of the entries.
    store_kind = None
    #: How a message names one resource: ``Machine template``.
    label = None

    def document(self, ctx, object_id, stored):
        """The document of a stored entry; a subclass adds its own attributes."""
        return self.start_document(ctx, object_id, name=stored.get('name'),
                                   description=stored.get('description'),
                                   created=stored.get('created'),
                                   properties=stored.get('properties'))

    def documents(self, ctx, found):
        """The documents of ``[(id, stored entry)]``."""
        return [self.document(ctx, object_id, stored) for object_id, stored in found]

    def list(self, ctx):
        return self.documents(ctx, ctx.store.list(self.store_kind))

    def stored(self, ctx, object_id):
        """The stored entry; NotFound for an id this caller does not have."""
        stored = ctx.store.get(self.store_kind, object_id)
        if stored is None:
            raise self.not_found(object_id)
        return stored

    def get(self, ctx, object_id):
        return self.document(ctx, object_id, self.stored(ctx, object_id))

    def new_entry(self, doc):
        """The common part of a new entry, from the create document."""
        return {'name': body.text(doc, 'name'), 'description': body.text(doc, 'description'),
                'properties': body.properties(doc),
                'created': timestamps.iso8601(models.utc_timestamp())}

    def add(self, ctx, stored):
        """Store a new entry under a new id; its document."""
        object_id = ctx.store.new_id()
        ctx.store.put(self.store_kind, object_id, stored)
        return self.document(ctx, object_id, stored)

    def delete(self, ctx, object_id):
        if not ctx.store.delete(self.store_kind, object_id):
            raise self.not_found(object_id)

    def not_found(self, object_id):
        return errors.NotFound("%s '%s' not found" % (self.label, object_id))


class Kinds:
    """Every kind the app serves, in registration order."""

    def __init__(self, kinds=()):
        self.all = []
        for kind in kinds:
            self.add(kind)

    def add(self, kind):
        if any(known.segment == kind.segment for known in self.all):
            raise ValueError('Two CIMI kinds serve /%s' % kind.segment)
        self.all.append(kind)

    def supported(self, ctx):
        return [kind for kind in self.all if kind.supported(ctx)]

    def resolve(self, ctx, href):
        """The document ``href`` names, or None when it names nothing this service can show."""
        parts = ctx.hrefs.parts(href)
        if not parts:
            return None
        for kind in self.all:
            if not kind.supported(ctx):
                continue
            try:
                doc = kind.resolve(ctx, parts)
            except (errors.NotFound, errors.OperationNotSupported):
                return None
            if doc is not None:
                return doc
        return None

    def expand(self, ctx, doc):
        """``doc`` with the references ``$expand`` names replaced by their documents."""
        result = dict(doc)
        for key, value in doc.items():
            if not ctx.query.expands(key):
                continue
            if documents.is_ref(value):
                result[key] = self._expanded(ctx, value)
            elif isinstance(value, list):
                result[key] = [self._expanded(ctx, item) if documents.is_ref(item) else item
                               for item in value]
        return result

    def _expanded(self, ctx, reference):
        found = self.resolve(ctx, reference['href'])
        if found is None:
            return reference
        return dict({'href': reference['href']}, **found)
