"""A brief cache of verified broker logins, so the password KDF is not paid per request."""

import hashlib
import hmac
import secrets
import threading
import time

# The KDF costs ~0.1 s and a client sends many requests; roles are read afresh regardless.
DEFAULT_TTL = 5.0
DEFAULT_SIZE = 1024


class LoginCache:
    """Recently verified logins by user name and a keyed hash of the password.

    The key is random per process, so the cache holds nothing a stolen memory dump could
    test guesses against offline, and never the password itself.
    """

    def __init__(self, ttl=DEFAULT_TTL, size=DEFAULT_SIZE, clock=time.monotonic):
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
        if self.ttl <= 0:
            return
        entry = (self._digest(password), user, self.clock() + self.ttl)
        with self._lock:
            if len(self._entries) >= self.size:
                now = self.clock()
                self._entries = {k: v for k, v in self._entries.items() if v[2] > now}
                if len(self._entries) >= self.size:
                    self._entries.clear()
            self._entries[name] = entry

    def forget(self, name):
        with self._lock:
            self._entries.pop(name, None)

    def clear(self):
        """Forget every login: a user was changed (disabled, deleted, new password)."""
        with self._lock:
            self._entries.clear()
