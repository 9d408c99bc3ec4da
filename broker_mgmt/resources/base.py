"""Collections and items that list, create, show, change and delete through core functions."""

import dataclasses

import falcon

from broker_mgmt import operations as ops
from broker_mgmt import schemas


@dataclasses.dataclass(frozen=True)
class Kind:
    """What a family of routes serves: its name, its representation and its bodies."""

    name: str                  # 'provider', in summaries
    plural: str                # 'providers': the listing's key and the tag
    schema: dict               # the rendered object
    create: dict = None        # body of POST on the collection
    update: dict = None        # body of PATCH on the item
    filters: tuple = ()        # query parameters of the listing besides paging
    paged: bool = True
    key: str = 'id'            # what identifies an item: in its URL and as a page marker

    def collection_operations(self):
        found = {'GET': ops.Operation(
            'List %s' % self.plural, response=schemas.listing(self.plural, self.schema),
            query=self.filters + (ops.PAGE if self.paged else ()))}
        if self.create is not None:
            found['POST'] = ops.Operation('Create a %s' % self.name, response=self.schema,
                                          status=201, body=self.create, etag=True)
        return found

    def item_operations(self, delete=True):
        found = {'GET': ops.Operation('Show a %s' % self.name, response=self.schema,
                                      etag=True)}
        if self.update is not None:
            found['PATCH'] = ops.Operation('Change a %s' % self.name, response=self.schema,
                                           body=self.update, etag=True, conditional=True)
        if delete:
            found['DELETE'] = ops.Operation('Delete a %s' % self.name, status=204,
                                            conditional=True)
        return found

    def view(self, data):
        return schemas.project(self.schema, data)


class Collection(ops.Resource):
    """GET: a page of what ``fetch_all`` returns.

    A concrete resource names its Kind, mixes in what it supports (Creatable, Changeable,
    Deletable) and implements their hooks, each one call of a broker_core function (after
    ``policy.authorize`` where the core does not authorize). Its ``operations`` come from
    the Kind; a test checks that every routed method is documented and vice versa.
    """

    kind = None

    @property
    def tag(self):
        return self.kind.plural

    def on_get(self, req, resp, **ids):
        items = [self.kind.view(item)
                 for item in self.fetch_all(req.context.caller, req.context.query, **ids)]
        if self.kind.paged:
            resp.media = ops.paginate(req, resp, self.kind.plural, items, self.kind.key)
        else:
            resp.media = {self.kind.plural: items}

    def fetch_all(self, caller, query, **ids):
        raise NotImplementedError


class Creatable:
    """POST on a collection: ``make``, answered 201 with the item and its Location."""

    def on_post(self, req, resp, **ids):
        data = self.make(req.context.caller, req.context.body, **ids)
        ops.created(req, resp, self.kind.schema, data, data[self.kind.key])

    def make(self, caller, body, **ids):
        raise NotImplementedError


class Item(ops.Resource):
    """GET: what ``fetch`` returns, with its ETag."""

    kind = None

    @property
    def tag(self):
        return self.kind.plural

    def on_get(self, req, resp, **ids):
        ops.render_item(resp, self.kind.schema, self.fetch(req.context.caller, **ids))

    def current(self, req, ids):
        """The item as rendered now, for If-Match."""
        return lambda: self.kind.view(self.fetch(req.context.caller, **ids))

    def fetch(self, caller, **ids):
        raise NotImplementedError


class Changeable:
    """PATCH on an item: ``change`` with the fields given, If-Match honoured."""

    def on_patch(self, req, resp, **ids):
        ops.check_if_match(req, self.current(req, ids))
        ops.render_item(resp, self.kind.schema,
                        self.change(req.context.caller, req.context.body, **ids))

    def change(self, caller, body, **ids):
        raise NotImplementedError


class Deletable:
    """DELETE on an item: ``remove``, answered 204, If-Match honoured."""

    def on_delete(self, req, resp, **ids):
        ops.check_if_match(req, self.current(req, ids))
        self.remove(req.context.caller, **ids)
        resp.status = falcon.HTTP_204

    def remove(self, caller, **ids):
        raise NotImplementedError
