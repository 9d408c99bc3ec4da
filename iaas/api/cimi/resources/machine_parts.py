"""Collections that belong to a machine: ``/cimi/machines/<id>/<part>`` and their members.

A part kind (disks, volumes) is not in the cloudEntryPoint (``entry_key`` None): a client
reaches it through the machine's reference, which ``$expand`` inlines as the collection.
Its registry segment (``/cimi/machineDisks``) serves nothing but a 404 saying where to look.
"""

import abc

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi import render
from iaas.api.cimi.resources import machines
from iaas.api.deltacloud.views import links
from iaas import errors

MACHINES = machines.KIND.segment


class MachinePart(kinds.Kind, abc.ABC):
    """A machine's sub-collection; subclasses say how its members are made."""

    entry_key = None
    #: The machine's attribute and the URL segment below the machine: ``disks``.
    part = None
    #: Document types a POST to the collection takes; none: it is read-only.
    add_types = ()
    #: Status of a DELETE of a member (where :meth:`remove` allows one).
    remove_status = 200

    def href(self, ctx, machine_id):
        return ctx.hrefs.sub(MACHINES, machine_id, self.part)

    def member_href(self, ctx, machine_id, member_id):
        return ctx.hrefs.sub(MACHINES, machine_id, self.part, links.quote(member_id))

    def start_member(self, ctx, machine_id, member_id, **common):
        return documents.resource(self.type_name, self.member_href(ctx, machine_id, member_id),
                                  **common)

    def machine(self, ctx, machine_id):
        """The machine's instance; 404 when there is no such machine."""
        return machines.KIND.instance(ctx, machine_id)

    # -- what a subclass implements ---------------------------------------------------------

    @abc.abstractmethod
    def members(self, ctx, instance):
        """The documents of the machine's members."""

    def member(self, ctx, instance, member_id):
        for doc in self.members(ctx, instance):
            if doc['id'] == self.member_href(ctx, instance.id, member_id):
                return doc
        raise errors.NotFound("Machine '%s' has no %s '%s'"
                              % (instance.id, self.part, member_id))

    def collection_operations(self, ctx, machine_id):
        return []

    def add(self, ctx, instance, doc):
        """Add a member from the posted document (one of ``add_types``); its document."""
        raise errors.MethodNotAllowed("Nothing can be added to the %s of a machine" % self.part)

    def remove(self, ctx, instance, member_id):
        raise errors.MethodNotAllowed("The %s of a machine cannot be deleted" % self.part)

    # -- the kind's interface ---------------------------------------------------------------

    def _elsewhere(self):
        return errors.NotFound("A machine's %s are at %s/<machine id>/%s"
                               % (self.part, MACHINES, self.part))

    def list(self, ctx):
        raise self._elsewhere()

    def get(self, ctx, object_id):
        raise self._elsewhere()

    def collection_document(self, ctx, instance):
        docs = self.members(ctx, instance)
        doc = {'resourceURI': documents.type_uri(self.collection_type),
               'id': self.href(ctx, instance.id), 'count': len(docs), self.members_key: docs}
        return documents.finish(doc, self.collection_operations(ctx, instance.id))

    def resolve(self, ctx, parts):
        """``machines/<id>/<part>`` (for ``$expand``) and ``machines/<id>/<part>/<member>``."""
        if len(parts) not in (3, 4) or parts[0] != MACHINES or parts[2] != self.part \
                or not parts[1]:
            return None
        instance = self.machine(ctx, parts[1])
        if len(parts) == 3:
            return self.collection_document(ctx, instance)
        return self.member(ctx, instance, parts[3])


class PartCollectionResource:
    """``GET`` (and ``POST`` where members can be added) ``/cimi/machines/<id>/<part>``."""

    def __init__(self, kind):
        self.kind = kind

    def on_get(self, req, resp, object_id):
        ctx = req.context.cimi
        self.kind.check(ctx)
        instance = self.kind.machine(ctx, object_id)
        render.collection(req, resp, self.kind, self.kind.members(ctx, instance),
                          href=self.kind.href(ctx, object_id),
                          operations=self.kind.collection_operations(ctx, object_id))

    on_head = on_get

    def on_post(self, req, resp, object_id):
        ctx = req.context.cimi
        self.kind.check(ctx)
        instance = self.kind.machine(ctx, object_id)
        if not self.kind.add_types:
            raise errors.MethodNotAllowed("Nothing can be added to the %s of a machine"
                                          % self.kind.part)
        doc = body.read_document(req, ctx.max_body, self.kind.add_types, self.kind.list_items)
        added = self.kind.add(ctx, instance, doc)
        render.resource(req, resp, self.kind, added, status=201, location=added['id'])


class PartMemberResource:
    """``GET`` (and ``DELETE`` where members can go) ``/cimi/machines/<id>/<part>/<member>``."""

    def __init__(self, kind):
        self.kind = kind

    def on_get(self, req, resp, object_id, member_id):
        ctx = req.context.cimi
        self.kind.check(ctx)
        instance = self.kind.machine(ctx, object_id)
        render.resource(req, resp, self.kind, self.kind.member(ctx, instance, member_id))

    on_head = on_get

    def on_delete(self, req, resp, object_id, member_id):
        ctx = req.context.cimi
        self.kind.check(ctx)
        self.kind.remove(ctx, self.kind.machine(ctx, object_id), member_id)
        render.empty(resp, self.kind.remove_status)


def add_routes(app, kind):
    app.add_route('/%s/{object_id}/%s' % (MACHINES, kind.part), PartCollectionResource(kind))
    app.add_route('/%s/{object_id}/%s/{member_id}' % (MACHINES, kind.part),
                  PartMemberResource(kind))
