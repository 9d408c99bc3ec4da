"""Writes driver results into the response in the negotiated format, with status and headers."""

import json

from iaas.api.deltacloud import negotiation
from iaas.api.deltacloud import views
from iaas.api.deltacloud.views import links
from iaas.api.deltacloud import xmlutil


def _view(req):
    return links.View(req.prefix, req.context.session)


def _json_bytes(body):
    return json.dumps(body, separators=(',', ':'), ensure_ascii=False).encode('utf-8')


def _finish(req, resp, data, status, location=None):
    resp.status = status
    resp.data = data
    resp.content_type = negotiation.CONTENT_TYPES[req.context.format]
    if location:
        resp.set_header('Location', location)


def show(req, resp, kind, obj, status=200, wrap=True, location=None, **options):
    """One object; JSON as ``{kind: {...}}`` unless ``wrap`` is False (instance actions)."""
    view = _view(req)
    if req.context.format == negotiation.JSON:
        body = views.JSON[kind](obj, view, **options)
        data = _json_bytes({kind: body} if wrap else body)
    else:
        data = xmlutil.to_bytes(views.XML[kind](obj, view, **options))
    _finish(req, resp, data, status, location)


def index(req, resp, collection, objects, status=200):
    """A list: ``{"<plural>": [...]}`` or ``<plural><singular/>...</plural>``."""
    view = _view(req)
    kind = collection.singular
    if req.context.format == negotiation.JSON:
        data = _json_bytes({collection.name: [views.JSON[kind](o, view) for o in objects]})
    else:
        root = xmlutil.element(collection.name)
        for obj in objects:
            root.append(views.XML[kind](obj, view))
        data = xmlutil.to_bytes(root)
    _finish(req, resp, data, status)


def document(req, resp, kind, payload, status=200):
    """A document whose renderer builds the whole body (entry point, drivers, states)."""
    view = _view(req)
    if req.context.format == negotiation.JSON:
        data = _json_bytes(views.JSON[kind](payload, view))
    else:
        data = xmlutil.to_bytes(views.XML[kind](payload, view))
    _finish(req, resp, data, status)


def empty(req, resp, status, content_type=True):
    """No body: 204s carry no Content-Type; 202s keep the negotiated one, as Deltacloud did."""
    resp.status = status
    resp.data = b''
    resp.content_type = (negotiation.CONTENT_TYPES[req.context.format]
                         if content_type else None)
