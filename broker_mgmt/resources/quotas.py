"""Quota limits per scope (user, group, pool, account) and what each scope has in use."""

from broker_core import quotas
from broker_mgmt import operations as ops
from broker_mgmt.resources import base
from broker_mgmt import schemas as s

SCOPE_TYPE = {'type': 'string', 'enum': list(quotas.SCOPE_TYPES)}
COUNT_LIMIT = {'type': ['integer', 'null'], 'minimum': 0, 'exclusiveMaximum': 2 ** 31}
LIMIT_SCHEMAS = {resource: COUNT_LIMIT if resource in quotas.COUNTED else s.nullable(s.MONEY)
                 for resource in quotas.RESOURCES}
LIMITS = s.obj(LIMIT_SCHEMAS, description='null is unlimited; resources left out keep theirs')
KIND = base.Kind(
    'quota', 'quotas', key='scope_id',
    schema=s.record({'scope_type': s.STRING, 'scope_id': s.ID,
                     'limits': s.record(LIMIT_SCHEMAS, timestamps=False)}, timestamps=False),
    filters=(ops.Param('scope_type', SCOPE_TYPE, 'only quotas of this kind of scope'),))
QUOTA_BODY = s.obj({'limits': LIMITS}, required=['limits'])
AMOUNTS = s.record({'limit': s.nullable(s.NUMBER), 'in_use': s.NUMBER}, timestamps=False)
USAGE = s.record({'scope_type': s.STRING, 'scope_id': s.ID,
                  'resources': s.record({resource: AMOUNTS for resource in quotas.RESOURCES},
                                        timestamps=False)}, timestamps=False)
PATH = {'scope_type': SCOPE_TYPE}


class Quotas(base.Collection):
    kind = KIND
    operations = KIND.collection_operations()

    def fetch_all(self, caller, query):
        return quotas.list_limits(caller, scope_type=query.get('scope_type'))


class Quota(base.Deletable, base.Item):
    """A scope's limits; PUT sets the limits given, DELETE drops them all."""

    kind = KIND
    path_params = PATH
    operations = dict(KIND.item_operations(), PUT=ops.Operation(
        "Set some of a scope's limits", response=KIND.schema, body=QUOTA_BODY, etag=True,
        conditional=True))

    def on_put(self, req, resp, scope_type, scope_id):
        caller = req.context.caller
        ops.check_if_match(req, self.current(req, {'scope_type': scope_type,
                                                   'scope_id': scope_id}))
        ops.render_item(resp, KIND.schema, quotas.set_limits(
            caller, scope_type, scope_id, req.context.body['limits']))

    def fetch(self, caller, scope_type, scope_id):
        return quotas.get_limits(caller, scope_type, scope_id)

    def remove(self, caller, scope_type, scope_id):
        quotas.delete_limits(caller, scope_type, scope_id)


class Usage(ops.Resource):
    tag = 'quotas'
    path_params = PATH
    operations = {'GET': ops.Operation(
        'Limits and amounts in use of every resource of a scope', response=USAGE)}

    def on_get(self, req, resp, scope_type, scope_id):
        ops.render(resp, USAGE, quotas.usage(req.context.caller, scope_type, scope_id,
                                             defaults=quotas.defaults_from(self.conf)))


def routes(services):
    return [('/quotas', Quotas(services)),
            ('/quotas/{scope_type}/{scope_id}', Quota(services)),
            ('/quotas/{scope_type}/{scope_id}/usage', Usage(services))]
