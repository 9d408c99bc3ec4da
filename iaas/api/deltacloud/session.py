"""Per-request setup: parameters, format, credentials and the driver and provider to talk to."""

import hashlib
import uuid

from iaas.api.deltacloud import auth
from iaas.api.deltacloud import matrix
from iaas.api.deltacloud import negotiation
from iaas.api.deltacloud import params as params_mod
from iaas import collections
from iaas import errors
from iaas import models

API_VERSION = '1.1.3'
SERVER = 'Apache-Deltacloud/%s' % API_VERSION
_MAX_NAME_LENGTH = 255


class Session:
    """The driver, provider and caller of one request, and the checks every operation makes."""

    def __init__(self, driver, driver_name, provider, credentials):
        self.driver = driver
        self.driver_name = driver_name
        self.provider = provider
        self.credentials = credentials
        self.context = models.RequestContext(credentials=credentials, provider=provider,
                                             request_id='req-' + str(uuid.uuid4()))
        self._operations = None

    @property
    def operations(self):
        if self._operations is None:
            self._operations = frozenset(self.driver.supported_operations(self.context))
        return self._operations

    def supports(self, operation):
        return operation in self.operations

    def require_credentials(self):
        if self.credentials is None:
            raise errors.AuthenticationFailure()

    def require(self, collection, operation):
        """401 without credentials where needed, 412 when the driver lacks the operation."""
        if collection.needs_auth or operation not in ('index', 'show'):
            self.require_credentials()
        name = collections.operation_name(collection.name, operation)
        if not self.supports(name):
            raise errors.OperationNotSupported(name)

    def has_feature(self, collection, feature):
        return self.driver.has_feature(self.context, collection, feature)

    def call(self, collection, operation, *args, **kwargs):
        """Check, then run the driver method implementing ``operation`` of ``collection``."""
        self.require(collection, operation)
        method = getattr(self.driver, collection.method_name(operation))
        return method(self.context, *args, **kwargs)


def _selected(req, name):
    """A matrix parameter (``;driver=``) wins over the ``X-Deltacloud-<Name>`` header."""
    matrix_params = req.env.get(matrix.ENVIRON_KEY) or {}
    return (matrix_params.get(name) or req.get_header('X-Deltacloud-' + name.capitalize())
            or None)


def _checked_name(what, value):
    """A driver or provider name fit for a response header; drivers judge the rest."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if (len(value) > _MAX_NAME_LENGTH or not value.isprintable()
            or any(c.isspace() for c in value)):
        raise errors.ValidationError('Invalid %s name' % what)
    return value


class SessionMiddleware:
    """Falcon middleware: builds ``req.context.session`` and sets the common response headers."""

    def __init__(self, conf, registry):
        self.conf = conf
        self.registry = registry

    def process_request(self, req, resp):
        base = params_mod.base_params(req)
        req.context.params = base
        req.context.format = negotiation.choose_format(req, base)
        self.open_session(req)
        # A PUT body is blob content whatever its type; only POST carries a form.
        if req.method == 'POST' and params_mod.is_form(req):
            params_mod.add_form_body(req, base, self.conf.api.max_request_body_size)
            req.context.format = negotiation.choose_format(req, base)  # format= in the form

    def open_session(self, req):
        """``req.context.session``: the chosen driver and provider, with the caller's credentials.

        Every front end (``/api``, ``/cimi``) selects the same way: matrix parameter, then
        ``X-Deltacloud-*`` header, then the configured default.
        """
        # Set first so that an error about a bad name still names a driver in its headers.
        req.context.driver_name = self.conf.api.default_driver
        req.context.driver_name = _checked_name(
            'driver', _selected(req, 'driver') or self.conf.api.default_driver)
        req.context.provider = _checked_name(
            'provider', _selected(req, 'provider') or self.conf.api.default_provider)
        params_mod.check_declared_length(req, self.conf.api.max_request_body_size)
        driver = self.registry.get(req.context.driver_name, req.context.provider)
        req.context.session = Session(
            driver, req.context.driver_name, req.context.provider,
            auth.credentials_from_header(req.get_header('Authorization')))

    def request_texts(self, req, route_params):
        """The texts of the request a NUL is looked for in: path, parameter names and values."""
        return [route_params, req.context.params.values]

    def process_resource(self, req, resp, resource, route_params):
        params_mod.refuse_nul(self.request_texts(req, route_params))
        # Refuse before acting: a POST must not create anything the client cannot read.
        if req.context.format is None and getattr(resource, 'negotiates', True):
            raise errors.NotAcceptable()

    def process_response(self, req, resp, resource, req_succeeded):
        resp.set_header('Server', SERVER)
        if req.context.get('driver_name'):
            resp.set_header('X-Deltacloud-Driver', req.context.driver_name)
        if req.context.get('provider'):
            resp.set_header('X-Deltacloud-Provider', req.context.provider)
        if (req.method == 'GET' and resp.status in (200, '200 OK')
                and resp.get_header('ETag') is None):
            etag = _etag(resp)
            if etag is not None:
                resp.set_header('ETag', etag)


def _etag(resp):
    """The MD5 of a body whole (``data``) or in pieces (a list ``stream``); None if empty."""
    pieces = [resp.data] if resp.data else resp.stream if isinstance(resp.stream, list) else []
    if not any(pieces):
        return None
    digest = hashlib.md5(usedforsecurity=False)
    for piece in pieces:
        digest.update(piece)
    return digest.hexdigest()
