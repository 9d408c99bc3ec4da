"""Webhook subscriptions and the outbox: deliveries owed to receivers and every attempt made."""

import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from broker_core.db.models import base
from broker_core.db.models import history

URL_LENGTH = 2048
# A webhook POSTs to its URL; the notification channel publishes on the message bus.
KINDS = ('webhook', 'notification')
DELIVERY_STATES = ('pending', 'delivered', 'failed')
ATTEMPT_OUTCOMES = ('delivered', 'retry', 'failed')


class WebhookSubscription(base.Base, base.HasId, base.HasTimestamps):
    """Who wants which events: a URL with its signing secret, event type and pool filters.

    The one row of kind ``notification`` stands for the oslo.messaging notifier: the state
    service keeps it there while notifications are switched on, so every process writing
    events puts the notifications into the outbox too, in the event's transaction.
    """

    __tablename__ = 'webhook_subscriptions'
    __table_args__ = base.table_args(base.one_of('kind', KINDS))

    kind: orm.Mapped[str] = orm.mapped_column(sa.String(16), default='webhook')
    url: orm.Mapped[str | None] = orm.mapped_column(sa.String(URL_LENGTH))
    # A Fernet token of {"secret": ...} (broker_core.crypto); never shown to anyone.
    secret: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    # Event type patterns ("instance.*"); empty: every event.
    event_types: orm.Mapped[list] = base.json_bag(default=list)
    # Pools whose events are sent; empty: events of every pool and of none.
    pool_ids: orm.Mapped[list] = base.json_bag(default=list)
    enabled: orm.Mapped[bool] = orm.mapped_column(default=True, index=True)


class WebhookDelivery(base.Base, base.HasId, base.HasTimestamps):
    """One event owed to one receiver (outbox row), written in the event's transaction.

    Deliveries with the same ``ordering_key`` (receiver and object) go out in ``event_id``
    order: one is sent only when every earlier one was delivered or given up.
    """

    __tablename__ = 'webhook_deliveries'
    __table_args__ = base.table_args(
        sa.Index('ix_webhook_deliveries_due', 'status', 'next_attempt_at'),
        sa.Index('ix_webhook_deliveries_order', 'ordering_key', 'status', 'event_id'),
        base.one_of('status', DELIVERY_STATES))

    instance_id: orm.Mapped[str | None] = base.foreign_key('instances.id', 'CASCADE',
                                                           nullable=True)
    # NULL for a launch callback, which has no subscription.
    subscription_id: orm.Mapped[str | None] = base.foreign_key(
        'webhook_subscriptions.id', 'CASCADE', nullable=True)
    event_id: orm.Mapped[int | None] = orm.mapped_column(history.EventId)
    event_type: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    ordering_key: orm.Mapped[str] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    # The callback's URL; a subscription's deliveries go to its current URL.
    url: orm.Mapped[str | None] = orm.mapped_column(sa.String(URL_LENGTH))
    payload: orm.Mapped[dict] = base.json_bag()
    status: orm.Mapped[str] = orm.mapped_column(sa.String(16), default='pending')
    attempts: orm.Mapped[int] = orm.mapped_column(default=0)
    next_attempt_at: orm.Mapped[datetime.datetime] = orm.mapped_column(default=base.utcnow)
    # A dispatcher's claim: nobody else sends it before lease_until.
    lease_until: orm.Mapped[datetime.datetime | None]
    claimed_by: orm.Mapped[str | None] = orm.mapped_column(sa.String(base.LABEL_LENGTH))
    last_status_code: orm.Mapped[int | None]
    last_error: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    delivered_at: orm.Mapped[datetime.datetime | None]
    gave_up_at: orm.Mapped[datetime.datetime | None]

    subscription: orm.Mapped[WebhookSubscription | None] = orm.relationship(
        passive_deletes=True)


class WebhookAttempt(base.Base):
    """The delivery log: one row per POST (or publication), with what the receiver answered."""

    __tablename__ = 'webhook_attempts'
    __table_args__ = base.table_args(
        base.one_of('outcome', ATTEMPT_OUTCOMES), sqlite_autoincrement=True)

    id: orm.Mapped[int] = orm.mapped_column(history.EventId, primary_key=True,
                                            autoincrement=True)
    delivery_id: orm.Mapped[str] = base.foreign_key('webhook_deliveries.id', 'CASCADE')
    subscription_id: orm.Mapped[str | None] = base.foreign_key(
        'webhook_subscriptions.id', 'CASCADE', nullable=True)
    attempt: orm.Mapped[int]
    started_at: orm.Mapped[datetime.datetime] = orm.mapped_column(default=base.utcnow)
    duration_ms: orm.Mapped[int] = orm.mapped_column(default=0)
    status_code: orm.Mapped[int | None]
    outcome: orm.Mapped[str] = orm.mapped_column(sa.String(16))
    error: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
