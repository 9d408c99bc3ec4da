"""What a resource declares per HTTP method, and the request and response steps they share."""

import contextlib
import dataclasses
import hashlib
import json
from urllib import parse

import falcon

from broker_core import errors
from broker_mgmt import schemas
from iaas.api import texts

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
JSON = falcon.MEDIA_JSON
CSV = 'text/csv'


@dataclasses.dataclass(frozen=True)
class Param:
    """A query parameter: its name, its schema and what it is for."""

    name: str
    schema: dict
    description: str = ''
    required: bool = False


LIMIT = Param('limit', {'type': 'integer', 'minimum': 1, 'maximum': MAX_LIMIT},
              'most items on a page (default %d)' % DEFAULT_LIMIT)
MARKER = Param('marker', schemas.ID, 'id of the last item of the previous page')
PAGE = (LIMIT, MARKER)


@dataclasses.dataclass(frozen=True)
class Operation:
    """One method of one route, as documented and as checked.

    A resource lists its ``operations``: for each method the schemas of its query, body and
    response. The same declarations validate requests (``Gate``) and make the OpenAPI
    document (``broker_mgmt.openapi``): what is documented is what is checked.
    """

    summary: str
    response: dict = None          # schema of the success body; None: no body
    status: int = 200
    body: dict = None              # schema of the JSON request body
    query: tuple = ()              # Params
    etag: bool = False             # answers with the object's ETag
    conditional: bool = False      # honours If-Match (412 when it does not match)
    media: tuple = (JSON,)         # media types of the success body
    public: bool = False           # served without authentication

    def parse_query(self, req):
        """The query parameters converted to their schema's type and validated."""
        declared = {param.name: param for param in self.query}
        values = {}
        for name, raw in req.params.items():
            param = declared.get(name)
            if param is None:
                raise errors.Invalid(field=name, reason='unknown query parameter; allowed are %s'
                                     % (', '.join(sorted(declared)) or 'none'))
            if isinstance(raw, list):
                raise errors.Invalid(field=name, reason='give it once')
            values[name] = schemas.validate(param.schema, _convert(param, raw), field=name)
        for param in self.query:
            if param.required and param.name not in values:
                raise errors.Invalid(field=param.name, reason='is required')
        return values

    def parse_body(self, req):
        if self.body is None:
            return None
        media = req.get_media(default_when_empty=None)
        refuse_nul(media, 'body')
        return schemas.validate(self.body, media)


def refuse_nul(value, field):
    """Invalid for a NUL character anywhere in ``value`` (text, or lists and dicts of it).

    No id holds one and no broker database stores one (PostgreSQL refuses it). The value
    is not echoed.
    """
    if texts.holds_nul(value):
        raise errors.Invalid(field=field, reason='must not contain NUL characters')


def _convert(param, raw):
    kind = param.schema.get('type')
    try:
        if kind == 'integer':
            return int(raw)
        if kind == 'number':
            return float(raw)
    except ValueError:
        raise errors.Invalid(field=param.name, reason='must be a %s' % kind) from None
    if kind == 'boolean':
        if raw not in ('true', 'false'):
            raise errors.Invalid(field=param.name, reason='must be true or false')
        return raw == 'true'
    return raw


class Resource:
    """A route's handlers; ``operations`` maps each HTTP method to its Operation."""

    operations = {}
    tag = None
    path_params = {}               # schemas of path parameters that are not plain ids

    def __init__(self, services):
        self.services = services

    @property
    def conf(self):
        return self.services.conf

    @property
    def broker(self):
        return self.services.broker


def operation_of(resource, method):
    return getattr(resource, 'operations', {}).get(method)


class Gate:
    """Middleware: every request passes validation of its query and body before its handler."""

    def process_resource(self, req, resp, resource, params):
        operation = operation_of(resource, req.method)
        if operation is None:
            return
        refuse_nul(params, 'path')
        refuse_nul(req.params, 'query')
        req.context.query = operation.parse_query(req)
        req.context.body = operation.parse_body(req)


def render(resp, schema, data, status=200):
    """A JSON body of ``data`` limited to the properties of ``schema``."""
    resp.status = falcon.code_to_http_status(status)
    resp.media = schemas.project(schema, data)
    return resp.media


def render_item(resp, schema, data, status=200):
    """An item with its ETag (a hash of what is sent)."""
    body = render(resp, schema, data, status)
    resp.etag = etag_of(body)
    return body


def created(req, resp, schema, data, ident):
    """201 with the new item and its Location: the collection's URL and the item's id."""
    render_item(resp, schema, data, status=201)
    resp.location = url(req, req.path.rstrip('/') + '/' + parse.quote(str(ident), safe=''))


def url(req, path, query=None):
    """An absolute URL inside this app, whatever prefix it is mounted under."""
    text = req.prefix + path
    return text + '?' + parse.urlencode(query) if query else text


def etag_of(body):
    canonical = json.dumps(body, sort_keys=True, separators=(',', ':'), default=str)
    return hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:32]


def check_if_match(req, current):
    """412 unless If-Match is absent, '*' or the ETag of the object ``current()`` renders."""
    wanted = req.if_match
    if not wanted or '*' in wanted:
        return
    tag = etag_of(current())
    if not any(str(given) == tag for given in wanted):
        raise falcon.HTTPPreconditionFailed(
            title='Precondition Failed',
            description='If-Match: the object changed; fetch it again for its current ETag')


def paginate(req, resp, plural, items, key='id'):
    """A page of ``items`` after the query's marker, and a next link while more follow."""
    query = req.context.query
    limit = query.get('limit', DEFAULT_LIMIT)
    start = 0
    marker = query.get('marker')
    if marker is not None:
        keys = [str(item[key]) for item in items]
        if marker not in keys:
            raise errors.Invalid(field='marker', reason='no such item in this listing')
        start = keys.index(marker) + 1
    page = items[start:start + limit]
    more = start + limit < len(items)
    return page_body(req, resp, plural, page, more, key)


def page_body(req, resp, plural, page, more, key='id'):
    """The body of a page; with ``more``, a next link (body and Link header) after its last item."""
    body = {plural: page}
    if more and page:
        following = dict(req.context.query, marker=page[-1][key])
        body['next'] = url(req, req.path, {name: _query_text(value)
                                           for name, value in following.items()})
        resp.append_link(body['next'], 'next')
    return body


def _query_text(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


@contextlib.contextmanager
def references(**fields):
    """Turn ObjectNotFound for an object named in the body into Invalid naming its field.

    ``fields`` maps the kind the core reports ('account') to the body field ('account_id'):
    an unknown reference is bad input, not a missing resource at the URL.
    """
    try:
        yield
    except errors.ObjectNotFound as exc:
        kind = exc.kwargs.get('kind', '')
        field = fields.get(kind.replace(' ', '_'))
        if field is None:
            raise
        raise errors.Invalid(field=field, reason="no %s '%s'" % (kind, exc.kwargs.get('ident'))
                             ) from None
