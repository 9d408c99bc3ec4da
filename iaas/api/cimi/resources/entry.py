"""``GET /cimi`` (a redirect) and ``/cimi/cloudEntryPoint``: what this cloud offers."""

import falcon

from iaas.api.cimi import documents
from iaas.api.cimi import render

# DSP0263's order of the cloudEntryPoint's collection attributes.
ENTRY_ORDER = (
    'resourceMetadata', 'systems', 'systemTemplates', 'machines', 'machineTemplates',
    'machineConfigs', 'machineImages', 'credentials', 'credentialTemplates', 'volumes',
    'volumeTemplates', 'volumeConfigs', 'volumeImages', 'networks', 'networkTemplates',
    'networkConfigs', 'networkPorts', 'networkPortTemplates', 'networkPortConfigs',
    'addresses', 'addressTemplates', 'forwardingGroups', 'forwardingGroupTemplates', 'jobs',
    'meters', 'meterTemplates', 'meterConfigs', 'eventLogs', 'eventLogTemplates')
ENTRY_POINT = 'cloudEntryPoint'


def _position(entry_key):
    return ENTRY_ORDER.index(entry_key) if entry_key in ENTRY_ORDER else len(ENTRY_ORDER)


class RootResource:
    """``GET /cimi``: 303 to the entry point, the one URL a CIMI client is given."""

    negotiates = False

    def on_get(self, req, resp):
        resp.status = falcon.HTTP_303
        resp.location = req.context.cimi.hrefs.collection(ENTRY_POINT)

    on_head = on_get


class CloudEntryPointResource:
    """The entry point: baseURI and a reference to each collection the driver supports."""

    def on_get(self, req, resp):
        ctx = req.context.cimi
        session = ctx.session
        collections = {}
        for kind in ctx.kinds.supported(ctx):
            if kind.entry_key is None:  # a sub-collection, reached through its parent
                continue
            collections[kind.entry_key] = documents.ref(ctx.hrefs.collection(kind.segment))
        doc = documents.resource(
            'CloudEntryPoint', ctx.hrefs.collection(ENTRY_POINT), name=session.driver_name,
            description='Cloud Entry Point of the %s driver%s' % (
                session.driver_name,
                ", provider '%s'" % session.provider if session.provider else ''))
        doc['baseURI'] = ctx.hrefs.base_uri
        for key in sorted(collections, key=_position):
            doc[key] = collections[key]
        render.document(req, resp, 'CloudEntryPoint', doc)

    on_head = on_get
