"""Webhook subscriptions: a receiver URL, its write-only secret, event type and pool filters."""

import logging
import re

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core.db.models import webhooks as webhook_models
from broker_core import errors
from broker_core import events
from broker_core import policy
from broker_core import validation as check
from broker_core.webhooks import outbox
from broker_core.webhooks import urls

LOG = logging.getLogger(__name__)

UNSET = check.UNSET
KIND = 'webhook'
WEBHOOK, NOTIFICATION = webhook_models.KINDS
SECRET_MIN, SECRET_MAX = 16, 256
MAX_FILTERS = 50
# "instance.state_changed", "instance.*", "*": event types and shell-style patterns of them.
EVENT_TYPE_PATTERN = re.compile(r'^[a-z*][a-z0-9_.*]{0,63}$')


def render(row):
    """The plain-value form of a subscription; ``secret_set`` instead of the secret."""
    data = {'id': row.id, 'url': row.url, 'description': row.description,
            'event_types': list(row.event_types or []), 'pool_ids': list(row.pool_ids or []),
            'enabled': row.enabled, 'secret_set': bool(row.secret)}
    data.update(helpers.timestamps(row))
    return data


def check_secret(secret):
    if not isinstance(secret, str) or not SECRET_MIN <= len(secret) <= SECRET_MAX:
        raise errors.Invalid(field='secret', reason='a string of %d to %d characters is '
                                                    'required' % (SECRET_MIN, SECRET_MAX))
    return secret


def _check_event_types(value):
    value = check.string_list('event_types', value or [])
    if len(value) > MAX_FILTERS:
        raise errors.Invalid(field='event_types', reason='at most %d entries' % MAX_FILTERS)
    for pattern in value:
        if not EVENT_TYPE_PATTERN.match(pattern):
            raise errors.Invalid(field='event_types',
                                 reason="'%s' is no event type or pattern" % pattern)
    return value


def _check_pool_ids(context, value):
    value = check.string_list('pool_ids', value or [])
    if len(value) > MAX_FILTERS:
        raise errors.Invalid(field='pool_ids', reason='at most %d entries' % MAX_FILTERS)
    for pool_id in value:
        helpers.get_or_raise(context, models.Pool, pool_id, 'pool')
    return value


def _fields(context, broker, url, secret, event_types, pool_ids, description, enabled):
    fields = {}
    if url is not UNSET:
        fields['url'] = urls.check_url('url', url, broker.conf)
    if secret is not UNSET:
        fields['secret'] = broker.cipher.encrypt({'secret': check_secret(secret)})
    if event_types is not UNSET:
        fields['event_types'] = _check_event_types(event_types)
    if pool_ids is not UNSET:
        fields['pool_ids'] = _check_pool_ids(context, pool_ids)
    if description is not UNSET:
        fields['description'] = check.text('description', description)
    if enabled is not UNSET:
        fields['enabled'] = check.boolean('enabled', enabled)
    return fields


@db_api.writer
def create_subscription(context, broker, url, secret, *, event_types=None, pool_ids=None,
                        description=None, enabled=True):
    """A new webhook subscription; its secret is stored encrypted and never shown again.

    The secret is encrypted at rest with the broker's credential cipher and never rendered;
    it signs every delivery (see ``signing``). A subscription's events are matched when they
    are recorded (``outbox.enqueue``), so a change applies to the events recorded after it.
    """
    policy.authorize(context, 'webhook:create')
    row = models.WebhookSubscription(kind=WEBHOOK, **_fields(
        context, broker, url, secret, event_types, pool_ids, description, enabled))
    context.session.add(row)
    context.session.flush()
    outbox.forget_subscriptions(context)
    events.record(context, 'webhook.create', KIND, row.id, details=_summary(row))
    LOG.info('Created webhook subscription %s', row.id)
    return render(row)


@db_api.reader
def get_subscription(context, subscription_id):
    policy.authorize(context, 'webhook:read')
    return render(_get(context, subscription_id))


@db_api.reader
def list_subscriptions(context, enabled=None):
    """Webhook subscriptions, oldest first (the notification channel is not one of them)."""
    policy.authorize(context, 'webhook:read')
    subscription = models.WebhookSubscription
    statement = sa.select(subscription).where(subscription.kind == WEBHOOK).order_by(
        subscription.created_at, subscription.id)
    if enabled is not None:
        statement = statement.where(subscription.enabled == check.boolean('enabled', enabled))
    return [render(row) for row in context.session.scalars(statement)]


@db_api.writer
def update_subscription(context, broker, subscription_id, *, url=UNSET, secret=UNSET,
                        event_types=UNSET, pool_ids=UNSET, description=UNSET, enabled=UNSET):
    """Change the given fields; deliveries already in the outbox go to the new URL."""
    policy.authorize(context, 'webhook:update')
    row = _get(context, subscription_id)
    changes = _fields(context, broker, url, secret, event_types, pool_ids, description,
                      enabled)
    for field, value in changes.items():
        setattr(row, field, value)
    context.session.flush()
    outbox.forget_subscriptions(context)
    events.record(context, 'webhook.update', KIND, row.id,
                  details={'changed': sorted(changes)})
    return render(row)


@db_api.writer
def delete_subscription(context, subscription_id):
    """Delete a subscription with its undelivered deliveries and its delivery log."""
    policy.authorize(context, 'webhook:delete')
    row = _get(context, subscription_id)
    context.session.delete(row)
    context.session.flush()
    outbox.forget_subscriptions(context)
    events.record(context, 'webhook.delete', KIND, subscription_id)
    LOG.info('Deleted webhook subscription %s', subscription_id)


@db_api.reader
def secret_of(context, broker, subscription_id):
    """The decrypted secret, for the dispatcher that signs; never render it."""
    row = _get(context, subscription_id, kind=None)
    return None if row.secret is None else broker.cipher.decrypt(row.secret)['secret']


@db_api.writer
def set_notification_channel(context, enabled):
    """Keep the notification channel's row while notifications are on; True if it changed.

    The state service calls it at start-up with what [oslo_messaging_notifications] says.
    """
    subscription = models.WebhookSubscription
    rows = context.session.scalars(sa.select(subscription).where(
        subscription.kind == NOTIFICATION)).all()
    if enabled and not rows:
        context.session.add(models.WebhookSubscription(kind=NOTIFICATION, enabled=True))
    elif not enabled and rows:
        for row in rows:
            context.session.delete(row)
    else:
        return False
    context.session.flush()
    outbox.forget_subscriptions(context)
    return True


def _get(context, subscription_id, kind=WEBHOOK):
    row = helpers.get_or_raise(context, models.WebhookSubscription, subscription_id,
                               'webhook subscription')
    if kind is not None and row.kind != kind:
        raise errors.ObjectNotFound(kind='webhook subscription', ident=subscription_id)
    return row


def _summary(row):
    return {'url': row.url, 'event_types': row.event_types, 'pool_ids': row.pool_ids,
            'enabled': row.enabled}
