"""The Deltacloud falcon application: routes, middleware and error handlers."""

import falcon

from iaas.api.deltacloud import errors as api_errors
from iaas.api.deltacloud import matrix
from iaas.api.deltacloud.resources import base
from iaas.api.deltacloud.resources import blobs
from iaas.api.deltacloud.resources import entry
from iaas.api.deltacloud.resources import firewalls
from iaas.api.deltacloud import session
from iaas import collections

# How each member action answers (Deltacloud's status codes and body shapes).
ACTION_RESPONSES = {
    ('instances', 'start'): base.accepted_unwrapped,
    ('instances', 'stop'): base.accepted_unwrapped,
    ('instances', 'reboot'): base.accepted_unwrapped,
    ('storage_volumes', 'attach'): base.accepted_wrapped,
    ('storage_volumes', 'detach'): base.accepted_wrapped,
    ('addresses', 'associate'): base.accepted_empty,
    ('addresses', 'disassociate'): base.accepted_empty,
    ('load_balancers', 'register'): base.ok_show,
    ('load_balancers', 'unregister'): base.ok_show,
}
# Actions whose URL segment is not the action's name.
ACTION_PATHS = {('firewalls', 'create_rule'): 'rules'}
ACTION_RESPONSES[('firewalls', 'create_rule')] = base.created_show


def add_routes(app, conf, registry):
    app.add_route('/api', entry.ApiResource())
    app.add_route('/api/drivers', entry.DriversResource(registry))
    app.add_route('/api/drivers/{driver_id}', entry.DriverResource(registry))
    app.add_route('/api/instance_states', entry.InstanceStatesResource())
    for collection in collections.COLLECTIONS.values():
        if collection.parent:
            continue
        path = '/api/' + collection.name
        app.add_route(path, base.collection_resource(collection.name))
        if collection.name == 'buckets':
            app.add_route(path + '/{object_id}', blobs.BucketResource())
        else:
            app.add_route(path + '/{object_id}', base.member_resource(collection.name))
        for action in collection.actions:
            respond = ACTION_RESPONSES.get((collection.name, action))
            if respond is None:
                continue
            segment = ACTION_PATHS.get((collection.name, action), action)
            app.add_route('%s/{object_id}/%s' % (path, segment),
                          base.ActionResource(collection.name, action, respond))
    app.add_route('/api/firewalls/{object_id}/{rule_id}', firewalls.RuleResource())
    app.add_route('/api/buckets/{object_id}/{blob_id}', blobs.BlobResource(conf))
    app.add_route('/api/buckets/{object_id}/{blob_id}/content', blobs.BlobContentResource())


def create_app(conf, registry):
    """The ``/api`` WSGI application over the drivers of ``registry``."""
    app = falcon.App(middleware=[session.SessionMiddleware(conf, registry)],
                     media_type=falcon.MEDIA_XML)
    app.req_options.strip_url_path_trailing_slash = False
    api_errors.install(app, conf)
    add_routes(app, conf, registry)
    return matrix.MatrixParamsMiddleware(app)
