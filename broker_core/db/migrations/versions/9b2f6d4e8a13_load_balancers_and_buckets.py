"""Load balancers with their member instances, and buckets.

Revision ID: 9b2f6d4e8a13
Revises: 4d8e2b6c1a57
Create Date: 2026-11-23

A bucket's blobs live at its provider only. ``buckets.live`` is NULL once a bucket is
deleted, so the unique (owner_id, name, live) lets a name be taken again afterwards.
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '9b2f6d4e8a13'
down_revision = '4d8e2b6c1a57'
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
TABLE_OPTIONS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def _uuid(name, nullable=False):
    return sa.Column(name, sa.String(36), nullable=nullable)


def _string(name, length=255, nullable=True):
    return sa.Column(name, sa.String(length), nullable=nullable)


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint([column], [target + '.id'], ondelete=ondelete,
                                   name=op.f('fk_%s_%s' % (table, column)))


def _unique(table, *columns):
    return sa.UniqueConstraint(*columns, name=op.f('uniq_%s0%s' % (table, '0'.join(columns))))


def _index(table, column):
    op.create_index(op.f('ix_%s_%s' % (table, column)), table, [column])


def _create(table, *items):
    """A table with a uuid id, created_at and updated_at around ``items``."""
    op.create_table(
        table, _uuid('id'), *items, sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.Column('updated_at', TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_' + table)), **TABLE_OPTIONS)


def _record(table, provider_id_column, *items, name_required=False):
    """A record of a provider object: owner, pool, account, name, state and ``items``."""
    _create(table, _uuid('owner_id'), _uuid('pool_id', nullable=True),
            _uuid('account_id', nullable=True), _string('name', nullable=not name_required),
            _string('state', 32, nullable=False), sa.Column('last_error', sa.Text()),
            sa.Column('deleted_at', TIMESTAMP, nullable=True), _string(provider_id_column),
            *items,
            _fk(table, 'owner_id', 'users', 'RESTRICT'),
            _fk(table, 'pool_id', 'pools', 'SET NULL'),
            _fk(table, 'account_id', 'provider_accounts', 'SET NULL'),
            _unique(table, 'account_id', provider_id_column))
    for column in ('owner_id', 'pool_id', 'state', 'deleted_at'):
        _index(table, column)


def upgrade():
    _record('load_balancers', 'provider_load_balancer_id', _string('provider_realm_id'),
            sa.Column('listeners', sa.JSON(), nullable=False),
            sa.Column('public_addresses', sa.JSON(), nullable=False))
    table = 'load_balancer_members'
    _create(table, _uuid('load_balancer_id'), _uuid('instance_id'),
            _fk(table, 'load_balancer_id', 'load_balancers', 'CASCADE'),
            _fk(table, 'instance_id', 'instances', 'CASCADE'),
            _unique(table, 'load_balancer_id', 'instance_id'))
    _index(table, 'instance_id')
    table = 'buckets'
    _record(table, 'provider_bucket_id', _string('location'),
            sa.Column('live', sa.Boolean(), nullable=True),
            _unique(table, 'owner_id', 'name', 'live'), name_required=True)


def downgrade():
    for table in ('buckets', 'load_balancer_members', 'load_balancers'):
        op.drop_table(table)
