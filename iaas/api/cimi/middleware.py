"""Per-request setup of ``/cimi``: the session ``/api`` builds, and CIMI's own context."""

from iaas.api.cimi import context
from iaas.api.cimi import documents
from iaas.api.cimi import negotiation
from iaas.api.deltacloud import session


class CimiMiddleware(session.SessionMiddleware):
    """Selects driver and provider exactly as ``/api`` does; negotiates CIMI's formats.

    Builds ``req.context.cimi`` (a :class:`~iaas.api.cimi.context.CimiContext`) and adds
    the ``CIMI-Specification-Version`` header to every answer.
    """

    def __init__(self, conf, registry, store, kinds):
        super().__init__(conf, registry)
        self.store = store
        self.kinds = kinds

    def process_request(self, req, resp):
        req.context.format = negotiation.choose_format(req)
        self.open_session(req)
        req.context.cimi = context.CimiContext(req, self.store, self.kinds,
                                               self.conf.api.max_request_body_size)

    def request_texts(self, req, route_params):
        """CIMI's parameters are the query's, and the path's."""
        return [route_params, req.params]

    def process_response(self, req, resp, resource, req_succeeded):
        super().process_response(req, resp, resource, req_succeeded)
        resp.set_header('CIMI-Specification-Version', documents.SPECIFICATION_VERSION)
