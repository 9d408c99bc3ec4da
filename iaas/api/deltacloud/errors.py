"""Every failure answered once, in Deltacloud's error format (XML or JSON), never with internals."""

import http
import json
import logging

import falcon

from iaas.api.deltacloud import auth
from iaas.api.deltacloud import negotiation
from iaas.api.deltacloud import xmlutil
from iaas import collections
from iaas import errors

LOG = logging.getLogger(__name__)

# Deltacloud's exception class per status, for errors that are not IaasErrors (routing, 405).
_CLASSES = {cls.code: cls.deltacloud_class for cls in (
    errors.BackendError, errors.ValidationError, errors.AuthenticationFailure,
    errors.Forbidden, errors.NotFound, errors.MethodNotAllowed, errors.NotAcceptable,
    errors.Conflict, errors.OperationNotSupported, errors.NotImplementedFeature,
    errors.ProviderError, errors.ServiceUnavailable, errors.ProviderTimeout)}
# Echoed request parameters: never a secret, never a whole upload.
_HIDDEN_PARAMS = ('password',)
_MAX_PARAM_LENGTH = 1024


def expect_header(operation):
    """Deltacloud's ``Expect`` value: the collection for index/show, else its capability name.

    ``firewalls.index`` -> ``firewalls`` (as the reference answers); ``instances.start`` ->
    ``start_instance``, Deltacloud's capability naming.
    """
    collection_name, _, op = operation.partition('.')
    collection = collections.COLLECTIONS.get(collection_name)
    if collection is None or op in ('', 'index', 'show'):
        return collection_name
    return collection.method_name(op)


# Route fields under the names Deltacloud reported them.
_ROUTE_PARAM_NAMES = {'object_id': 'id', 'blob_id': 'blob', 'driver_id': 'id'}


def _request_params(req, route_params):
    params = {_ROUTE_PARAM_NAMES.get(k, k): v for k, v in (route_params or {}).items()}
    known = req.context.get('params')
    if known is not None:
        params.update(known.items())
    shown = []
    for name, value in params.items():
        if name in _HIDDEN_PARAMS:
            value = '[FILTERED]'
        shown.append((name, json.dumps(str(value)[:_MAX_PARAM_LENGTH], ensure_ascii=False)))
    return shown


def error_xml(req, status, message, route_params):
    root = xmlutil.element('error', status=status, url=req.prefix + req.path)
    xmlutil.sub(root, 'backend', driver=req.context.get('driver_name') or '',
                provider=req.context.get('provider') or 'default')
    xmlutil.sub(root, 'code', str(status))
    xmlutil.sub(root, 'message', cdata_text=message)
    xmlutil.sub(root, 'backtrace', cdata_text='')
    request = xmlutil.sub(root, 'request')
    for name, value in _request_params(req, route_params):
        xmlutil.sub(request, 'param', cdata_text=value, name=name)
    return xmlutil.to_bytes(root)


def error_json(status, message, error_class):
    return json.dumps({'code': status, 'message': message, 'error': error_class},
                      separators=(',', ':')).encode()


def start_error(resp, status, headers):
    """Set an error's status and headers; whether a body follows (a 406 has none).

    A 406 has an empty body since no format is acceptable; it is plain text, not XML.
    """
    resp.status = status
    for name, value in (headers or {}).items():
        resp.set_header(name, value)
    if status != 406:
        return True
    resp.data = b''
    resp.content_type = 'text/plain'
    return False


def render_error(req, resp, status, message, error_class, route_params=None, headers=None):
    """Fill ``resp`` with the error."""
    if not start_error(resp, status, headers):
        return
    if req.context.get('format') == negotiation.JSON:
        resp.data = error_json(status, message, error_class)
        resp.content_type = negotiation.CONTENT_TYPES[negotiation.JSON]
    else:
        resp.data = error_xml(req, status, message, route_params)
        resp.content_type = negotiation.CONTENT_TYPES[negotiation.XML]


def _error_headers(conf, ex):
    if isinstance(ex, errors.AuthenticationFailure):
        return {'WWW-Authenticate': auth.challenge(conf)}
    if isinstance(ex, errors.OperationNotSupported):
        return {'Expect': expect_header(ex.operation)}
    return {}


def install(app, conf, render=render_error):
    """Register the handlers on the falcon ``app``: domain errors, HTTP errors, the rest.

    ``render`` writes the body; another front end (``/cimi``) passes its own format and keeps
    the same statuses, headers and logging.
    """

    def handle_iaas_error(req, resp, ex, params):
        if ex.code >= 500:
            LOG.warning('%s %s failed: %s (%s)', req.method, req.path, ex.message, ex.code)
        render(req, resp, ex.code, ex.message, ex.deltacloud_class, params,
               _error_headers(conf, ex))

    def handle_http_error(req, resp, ex, params):
        status = ex.status_code
        phrase = http.HTTPStatus(status).phrase
        error_class = _CLASSES.get(status, errors.BackendError.deltacloud_class)
        render(req, resp, status, phrase, error_class, params, dict(ex.headers or {}))

    def handle_unexpected(req, resp, ex, params):
        LOG.exception('Unexpected error answering %s %s', req.method, req.path)
        render(req, resp, 500, 'Internal Server Error',
               errors.BackendError.deltacloud_class, params)

    app.add_error_handler(Exception, handle_unexpected)
    app.add_error_handler(falcon.HTTPError, handle_http_error)
    app.add_error_handler(errors.IaasError, handle_iaas_error)
