"""Writes CIMI documents into the response, in JSON or XML, after the request's query."""

import json

from iaas.api.cimi import documents
from iaas.api.cimi import negotiation
from iaas.api.cimi import xmlcodec

COLLECTION_TAG = 'Collection'  # every collection's XML root, its type in resourceURI


def _send(req, resp, status, root_tag, doc, item_names=None, location=None):
    resp.status = status
    fmt = req.context.format
    if fmt == negotiation.XML:
        resp.data = xmlcodec.to_xml(root_tag, doc, item_names)
    else:
        resp.data = json.dumps(doc, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    resp.content_type = negotiation.CONTENT_TYPES[fmt]
    if location:
        resp.set_header('Location', location)


def _shaped(ctx, doc):
    return ctx.query.selected(ctx.kinds.expand(ctx, doc))


def resource(req, resp, kind, doc, status=200, location=None):
    """One resource of ``kind``, with ``$expand`` and ``$select`` applied."""
    ctx = req.context.cimi
    _send(req, resp, status, kind.type_name, _shaped(ctx, doc), kind.item_names, location)


def collection(req, resp, kind, docs, href=None, operations=None):
    """A collection of ``kind``: filtered, windowed, expanded and selected by the query.

    ``href`` and ``operations`` default to the top-level collection's and its ``add``;
    sub-collections (a machine's disks) pass their own.
    """
    ctx = req.context.cimi
    matching = [doc for doc in docs if ctx.query.matches(doc)]
    shown = [_shaped(ctx, doc) for doc in ctx.query.window(matching)]
    if operations is None:
        operations = []
        if kind.creatable and kind.can_create(ctx):
            operations.append(documents.operation('add', ctx.hrefs.collection(kind.segment)))
    body = {'resourceURI': documents.type_uri(kind.collection_type),
            'id': href or ctx.hrefs.collection(kind.segment),
            'count': len(matching), kind.members_key: shown}
    item_names = dict(kind.item_names, **{kind.members_key: kind.type_name})
    _send(req, resp, 200, COLLECTION_TAG, documents.finish(body, operations), item_names)


def document(req, resp, type_name, doc, status=200, item_names=None):
    """A document built whole by its resource (the cloudEntryPoint)."""
    _send(req, resp, status, type_name, doc, item_names)


def empty(resp, status):
    resp.status = status
    resp.data = b''
    resp.content_type = None
