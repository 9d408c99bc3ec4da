"""Deliveries out of the outbox: claimed by one dispatcher, answered, retried, logged."""

import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db.models import base as models_base
from broker_core.db.models import webhooks as webhook_models
from broker_core import errors
from broker_core import policy

PENDING, DELIVERED, FAILED = webhook_models.DELIVERY_STATES
ERROR_LENGTH = 2000
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


def _due(now, limit):
    delivery, earlier = models.WebhookDelivery, orm.aliased(models.WebhookDelivery)
    blocked = sa.exists().where(earlier.ordering_key == delivery.ordering_key,
                                earlier.status == PENDING, earlier.event_id < delivery.event_id)
    return (sa.select(delivery.id).where(
        delivery.status == PENDING, delivery.next_attempt_at <= now,
        sa.or_(delivery.lease_until.is_(None), delivery.lease_until < now), ~blocked)
        .order_by(delivery.event_id, delivery.id).limit(limit))


@db_api.writer
def claim_due(context, worker, limit, lease_seconds, now=None):
    """Claim up to ``limit`` due deliveries for ``worker``; what to send, as dicts.

    A dispatcher claims the deliveries that are due and first in their order (no earlier
    pending delivery with the same ordering key) by setting a lease with a conditional
    UPDATE, which only one dispatcher can win: two never send the same delivery at once. A
    dispatcher that dies leaves its claims to others once their lease has passed, so a
    delivery may be sent twice (at least once), never skipped.
    """
    now = now or models_base.utcnow()
    delivery = models.WebhookDelivery
    lease = now + datetime.timedelta(seconds=lease_seconds)
    claimed = []
    for delivery_id in context.session.scalars(_due(now, limit)).all():
        won = context.session.execute(
            sa.update(delivery).where(
                delivery.id == delivery_id, delivery.status == PENDING,
                sa.or_(delivery.lease_until.is_(None), delivery.lease_until < now))
            .values(lease_until=lease, claimed_by=worker)
            .execution_options(synchronize_session=False))
        if won.rowcount == 1:
            claimed.append(delivery_id)
    return [_to_send(row) for row in _load(context, claimed)]


def _load(context, ids):
    if not ids:
        return []
    delivery = models.WebhookDelivery
    statement = sa.select(delivery).where(delivery.id.in_(ids)).options(
        orm.joinedload(delivery.subscription)).order_by(delivery.event_id, delivery.id)
    return context.session.scalars(statement).unique().all()


def _to_send(row):
    subscription = row.subscription
    return {'id': row.id, 'event_id': row.event_id, 'event_type': row.event_type,
            'subscription_id': row.subscription_id,
            'kind': subscription.kind if subscription is not None else 'callback',
            'url': subscription.url if subscription is not None else row.url,
            'secret_token': subscription.secret if subscription is not None else None,
            'payload': dict(row.payload or {}), 'attempts': row.attempts}


@db_api.writer
def record_attempt(context, delivery_id, *, started_at, duration_ms, status_code=None,
                   error=None, delivered=False, retry_at=None):
    """Log one attempt and move the delivery on; returns the outcome logged.

    Delivered; retried at ``retry_at``; or, neither, given up.
    """
    row = context.session.get(models.WebhookDelivery, delivery_id)
    if row is None:
        return None  # its subscription was deleted meanwhile
    row.attempts += 1
    row.last_status_code = status_code
    row.last_error = None if error is None else str(error)[:ERROR_LENGTH]
    row.lease_until, row.claimed_by = None, None
    now = models_base.utcnow()
    if delivered or row.status == DELIVERED:
        outcome, row.status, row.delivered_at = 'delivered', DELIVERED, row.delivered_at or now
    elif retry_at is not None:
        outcome, row.next_attempt_at = 'retry', retry_at
    else:
        outcome, row.status, row.gave_up_at = 'failed', FAILED, now
    context.session.add(models.WebhookAttempt(
        delivery_id=row.id, subscription_id=row.subscription_id, attempt=row.attempts,
        started_at=started_at, duration_ms=int(duration_ms), status_code=status_code,
        outcome=outcome, error=row.last_error))
    context.session.flush()
    return outcome


def render(row):
    return {'id': row.id, 'subscription_id': row.subscription_id, 'event_id': row.event_id,
            'event_type': row.event_type, 'instance_id': row.instance_id,
            'status': row.status, 'attempts': row.attempts,
            'next_attempt_at': row.next_attempt_at, 'last_status_code': row.last_status_code,
            'last_error': row.last_error, 'delivered_at': row.delivered_at,
            'gave_up_at': row.gave_up_at, 'created_at': row.created_at,
            'updated_at': row.updated_at}


def render_attempt(row):
    return {'id': row.id, 'delivery_id': row.delivery_id, 'attempt': row.attempt,
            'started_at': row.started_at, 'duration_ms': row.duration_ms,
            'status_code': row.status_code, 'outcome': row.outcome, 'error': row.error}


@db_api.reader
def list_deliveries(context, subscription_id=None, *, channel=None, status=None,
                    instance_id=None, limit=DEFAULT_LIMIT):
    """A subscription's deliveries, or those of a ``channel``, newest first.

    The channels are 'callback' (the launch callbacks) and 'notification' (the bus).
    """
    policy.authorize(context, 'webhook:read')
    delivery = models.WebhookDelivery
    statement = sa.select(delivery).order_by(delivery.event_id.desc(), delivery.id).limit(
        _check_limit(limit))
    if channel == 'callback':
        statement = statement.where(delivery.subscription_id.is_(None))
    elif channel == 'notification':
        statement = statement.join(delivery.subscription).where(
            models.WebhookSubscription.kind == 'notification')
    elif channel is None:
        _require_subscription(context, subscription_id)
        statement = statement.where(delivery.subscription_id == subscription_id)
    else:
        raise errors.Invalid(field='channel', reason='callback or notification')
    if status is not None:
        if status not in webhook_models.DELIVERY_STATES:
            raise errors.Invalid(field='status', reason='one of %s'
                                 % ', '.join(webhook_models.DELIVERY_STATES))
        statement = statement.where(delivery.status == status)
    if instance_id is not None:
        statement = statement.where(delivery.instance_id == instance_id)
    return [render(row) for row in context.session.scalars(statement)]


@db_api.reader
def list_attempts(context, subscription_id=None, *, delivery_id=None, limit=DEFAULT_LIMIT):
    """The delivery log of a subscription (or of one delivery), newest first."""
    policy.authorize(context, 'webhook:read')
    attempt = models.WebhookAttempt
    statement = sa.select(attempt).order_by(attempt.id.desc()).limit(_check_limit(limit))
    if subscription_id is not None:
        _require_subscription(context, subscription_id)
        statement = statement.where(attempt.subscription_id == subscription_id)
    if delivery_id is not None:
        statement = statement.where(attempt.delivery_id == delivery_id)
    return [render_attempt(row) for row in context.session.scalars(statement)]


def _require_subscription(context, subscription_id):
    row = context.session.get(models.WebhookSubscription, subscription_id) \
        if isinstance(subscription_id, str) else None
    if row is None or row.kind != 'webhook':
        raise errors.ObjectNotFound(kind='webhook subscription', ident=subscription_id)


def _check_limit(limit):
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise errors.Invalid(field='limit', reason='an integer from 1 to %d' % MAX_LIMIT)
    return limit
