"""HTTP Basic logins of broker users, with a brief cache of verified passwords."""

import base64
import binascii
import secrets

from broker_core import context as broker_context
from broker_core import errors
from broker_core import identity
from broker_core.logins import LoginCache  # noqa: F401 (the app builds one)
from broker_core import roles
from broker_mgmt import operations

REQUEST_ID_HEADER = 'X-Request-Id'


def basic_credentials(header):
    """(name, password) of an HTTP Basic Authorization header; NotAuthenticated otherwise."""
    scheme, _, token = (header or '').partition(' ')
    if scheme.lower() != 'basic' or not token.strip():
        raise errors.NotAuthenticated()
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode('utf-8')
    except (binascii.Error, UnicodeDecodeError):
        raise errors.NotAuthenticated() from None
    name, colon, password = decoded.partition(':')
    if not colon or not name:
        raise errors.NotAuthenticated()
    return name, password


class BasicAuth:
    """Middleware: the caller's RequestContext on ``req.context.caller``, or 401."""

    def __init__(self, logins):
        self.logins = logins

    def process_resource(self, req, resp, resource, params):
        operation = operations.operation_of(resource, req.method)
        if operation is None or operation.public:
            return
        request_id = 'req-' + secrets.token_hex(16)
        resp.set_header(REQUEST_ID_HEADER, request_id)
        req.context.caller = self.caller(req.get_header('Authorization'), request_id)

    def caller(self, header, request_id):
        name, password = basic_credentials(header)
        anonymous = broker_context.RequestContext(request_id=request_id)
        user = self.logins.get(name, password)
        if user is None:
            user = identity.authenticate(anonymous, name, password)
            self.logins.put(name, password, user)
        return roles.user_context(anonymous, user, request_id=request_id)
