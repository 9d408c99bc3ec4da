"""The outbox: what every recorded event owes to receivers, written in the event's transaction."""

import datetime
import decimal
import fnmatch
import hashlib

import sqlalchemy as sa

from broker_core.db import models

KEY_LENGTH = 255
CALLBACK = 'callback'
# Cached per session: one query per transaction, however many events it records.
_CACHE_KEY = 'broker.webhook_subscriptions'
INSTANCE_FIELDS = ('id', 'name', 'state', 'provider_state', 'pool_id', 'account_id',
                   'owner_id', 'provider_instance_id', 'public_addresses',
                   'private_addresses', 'volumes', 'last_error', 'deleted_at')


def matches(event_types, pool_ids, event_type, pool_id):
    """Whether an event of ``event_type`` in ``pool_id`` passes a subscription's filters."""
    if pool_ids and pool_id not in pool_ids:
        return False
    return not event_types or any(fnmatch.fnmatchcase(event_type, pattern)
                                  for pattern in event_types)


def enqueue(context, event):
    """Add the deliveries ``event`` (an Event row, flushed) owes; returns how many.

    ``broker_core.events.record`` calls ``enqueue`` right after it adds an event, so an event
    and its deliveries are committed together or not at all: nothing is sent for a change
    that was rolled back, and nothing is lost when a process dies after the commit. The
    dispatcher (``dispatcher.py``) sends them later, at least once and in order per receiver
    and object (``ordering_key``).

    An event is owed to every enabled subscription whose filters it passes (the notification
    channel included) and, for an instance event, to the callback URL given at launch.
    """
    instance = _instance_of(context, event)
    targets = [(row.id, None, row.kind) for row in _subscriptions(context)
               if matches(row.event_types, row.pool_ids, event.type, event.pool_id)]
    if instance is not None and instance.callback_url:
        targets.append((None, instance.callback_url, CALLBACK))
    if not targets:
        return 0
    payload = build_payload(event, instance)
    for subscription_id, url, kind in targets:
        receiver = CALLBACK if subscription_id is None else '%s:%s' % (kind, subscription_id)
        context.session.add(models.WebhookDelivery(
            instance_id=instance.id if instance is not None else None,
            subscription_id=subscription_id, event_id=event.id, event_type=event.type,
            ordering_key=ordering_key(receiver, event), url=url, payload=payload,
            status='pending', attempts=0, next_attempt_at=event.timestamp))
    return len(targets)


def forget_subscriptions(context):
    """Drop this transaction's cached subscriptions (after one was written)."""
    context.session.info.pop(_CACHE_KEY, None)


def ordering_key(receiver, event):
    """Deliveries of one receiver about one object share a key and go out in event order.

    An event about no object orders with nothing: its key is its own.
    """
    if event.object_id is None:
        key = '%s|event:%s' % (receiver, event.id)
    else:
        key = '%s|%s:%s' % (receiver, event.object_type, event.object_id)
    if len(key) > KEY_LENGTH:
        key = '%s|sha256:%s' % (receiver, hashlib.sha256(key.encode('utf-8')).hexdigest())
    return key


def build_payload(event, instance=None):
    """The JSON document sent for ``event``; the delivery id is added when it is sent."""
    payload = {'event': plain({
        'id': event.id, 'type': event.type, 'timestamp': event.timestamp,
        'object_type': event.object_type, 'object_id': event.object_id,
        'pool_id': event.pool_id, 'account_id': event.account_id, 'outcome': event.outcome,
        'actor_id': event.actor_id, 'request_id': event.request_id,
        'details': dict(event.details or {})})}
    if instance is not None:
        payload['instance'] = plain({field: getattr(instance, field)
                                     for field in INSTANCE_FIELDS})
    return payload


def plain(value):
    """``value`` with times as ISO 8601 UTC text and Decimals as strings: plain JSON."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat() + ('Z' if value.tzinfo is None else '')
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _subscriptions(context):
    cached = context.session.info.get(_CACHE_KEY)
    if cached is None:
        subscription = models.WebhookSubscription
        cached = context.session.execute(
            sa.select(subscription.id, subscription.kind, subscription.event_types,
                      subscription.pool_ids).where(subscription.enabled.is_(True))).all()
        context.session.info[_CACHE_KEY] = cached
    return cached


def _instance_of(context, event):
    if event.object_type != 'instance' or not event.object_id:
        return None
    # Usually in the session already: the change that made the event loaded it.
    return context.session.get(models.Instance, event.object_id)
