"""The management app: ``create_app(conf)`` builds its collaborators once and serves /v1."""

import dataclasses
import datetime
import decimal
import functools
import json
import threading

import falcon

from broker_core import conf as broker_conf
from broker_core.db import api as db_api
from broker_core import services as broker_services
from broker_mgmt import auth
from broker_mgmt import error_handler
from broker_mgmt import openapi
from broker_mgmt import operations as ops
from broker_mgmt.resources import accounts
from broker_mgmt.resources import catalog
from broker_mgmt.resources import identity
from broker_mgmt.resources import placement
from broker_mgmt.resources import pools
from broker_mgmt.resources import providers
from broker_mgmt.resources import quotas
from broker_mgmt.resources import records
from broker_mgmt.resources import usage
from broker_mgmt.resources import webhooks

PREFIX = '/v1'
REALM = 'broker'
ROUTE_MODULES = (providers, accounts, pools, catalog, identity, quotas, records, usage,
                 placement, webhooks)


@dataclasses.dataclass(frozen=True)
class Services:
    """What the resources share: configuration, the Broker and the login cache."""

    conf: object
    broker: broker_services.Broker
    logins: auth.LoginCache


class OpenApi(ops.Resource):
    """The OpenAPI document of every route, this one included."""

    tag = 'meta'
    operations = {'GET': ops.Operation('This OpenAPI document', response={'type': 'object'},
                                       public=True)}

    def __init__(self, services, routes):
        super().__init__(services)
        self.routes = routes + [('/openapi.json', self)]

    def on_get(self, req, resp):
        resp.media = openapi.document(self.routes, server_url=req.root_path + PREFIX)


def create_app(conf, broker=None, logins=None):
    """The Falcon app of the management API; ``broker`` and ``logins`` are built if not given."""
    broker_conf.register_opts(conf)
    services = Services(conf, broker or broker_services.Broker(conf),
                        logins or auth.LoginCache())
    app = falcon.App(middleware=[Database(conf), BodyLimit(conf.api.max_request_body_size),
                                 auth.BasicAuth(services.logins), ops.Gate()])
    handler = falcon.media.JSONHandler(dumps=functools.partial(json.dumps, default=_plain),
                                       loads=functools.partial(json.loads,
                                                               parse_constant=_no_constant))
    app.req_options.media_handlers[falcon.MEDIA_JSON] = handler
    app.resp_options.media_handlers[falcon.MEDIA_JSON] = handler
    app.add_error_handler(Exception, error_handler.make_handler(REALM))
    app.set_error_serializer(error_handler.serialize_error)
    routes = [route for module in ROUTE_MODULES for route in module.routes(services)]
    for path, resource in routes + [('/openapi.json', OpenApi(services, routes))]:
        app.add_route(PREFIX + path, resource)
    return app


class Database:
    """Middleware: point broker_core at [database] when the first request arrives.

    Not in ``create_app``: a process has one broker database, and an app built only to
    check that it loads (broker-api before forking, front-end tests building an app per
    configuration) must not claim it.
    """

    def __init__(self, conf):
        self.conf = conf
        self._configured = False
        self._lock = threading.Lock()

    def process_request(self, req, resp):
        if self._configured:
            return
        with self._lock:
            db_api.configure(self.conf)
            self._configured = True


class BodyLimit:
    """Middleware: 413 for a body declared larger than [api] max_request_body_size."""

    def __init__(self, limit):
        self.limit = limit

    def process_request(self, req, resp):
        if req.content_length is not None and req.content_length > self.limit:
            raise falcon.HTTPContentTooLarge(
                description='The body may have at most %d bytes' % self.limit)


def _plain(value):
    """JSON for what broker_core renders besides plain values: times (UTC) and Decimals."""
    if isinstance(value, datetime.datetime):
        text = value.isoformat()
        return text + 'Z' if value.tzinfo is None else text
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError('%s is not JSON serializable' % type(value).__name__)


def _no_constant(name):
    raise ValueError('%s is not JSON' % name)
