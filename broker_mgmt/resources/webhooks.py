"""Webhook subscriptions (write-only secrets), their delivery log, and the callbacks' log."""

from broker_core.webhooks import deliveries
from broker_core.webhooks import subscriptions
from broker_mgmt import operations as ops
from broker_mgmt.resources import base
from broker_mgmt.resources import providers as provider_resources
from broker_mgmt import schemas as s

WHEN = s.nullable(s.TIMESTAMP)
URL = {'type': 'string', 'minLength': 1, 'maxLength': 2048,
       'pattern': r'^[Hh][Tt][Tt][Pp][Ss]?://\S+$',
       'description': "an http or https URL; never one of the broker's own management API"}
SECRET = {'type': 'string', 'minLength': subscriptions.SECRET_MIN,
          'maxLength': subscriptions.SECRET_MAX, 'format': 'password', 'writeOnly': True,
          'description': 'write-only: signs every delivery (X-Broker-Signature: sha256=<hex '
                         'HMAC-SHA256 of the raw body>); never shown by any response'}
EVENT_TYPES = {'type': 'array', 'maxItems': subscriptions.MAX_FILTERS, 'uniqueItems': True,
               'items': {'type': 'string', 'pattern': subscriptions.EVENT_TYPE_PATTERN.pattern,
                         'description': "an event type or a pattern, such as 'instance.*'"},
               'description': 'events sent; empty: every event'}
POOL_IDS = {'type': 'array', 'maxItems': subscriptions.MAX_FILTERS, 'uniqueItems': True,
            'items': s.ID, 'description': 'only events of these pools; empty: every event'}
_FIELDS = {'url': URL, 'description': s.TEXT, 'event_types': EVENT_TYPES,
           'pool_ids': POOL_IDS, 'enabled': s.BOOLEAN}
KIND = base.Kind(
    'webhook subscription', 'webhooks',
    schema=s.record(dict(_FIELDS, id=s.ID, url=s.STRING, event_types=s.STRINGS,
                         pool_ids=s.STRINGS, secret_set=s.BOOLEAN)),
    create=s.obj(dict(_FIELDS, secret=SECRET), required=['url', 'secret']),
    update=s.obj(dict(_FIELDS, secret=SECRET)),
    filters=(provider_resources.ENABLED,))
STATUS = {'type': 'string', 'enum': ['pending', 'delivered', 'failed']}
DELIVERY = base.Kind(
    'delivery', 'deliveries',
    schema=s.record({
        'id': s.ID, 'subscription_id': s.nullable(s.ID), 'event_id': s.nullable(s.INTEGER),
        'event_type': s.TEXT, 'instance_id': s.nullable(s.ID), 'status': STATUS,
        'attempts': s.INTEGER, 'next_attempt_at': s.TIMESTAMP,
        'last_status_code': s.nullable(s.INTEGER), 'last_error': s.TEXT,
        'delivered_at': WHEN, 'gave_up_at': WHEN}),
    filters=(ops.Param('status', STATUS, 'only deliveries in this state'),
             ops.Param('instance_id', s.ID, 'only deliveries about this instance')))
ATTEMPT = base.Kind(
    'delivery attempt', 'attempts',
    schema=s.record({
        'id': s.INTEGER, 'delivery_id': s.ID, 'attempt': s.INTEGER,
        'started_at': s.TIMESTAMP, 'duration_ms': s.INTEGER,
        'status_code': s.nullable(s.INTEGER),
        'outcome': {'type': 'string', 'enum': ['delivered', 'retry', 'failed']},
        'error': s.TEXT}, timestamps=False),
    filters=(ops.Param('delivery_id', s.ID, 'only the attempts of this delivery'),))
CHANNEL = ops.Param('channel', {'type': 'string', 'enum': ['callback', 'notification']},
                    'callback (the default): the POSTs to launch callback URLs; '
                    'notification: the oslo.messaging notifications')
# The newest deliveries and attempts a listing pages through.
NEWEST = deliveries.MAX_LIMIT


class Webhooks(base.Creatable, base.Collection):
    kind = KIND
    operations = KIND.collection_operations()

    def fetch_all(self, caller, query):
        return subscriptions.list_subscriptions(caller, enabled=query.get('enabled'))

    def make(self, caller, body):
        with ops.references(pool='pool_ids'):
            return subscriptions.create_subscription(caller, self.broker, **body)


class Webhook(base.Changeable, base.Deletable, base.Item):
    kind = KIND
    operations = KIND.item_operations()

    def fetch(self, caller, webhook_id):
        return subscriptions.get_subscription(caller, webhook_id)

    def change(self, caller, body, webhook_id):
        with ops.references(pool='pool_ids'):
            return subscriptions.update_subscription(caller, self.broker, webhook_id, **body)

    def remove(self, caller, webhook_id):
        subscriptions.delete_subscription(caller, webhook_id)


class Deliveries(base.Collection):
    """A subscription's deliveries, newest first: status, attempts, the last answer."""

    kind = DELIVERY
    tag = 'webhooks'
    operations = DELIVERY.collection_operations()

    def fetch_all(self, caller, query, webhook_id):
        return deliveries.list_deliveries(caller, webhook_id, status=query.get('status'),
                                          instance_id=query.get('instance_id'),
                                          limit=NEWEST)


class Attempts(base.Collection):
    """The delivery log of a subscription, newest first: every POST and its answer."""

    kind = ATTEMPT
    tag = 'webhooks'
    operations = ATTEMPT.collection_operations()

    def fetch_all(self, caller, query, webhook_id):
        return deliveries.list_attempts(caller, webhook_id,
                                        delivery_id=query.get('delivery_id'), limit=NEWEST)


class ChannelDeliveries(base.Collection):
    """Deliveries that belong to no subscription: launch callbacks, notifications."""

    kind = base.Kind('delivery', 'deliveries', DELIVERY.schema,
                     filters=(CHANNEL,) + DELIVERY.filters)
    tag = 'webhooks'
    operations = kind.collection_operations()

    def fetch_all(self, caller, query):
        return deliveries.list_deliveries(caller, channel=query.get('channel', 'callback'),
                                          status=query.get('status'),
                                          instance_id=query.get('instance_id'), limit=NEWEST)


def routes(services):
    return [('/webhooks', Webhooks(services)),
            ('/webhooks/{webhook_id}', Webhook(services)),
            ('/webhooks/{webhook_id}/deliveries', Deliveries(services)),
            ('/webhooks/{webhook_id}/attempts', Attempts(services)),
            ('/webhook_deliveries', ChannelDeliveries(services))]
