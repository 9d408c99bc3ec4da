"""The CIMI falcon application mounted at ``/cimi``: routes, middleware and error handlers."""

import falcon

from iaas.api.cimi import errors as cimi_errors
from iaas.api.cimi import kinds as kinds_mod
from iaas.api.cimi import middleware
from iaas.api.cimi import resources
from iaas.api.cimi.resources import base
from iaas.api.cimi.resources import entry
from iaas.api.cimi.resources import metadata
from iaas.api.cimi import store as store_mod
from iaas.api.deltacloud import matrix


def build_kinds():
    """Every collection of :data:`resources.MODULES`, then resourceMetadata describing them."""
    kinds = kinds_mod.Kinds(module.KIND for module in resources.MODULES)
    kinds.add(metadata.ResourceMetadataKind(kinds))
    return kinds


def add_routes(app, kinds):
    app.add_route('/', entry.RootResource())
    app.add_route('/' + entry.ENTRY_POINT, entry.CloudEntryPointResource())
    for kind in kinds.all:
        base.add_routes(app, kind)
    for module in resources.MODULES:
        if hasattr(module, 'add_routes'):
            module.add_routes(app, module.KIND)


def create_app(conf, registry, store=None):
    """The ``/cimi`` WSGI application over the drivers of ``registry``."""
    store = store or store_mod.Store(store_mod.default_path(conf))
    kinds = build_kinds()
    app = falcon.App(middleware=[middleware.CimiMiddleware(conf, registry, store, kinds)])
    app.req_options.strip_url_path_trailing_slash = False
    cimi_errors.install(app, conf)
    add_routes(app, kinds)
    return matrix.MatrixParamsMiddleware(app)
