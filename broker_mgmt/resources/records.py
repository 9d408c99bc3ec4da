"""Instance records of every user (as far as the caller may see) and the broker's history."""

from broker_core import events
from broker_core import instances
from broker_core import policy
from broker_core import records
from broker_mgmt import operations as ops
from broker_mgmt.resources import base
from broker_mgmt import schemas as s

NULLABLE_ID = s.nullable(s.ID)
NULLABLE_TEXT = s.TEXT
WHEN = s.nullable(s.TIMESTAMP)
INSTANCE = base.Kind(
    'instance', 'instances',
    schema=s.record({
        'id': s.ID, 'name': NULLABLE_TEXT, 'owner_id': s.ID, 'pool_id': NULLABLE_ID,
        'account_id': NULLABLE_ID, 'state': s.STRING, 'provider_instance_id': NULLABLE_TEXT,
        'provider_realm_id': NULLABLE_TEXT, 'provider_state': NULLABLE_TEXT,
        'provider_image_id': NULLABLE_TEXT, 'provider_hardware_profile_id': NULLABLE_TEXT,
        'image_id': NULLABLE_ID, 'hardware_profile_id': NULLABLE_ID, 'key_id': NULLABLE_ID,
        'hardware': s.OBJECT, 'vcpus': s.INTEGER, 'memory_mb': s.INTEGER,
        'storage_gb': s.INTEGER, 'cost_per_hour': s.nullable(s.NUMBER),
        'firewall_ids': s.STRINGS, 'public_addresses': s.STRINGS,
        'private_addresses': s.STRINGS, 'volumes': {'type': 'array'},
        'last_error': NULLABLE_TEXT, 'launched_at': WHEN, 'state_checked_at': WHEN,
        'deleted_at': WHEN}),
    filters=(ops.Param('user_id', s.ID, 'only instances of this owner'),
             ops.Param('pool_id', s.ID, 'only instances in this pool'),
             ops.Param('account_id', s.ID, 'only instances in this account'),
             ops.Param('state', {'type': 'string', 'enum': sorted(records.STATES)},
                       'only instances in this state'),
             ops.Param('include_deleted', s.BOOLEAN, 'also deleted instances')))
EVENT = s.record({
    'id': s.INTEGER, 'timestamp': s.TIMESTAMP, 'type': s.STRING, 'actor_id': NULLABLE_ID,
    'actor_name': NULLABLE_TEXT, 'request_id': NULLABLE_TEXT, 'object_type': NULLABLE_TEXT,
    'object_id': NULLABLE_TEXT, 'pool_id': NULLABLE_ID, 'account_id': NULLABLE_ID,
    'outcome': s.STRING, 'details': s.OBJECT}, timestamps=False)
EVENT_FILTERS = (
    ops.Param('since', s.TIMESTAMP, 'events at or after this time'),
    ops.Param('until', s.TIMESTAMP, 'events before this time'),
    ops.Param('type', s.STRING, "one type of event, such as 'pool.create'"),
    ops.Param('object_type', s.STRING, "events about one kind of object, such as 'pool'"),
    ops.Param('object_id', s.STRING, 'events about one object'),
    ops.Param('user_id', s.ID, 'events caused by this user'),
    ops.Param('pool_id', s.ID, 'events of this pool'),
    ops.Param('account_id', s.ID, 'events of this account'),
)
EVENT_PAGE = (ops.LIMIT, ops.Param(
    'marker', dict(s.INTEGER, minimum=1, maximum=events.MAX_ID),
    'id of the last event of the previous page'))


class Instances(base.Collection):
    kind = INSTANCE
    operations = INSTANCE.collection_operations()

    def fetch_all(self, caller, query):
        return instances.list_instances(
            caller, owner_id=query.get('user_id'), pool_id=query.get('pool_id'),
            account_id=query.get('account_id'), state=query.get('state'),
            include_deleted=query.get('include_deleted', False))


class Instance(base.Item):
    kind = INSTANCE
    operations = INSTANCE.item_operations(delete=False)

    def fetch(self, caller, instance_id):
        return instances.get(caller, instance_id, include_deleted=True)


class Events(ops.Resource):
    """The history, newest first; users see their own, pool admins and viewers their pools'."""

    tag = 'events'
    operations = {'GET': ops.Operation(
        'Events matching every filter given, newest first',
        response=s.listing('events', EVENT), query=EVENT_FILTERS + EVENT_PAGE)}

    def on_get(self, req, resp):
        caller, query = req.context.caller, dict(req.context.query)
        policy.authorize(caller, 'event:read', {'owner_id': query.get('user_id'),
                                                'pool_id': query.get('pool_id')})
        limit = query.pop('limit', ops.DEFAULT_LIMIT)
        found = [s.project(EVENT, event) for event in events.query(caller, limit=limit, **query)]
        resp.media = ops.page_body(req, resp, 'events', found, more=len(found) == limit)


def routes(services):
    return [('/instances', Instances(services)),
            ('/instances/{instance_id}', Instance(services)),
            ('/events', Events(services))]
