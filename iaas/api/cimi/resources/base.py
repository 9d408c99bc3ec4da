"""Generic CIMI resources: list, get, create and delete of any kind, driven by the kind."""

from iaas.api.cimi import body
from iaas.api.cimi import render


class CollectionResource:
    """``GET /cimi/<segment>``: the collection, after the query."""

    def __init__(self, kind):
        self.kind = kind

    def on_get(self, req, resp):
        ctx = req.context.cimi
        self.kind.check(ctx)
        render.collection(req, resp, self.kind, self.kind.list(ctx))

    on_head = on_get


class CreatableCollectionResource(CollectionResource):
    """... and ``POST /cimi/<segment>``: 201 with Location and the new resource."""

    def on_post(self, req, resp):
        ctx = req.context.cimi
        self.kind.check(ctx)
        doc = body.read_document(req, ctx.max_body, self.kind.create_types,
                                 self.kind.list_items)
        created = self.kind.create(ctx, doc)
        render.resource(req, resp, self.kind, created, status=201, location=created['id'])


class MemberResource:
    """``GET /cimi/<segment>/<id>``."""

    def __init__(self, kind):
        self.kind = kind

    def on_get(self, req, resp, object_id):
        ctx = req.context.cimi
        self.kind.check(ctx)
        render.resource(req, resp, self.kind, self.kind.get(ctx, object_id))

    on_head = on_get


class DeletableMemberResource(MemberResource):
    """... and ``DELETE /cimi/<segment>/<id>``: 200, or 202 when the cloud finishes later."""

    def on_delete(self, req, resp, object_id):
        ctx = req.context.cimi
        self.kind.check(ctx)
        self.kind.delete(ctx, object_id)
        render.empty(resp, self.kind.delete_status)


def add_routes(app, kind):
    """The generic routes of ``kind``."""
    collection = CreatableCollectionResource if kind.creatable else CollectionResource
    member = DeletableMemberResource if kind.deletable else MemberResource
    app.add_route('/' + kind.segment, collection(kind))
    app.add_route('/%s/{object_id}' % kind.segment, member(kind))
