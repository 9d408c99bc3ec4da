"""What a CIMI resource handler works with: the session, hrefs, query, store and caches."""

from iaas.api.cimi import hrefs as hrefs_mod
from iaas.api.cimi import query as query_mod


class CimiContext:
    """One request as the CIMI kinds see it; built by the middleware as ``req.context.cimi``."""

    def __init__(self, req, store, kinds, max_body):
        self.session = req.context.session
        self.hrefs = hrefs_mod.Hrefs(req.prefix)
        self.query = query_mod.parse_query(req.query_string)
        self.kinds = kinds
        self.max_body = max_body
        self.idempotency_key = req.get_header('Idempotency-Key')
        self._store = store
        self._scope = None
        self._cache = {}

    @property
    def context(self):
        """The driver's RequestContext."""
        return self.session.context

    @property
    def driver(self):
        return self.session.driver

    @property
    def store(self):
        """The caller's part of the CIMI store, once the driver has accepted the credentials.

        The store keys documents by user name alone, so the password is checked first.
        """
        if self._scope is None:
            self.session.require_credentials()
            self.driver.authenticate(self.context)
            self._scope = self._store.scope(self.session.driver_name, self.session.provider,
                                            self.context.username)
        return self._scope

    def cached(self, key, load):
        """``load()`` once per request (a driver's profiles, when listing many machines)."""
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]
