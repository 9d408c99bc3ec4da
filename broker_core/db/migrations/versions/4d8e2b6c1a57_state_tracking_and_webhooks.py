"""State tracking and webhooks: subscriptions, the outbox of deliveries and its attempt log.

Revision ID: 4d8e2b6c1a57
Revises: 7c3e5a1b9d24
Create Date: 2026-11-23

Instances remember when their state last changed (stuck transitions are measured from
it) and accounts when the listing last applied by the state tracker was taken.
webhook_deliveries, created empty by the initial schema and unused so far, becomes the
outbox: a status, the subscription, an ordering key, a lease and the last answer.
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '4d8e2b6c1a57'
down_revision = '7c3e5a1b9d24'
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
EVENT_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
TABLE_OPTIONS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}
DELIVERIES = 'webhook_deliveries'


def _check(table, column, values):
    quoted = ', '.join("'%s'" % value for value in values)
    return sa.CheckConstraint('%s IN (%s)' % (column, quoted),
                              name=op.f('ck_%s_%s' % (table, column)))


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint([column], [target + '.id'], ondelete=ondelete,
                                   name=op.f('fk_%s_%s' % (table, column)))


def _subscriptions():
    table = 'webhook_subscriptions'
    op.create_table(
        table, sa.Column('id', sa.String(36), nullable=False),
        sa.Column('kind', sa.String(16), nullable=False),
        sa.Column('url', sa.String(2048), nullable=True),
        sa.Column('secret', sa.Text(), nullable=True),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('event_types', sa.JSON(), nullable=False),
        sa.Column('pool_ids', sa.JSON(), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.Column('updated_at', TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_' + table)),
        _check(table, 'kind', ('webhook', 'notification')), **TABLE_OPTIONS)
    op.create_index(op.f('ix_%s_enabled' % table), table, ['enabled'])


def _outbox():
    with op.batch_alter_table(DELIVERIES) as batch:
        batch.drop_index(op.f('ix_webhook_deliveries_due'))
        batch.alter_column('url', existing_type=sa.String(2048), nullable=True)
        batch.add_column(sa.Column('subscription_id', sa.String(36), nullable=True))
        batch.add_column(sa.Column('event_type', sa.String(64), nullable=True))
        batch.add_column(sa.Column('ordering_key', sa.String(255), nullable=False))
        batch.add_column(sa.Column('status', sa.String(16), nullable=False))
        batch.add_column(sa.Column('lease_until', TIMESTAMP, nullable=True))
        batch.add_column(sa.Column('claimed_by', sa.String(255), nullable=True))
        batch.add_column(sa.Column('last_status_code', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('gave_up_at', TIMESTAMP, nullable=True))
        batch.create_foreign_key(op.f('fk_webhook_deliveries_subscription_id'),
                                 'webhook_subscriptions', ['subscription_id'], ['id'],
                                 ondelete='CASCADE')
        batch.create_check_constraint(op.f('ck_webhook_deliveries_status'),
                                      "status IN ('pending', 'delivered', 'failed')")
        batch.create_index(op.f('ix_webhook_deliveries_due'), ['status', 'next_attempt_at'])
        batch.create_index(op.f('ix_webhook_deliveries_order'),
                           ['ordering_key', 'status', 'event_id'])
        batch.create_index(op.f('ix_webhook_deliveries_subscription_id'), ['subscription_id'])


def _attempts():
    table = 'webhook_attempts'
    op.create_table(
        table, sa.Column('id', EVENT_ID, primary_key=True, autoincrement=True, nullable=False),
        sa.Column('delivery_id', sa.String(36), nullable=False),
        sa.Column('subscription_id', sa.String(36), nullable=True),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('started_at', TIMESTAMP, nullable=False),
        sa.Column('duration_ms', sa.Integer(), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(16), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_' + table)),
        _fk(table, 'delivery_id', DELIVERIES, 'CASCADE'),
        _fk(table, 'subscription_id', 'webhook_subscriptions', 'CASCADE'),
        _check(table, 'outcome', ('delivered', 'retry', 'failed')),
        sqlite_autoincrement=True, **TABLE_OPTIONS)
    for column in ('delivery_id', 'subscription_id'):
        op.create_index(op.f('ix_%s_%s' % (table, column)), table, [column])


def upgrade():
    op.add_column('instances', sa.Column('state_changed_at', TIMESTAMP, nullable=True))
    op.add_column('provider_accounts', sa.Column('state_listed_at', TIMESTAMP, nullable=True))
    _subscriptions()
    _outbox()
    _attempts()


def downgrade():
    op.drop_table('webhook_attempts')
    # The outbox's rows mean nothing to the older schema (and have no room in it).
    op.execute(sa.text('DELETE FROM %s' % DELIVERIES))
    with op.batch_alter_table(DELIVERIES) as batch:
        # MySQL keeps the index of a foreign key until the key is gone.
        batch.drop_constraint(op.f('fk_webhook_deliveries_subscription_id'),
                              type_='foreignkey')
        batch.drop_index(op.f('ix_webhook_deliveries_subscription_id'))
        batch.drop_index(op.f('ix_webhook_deliveries_order'))
        batch.drop_index(op.f('ix_webhook_deliveries_due'))
        batch.drop_constraint(op.f('ck_webhook_deliveries_status'), type_='check')
        for column in ('gave_up_at', 'last_status_code', 'claimed_by', 'lease_until',
                       'status', 'ordering_key', 'event_type', 'subscription_id'):
            batch.drop_column(column)
        batch.alter_column('url', existing_type=sa.String(2048), nullable=False)
        batch.create_index(op.f('ix_webhook_deliveries_due'), ['delivered_at', 'next_attempt_at'])
    op.drop_table('webhook_subscriptions')
    op.drop_column('provider_accounts', 'state_listed_at')
    op.drop_column('instances', 'state_changed_at')
