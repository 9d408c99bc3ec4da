"""Index, show, create, destroy and member actions of any collection, driven by its table entry."""

from iaas.api.deltacloud import forms
from iaas.api.deltacloud import render
from iaas.api.deltacloud.views import links
from iaas import collections

# Deltacloud answered these creates with 200 instead of 201, and without a Location.
CREATED_OK = ('networks', 'subnets', 'network_interfaces')


class CollectionResource:
    """``GET /api/<collection>``: the index, with the collection's filters."""

    def __init__(self, name):
        self.collection = collections.COLLECTIONS[name]

    def on_get(self, req, resp):
        session = req.context.session
        found = session.call(self.collection, 'index',
                             **forms.filters(self.collection.name, req.context.params))
        render.index(req, resp, self.collection, found)

    on_head = on_get


class CreatableCollectionResource(CollectionResource):
    """... and ``POST /api/<collection>``: create."""

    def on_post(self, req, resp):
        session = req.context.session
        session.require(self.collection, 'create')
        kwargs = forms.create_args(self.collection.name, req.context.params,
                                   req.get_header('Idempotency-Key'), session.has_feature)
        created = session.call(self.collection, 'create', **kwargs)
        respond_created(req, resp, self.collection, created)


def respond_created(req, resp, collection, created):
    if isinstance(created, (list, tuple)):
        if len(created) != 1:
            render.index(req, resp, collection, created, status=201)
            return
        created = created[0]
    if collection.name in CREATED_OK:
        render.show(req, resp, collection.singular, created)
        return
    location = links.Hrefs(req.prefix).member(collection.name, created.id)
    render.show(req, resp, collection.singular, created, status=201, location=location)


def collection_resource(name):
    """The resource of ``name``: collections Deltacloud cannot create in answer POST with 405."""
    if collections.COLLECTIONS[name].creatable:
        return CreatableCollectionResource(name)
    return CollectionResource(name)


class MemberResource:
    """``GET /api/<collection>/<id>``: show."""

    def __init__(self, name):
        self.collection = collections.COLLECTIONS[name]

    def on_get(self, req, resp, object_id):
        found = req.context.session.call(self.collection, 'show', object_id)
        render.show(req, resp, self.collection.singular, found)

    on_head = on_get


class DestroyableMemberResource(MemberResource):
    """... and ``DELETE /api/<collection>/<id>``: destroy."""

    def on_delete(self, req, resp, object_id):
        req.context.session.call(self.collection, 'destroy', object_id)
        render.empty(req, resp, 204, content_type=False)


def member_resource(name):
    if collections.COLLECTIONS[name].destroyable:
        return DestroyableMemberResource(name)
    return MemberResource(name)


class ActionResource:
    """``POST /api/<collection>/<id>/<action>``; ``respond`` writes the answer."""

    def __init__(self, name, action, respond):
        self.collection = collections.COLLECTIONS[name]
        self.action = action
        self.respond = respond

    def on_post(self, req, resp, object_id):
        session = req.context.session
        session.require(self.collection, self.action)
        kwargs = forms.action_args(self.collection.name, self.action, req.context.params)
        result = session.call(self.collection, self.action, object_id, **kwargs)
        self.respond(req, resp, self.collection, object_id, result)


def _current(req, collection, object_id, result):
    # A driver may return the changed object or nothing; then show what it is now.
    if result is not None and not isinstance(result, bool):
        return result
    return req.context.session.call(collection, 'show', object_id)


def accepted_unwrapped(req, resp, collection, object_id, result):
    """Instance start/stop/reboot: 202 and the bare instance (Heat reads ``body['id']``)."""
    obj = _current(req, collection, object_id, result)
    render.show(req, resp, collection.singular, obj, status=202, wrap=False)


def accepted_wrapped(req, resp, collection, object_id, result):
    obj = _current(req, collection, object_id, result)
    render.show(req, resp, collection.singular, obj, status=202)


def accepted_empty(req, resp, collection, object_id, result):
    render.empty(req, resp, 202)


def created_show(req, resp, collection, object_id, result):
    render.show(req, resp, collection.singular, _current(req, collection, object_id, result),
                status=201)


def ok_show(req, resp, collection, object_id, result):
    render.show(req, resp, collection.singular, _current(req, collection, object_id, result))
