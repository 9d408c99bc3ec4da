"""HTTP Basic logins of broker users, with a brief cache of verified passwords."""

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
import time

from broker_core import context as broker_context
from broker_core import errors
from broker_core import identity
from broker_core import roles
from broker_mgmt import operations

# A verified login is trusted this long: the KDF costs ~0.1 s and a client sends many
# requests; roles are still read afresh for every request.
LOGIN_CACHE_SECONDS = 5.0
LOGIN_CACHE_SIZE = 1024
REQUEST_ID_HEADER = 'X-Request-Id'


class LoginCache:
    """Recently verified logins by user name and an HMAC of the password.

    The HMAC key is random per process: the cache never holds the password, nor anything a
    memory dump could test guesses against offline.
    """

    def __init__(self, ttl=LOGIN_CACHE_SECONDS, size=LOGIN_CACHE_SIZE, clock=time.monotonic):
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self._key = secrets.token_bytes(32)
        self._entries = {}
        self._lock = threading.Lock()

    def _digest(self, password):
        return hmac.new(self._key, password.encode('utf-8', 'surrogatepass'),
                        hashlib.sha256).digest()

    def get(self, name, password):
        """The user dict cached for this name and password, or None."""
        with self._lock:
            entry = self._entries.get(name)
        if entry is None:
            return None
        digest, user, expires = entry
        if self.clock() >= expires or not hmac.compare_digest(digest, self._digest(password)):
            return None
        return user

    def put(self, name, password, user):
        entry = (self._digest(password), user, self.clock() + self.ttl)
        with self._lock:
            if len(self._entries) >= self.size:
                now = self.clock()
                self._entries = {k: v for k, v in self._entries.items() if v[2] > now}
                if len(self._entries) >= self.size:
                    self._entries.clear()
            self._entries[name] = entry

    def clear(self):
        """Forget every login: a user was changed (disabled, deleted, new password)."""
        with self._lock:
            self._entries.clear()


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
