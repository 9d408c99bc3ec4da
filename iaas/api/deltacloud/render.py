"""Writes driver results into the response in the negotiated format, with status and headers."""

import itertools
import json

from iaas.api.deltacloud import negotiation
from iaas.api.deltacloud import views
from iaas.api.deltacloud.views import links
from iaas.api.deltacloud import xmlutil

# Objects of a list rendered at a time: a long list is never one tree or one structure.
BATCH_SIZE = 500


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


def _finish_pieces(req, resp, pieces, status):
    """A body of ``pieces`` (bytes): sent one after another, never joined into one copy."""
    resp.status = status
    resp.stream = pieces
    resp.content_length = sum(len(piece) for piece in pieces)
    resp.content_type = negotiation.CONTENT_TYPES[req.context.format]


def _batches(objects):
    objects = iter(objects)
    while batch := list(itertools.islice(objects, BATCH_SIZE)):
        yield batch


def _json_list_pieces(name, bodies):
    """``_json_bytes({name: [...]})`` in pieces, a batch of ``bodies`` (lists) each."""
    pieces = [b'{' + _json_bytes(name) + b':[']
    for body in bodies:
        piece = _json_bytes(body)[1:-1]
        pieces.append(piece if len(pieces) == 1 else b',' + piece)
    return pieces + [b']}']


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
    """A list: ``{"<plural>": [...]}`` or ``<plural><singular/>...</plural>``.

    Rendered and serialised a batch at a time: a long list (100,000 instances) holds its
    body's bytes, not the whole tree or structure beside them.
    """
    view = _view(req)
    kind = collection.singular
    if req.context.format == negotiation.JSON:
        render = views.JSON[kind]
        pieces = _json_list_pieces(collection.name, ([render(o, view) for o in batch]
                                                     for batch in _batches(objects)))
    else:
        render = views.XML[kind]
        pieces = xmlutil.list_pieces(collection.name, ([render(o, view) for o in batch]
                                                       for batch in _batches(objects)))
    _finish_pieces(req, resp, pieces, status)


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
