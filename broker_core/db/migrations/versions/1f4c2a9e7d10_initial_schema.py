"""Initial schema: every table of the broker.

Revision ID: 1f4c2a9e7d10
Revises:
Create Date: 2026-11-22

The helpers below belong to this migration alone; later migrations must not import them
(or the models), so that what this one creates never changes. Every name is wrapped in
op.f(): it is final, not a token for the models' naming convention.
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '1f4c2a9e7d10'
down_revision = None
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
MONEY = sa.Numeric(14, 6)
EVENT_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
TABLE_OPTIONS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def _uuid(name, nullable=False):
    return sa.Column(name, sa.String(36), nullable=nullable)


def _string(name, length, nullable=True):
    return sa.Column(name, sa.String(length), nullable=nullable)


def _text(name, nullable=True):
    return sa.Column(name, sa.Text(), nullable=nullable)


def _json(name, nullable=False):
    return sa.Column(name, sa.JSON(), nullable=nullable)


def _time(name, nullable=True):
    return sa.Column(name, TIMESTAMP, nullable=nullable)


def _int(name, nullable=False):
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _bool(name):
    return sa.Column(name, sa.Boolean(), nullable=False)


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint([column], [target + '.id'], ondelete=ondelete,
                                   name=op.f('fk_%s_%s' % (table, column)))


def _unique(table, *columns):
    return sa.UniqueConstraint(*columns, name=op.f('uniq_%s0%s' % (table, '0'.join(columns))))


def _one_of(table, column, values):
    quoted = ', '.join("'%s'" % value for value in values)
    return sa.CheckConstraint('%s IN (%s)' % (column, quoted),
                              name=op.f('ck_%s_%s' % (table, column)))


def _index(table, *columns):
    op.create_index(op.f('ix_%s_%s' % (table, '_'.join(columns))), table, list(columns))


def _create(table, *items, **options):
    """A table with a uuid id, created_at and updated_at around ``items``."""
    op.create_table(
        table, _uuid('id'), *items, _time('created_at', nullable=False), _time('updated_at'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_' + table)), **dict(TABLE_OPTIONS, **options))


def _identity():
    _create('users', _string('name', 64, nullable=False), _string('password_hash', 255),
            _bool('enabled'), _text('description'), _unique('users', 'name'))
    _create('groups', _string('name', 64, nullable=False), _text('description'),
            _unique('groups', 'name'))
    _create('group_memberships', _uuid('group_id'), _uuid('user_id'),
            _fk('group_memberships', 'group_id', 'groups', 'CASCADE'),
            _fk('group_memberships', 'user_id', 'users', 'CASCADE'),
            _unique('group_memberships', 'group_id', 'user_id'))
    _index('group_memberships', 'user_id')


def _providers():
    _create('providers', _string('name', 64, nullable=False),
            _string('driver', 64, nullable=False), _string('provider', 1024),
            _text('description'), _bool('enabled'), _json('options'),
            _unique('providers', 'name'))
    table = 'provider_accounts'
    _create(table, _uuid('provider_id'), _string('name', 64, nullable=False),
            _text('description'), _text('credentials', nullable=False), _json('options'),
            _bool('enabled'), sa.Column('weight', sa.Float(), nullable=False),
            _int('priority'), _int('consecutive_failures'),
            sa.Column('error_rate', sa.Float(), nullable=False),
            _string('circuit_state', 16, nullable=False), _time('circuit_opened_at'),
            _time('last_success_at'), _time('last_failure_at'), _text('last_error'),
            _time('synced_at'),
            _fk(table, 'provider_id', 'providers', 'RESTRICT'),
            _unique(table, 'provider_id', 'name'),
            _one_of(table, 'circuit_state', ('closed', 'open', 'half_open')))
    for table, id_column, extra in (
            ('provider_realms', 'provider_realm_id', [_string('state', 32)]),
            ('provider_hardware_profiles', 'provider_profile_id',
             [sa.Column('price_per_hour', MONEY, nullable=True)]),
            ('provider_images', 'provider_image_id',
             [_text('description'), _string('architecture', 32), _string('state', 32)])):
        _create(table, _uuid('account_id'), _string('name', 255), _json('properties'),
                _time('vanished_at'), _string(id_column, 255, nullable=False), *extra,
                _fk(table, 'account_id', 'provider_accounts', 'CASCADE'),
                _unique(table, 'account_id', id_column))


def _pools():
    _create('pools', _string('name', 64, nullable=False), _text('description'),
            _bool('enabled'), _json('policy'), _unique('pools', 'name'))
    table = 'pool_members'
    _create(table, _uuid('pool_id'), _uuid('account_id'), _json('realms', nullable=True),
            _bool('enabled'),
            _fk(table, 'pool_id', 'pools', 'CASCADE'),
            _fk(table, 'account_id', 'provider_accounts', 'CASCADE'),
            _unique(table, 'pool_id', 'account_id'))
    _index(table, 'account_id')
    table = 'pool_price_overrides'
    _create(table, _uuid('pool_id'), _uuid('provider_hardware_profile_id'),
            sa.Column('price_per_hour', MONEY, nullable=False),
            _fk(table, 'pool_id', 'pools', 'CASCADE'),
            _fk(table, 'provider_hardware_profile_id', 'provider_hardware_profiles', 'CASCADE'),
            _unique(table, 'pool_id', 'provider_hardware_profile_id'))
    _index(table, 'provider_hardware_profile_id')


def _role_grants():
    table = 'role_grants'
    _create(table, _string('role', 16, nullable=False), _uuid('user_id', nullable=True),
            _uuid('group_id', nullable=True), _uuid('pool_id', nullable=True),
            _string('scope', 36, nullable=False),
            _fk(table, 'user_id', 'users', 'CASCADE'),
            _fk(table, 'group_id', 'groups', 'CASCADE'),
            _fk(table, 'pool_id', 'pools', 'CASCADE'),
            _unique(table, 'role', 'user_id', 'scope'),
            _unique(table, 'role', 'group_id', 'scope'),
            _one_of(table, 'role', ('admin', 'pool_admin', 'pool_user', 'viewer')),
            sa.CheckConstraint('(user_id IS NULL) <> (group_id IS NULL)',
                               name=op.f('ck_role_grants_user_or_group')),
            sa.CheckConstraint("(pool_id IS NULL AND scope = '*') OR scope = pool_id",
                               name=op.f('ck_role_grants_scope_is_pool')))
    for column in ('user_id', 'group_id', 'pool_id'):
        _index(table, column)


def _catalog():
    _create('hardware_profiles', _string('name', 64, nullable=False), _text('description'),
            _json('properties'), _unique('hardware_profiles', 'name'))
    _create('images', _string('name', 255, nullable=False), _text('description'),
            _string('architecture', 32), _uuid('owner_id', nullable=True), _json('properties'),
            _fk('images', 'owner_id', 'users', 'CASCADE'), _unique('images', 'name'))
    _index('images', 'owner_id')
    table = 'image_mappings'
    _create(table, _uuid('image_id'), _uuid('provider_id', nullable=True),
            _uuid('account_id', nullable=True), _string('provider_image_id', 255, nullable=False),
            _fk(table, 'image_id', 'images', 'CASCADE'),
            _fk(table, 'provider_id', 'providers', 'CASCADE'),
            _fk(table, 'account_id', 'provider_accounts', 'CASCADE'),
            _unique(table, 'image_id', 'provider_id'),
            _unique(table, 'image_id', 'account_id'),
            sa.CheckConstraint('(provider_id IS NULL) <> (account_id IS NULL)',
                               name=op.f('ck_image_mappings_provider_or_account')))
    for column in ('provider_id', 'account_id', 'provider_image_id'):
        _index(table, column)


def _logical():
    _create('keys', _uuid('owner_id'), _string('name', 255, nullable=False),
            _text('public_key', nullable=False), _string('fingerprint', 128),
            _fk('keys', 'owner_id', 'users', 'CASCADE'), _unique('keys', 'owner_id', 'name'))
    _create('firewalls', _uuid('owner_id'), _string('name', 255, nullable=False),
            _text('description'), _fk('firewalls', 'owner_id', 'users', 'CASCADE'),
            _unique('firewalls', 'owner_id', 'name'))
    table = 'firewall_rules'
    _create(table, _uuid('firewall_id'), _string('direction', 8, nullable=False),
            _string('protocol', 16, nullable=False), _int('from_port', nullable=True),
            _int('to_port', nullable=True), _json('sources'),
            _fk(table, 'firewall_id', 'firewalls', 'CASCADE'),
            _one_of(table, 'direction', ('ingress', 'egress')))
    _index(table, 'firewall_id')
    _create('networks', _uuid('owner_id'), _string('name', 255), _string('address_block', 64),
            _string('state', 32, nullable=False), _fk('networks', 'owner_id', 'users', 'CASCADE'))
    _index('networks', 'owner_id')
    _create('subnets', _uuid('owner_id'), _uuid('network_id'), _string('name', 255),
            _string('address_block', 64), _string('type', 16),
            _string('state', 32, nullable=False),
            _fk('subnets', 'owner_id', 'users', 'CASCADE'),
            _fk('subnets', 'network_id', 'networks', 'CASCADE'))
    _index('subnets', 'owner_id')
    _index('subnets', 'network_id')


def _resource(table, provider_id_column, *items):
    """Columns and constraints every resource record has, then ``items``."""
    _create(table, _uuid('owner_id'), _uuid('pool_id', nullable=True),
            _uuid('account_id', nullable=True), _string('name', 255),
            _string(provider_id_column, 255), _string('provider_realm_id', 255),
            _string('state', 32, nullable=False), _text('last_error'), _time('deleted_at'),
            *items,
            _fk(table, 'owner_id', 'users', 'RESTRICT'),
            _fk(table, 'pool_id', 'pools', 'SET NULL'),
            _fk(table, 'account_id', 'provider_accounts', 'SET NULL'),
            _unique(table, 'account_id', provider_id_column))
    for column in ('owner_id', 'pool_id', 'state', 'deleted_at'):
        _index(table, column)


def _resources():
    table = 'instances'
    _resource(table, 'provider_instance_id',
              _uuid('image_id', nullable=True), _uuid('hardware_profile_id', nullable=True),
              _uuid('key_id', nullable=True), _json('hardware'), _int('vcpus'),
              _int('memory_mb'), _int('storage_gb'),
              sa.Column('cost_per_hour', MONEY, nullable=True),
              _string('provider_image_id', 255), _string('provider_hardware_profile_id', 255),
              _string('provider_state', 64), _json('firewall_ids'), _json('public_addresses'),
              _json('private_addresses'), _json('volumes'), _string('idempotency_key', 255),
              _string('callback_url', 2048), _time('launched_at'), _time('state_checked_at'),
              _fk(table, 'image_id', 'images', 'SET NULL'),
              _fk(table, 'hardware_profile_id', 'hardware_profiles', 'SET NULL'),
              _fk(table, 'key_id', 'keys', 'SET NULL'),
              _unique(table, 'owner_id', 'idempotency_key'))
    for column in ('image_id', 'hardware_profile_id', 'key_id'):
        _index(table, column)
    table = 'storage_volumes'
    _resource(table, 'provider_volume_id', _text('description'), _int('capacity_gb'),
              _uuid('instance_id', nullable=True), _string('device', 64),
              _fk(table, 'instance_id', 'instances', 'SET NULL'))
    _index(table, 'instance_id')
    table = 'storage_snapshots'
    _resource(table, 'provider_snapshot_id', _text('description'),
              _uuid('volume_id', nullable=True), _int('capacity_gb', nullable=True),
              _fk(table, 'volume_id', 'storage_volumes', 'SET NULL'))
    _index(table, 'volume_id')
    table = 'addresses'
    _create(table, _uuid('owner_id'), _uuid('pool_id', nullable=True), _string('ip', 64),
            _uuid('instance_id', nullable=True),
            _fk(table, 'owner_id', 'users', 'CASCADE'),
            _fk(table, 'pool_id', 'pools', 'SET NULL'),
            _fk(table, 'instance_id', 'instances', 'SET NULL'))
    for column in ('owner_id', 'pool_id', 'instance_id'):
        _index(table, column)
    table = 'realizations'
    _create(table, _string('kind', 32, nullable=False), _uuid('object_id'), _uuid('account_id'),
            _string('provider_object_id', 255), _string('state', 32, nullable=False),
            _json('details'),
            _fk(table, 'account_id', 'provider_accounts', 'CASCADE'),
            _unique(table, 'kind', 'object_id', 'account_id'),
            _unique(table, 'account_id', 'kind', 'provider_object_id'))


def _quotas():
    scope_types = ('user', 'group', 'pool', 'account')
    _create('quotas', _string('scope_type', 16, nullable=False), _uuid('scope_id'),
            _int('instances', nullable=True), _int('vcpus', nullable=True),
            _int('memory_mb', nullable=True), _int('storage_gb', nullable=True),
            sa.Column('cost_per_hour', MONEY, nullable=True),
            _unique('quotas', 'scope_type', 'scope_id'),
            _one_of('quotas', 'scope_type', scope_types))
    table = 'quota_usages'
    _create(table, _string('scope_type', 16, nullable=False), _uuid('scope_id'),
            _string('resource', 32, nullable=False),
            sa.Column('in_use', sa.Numeric(20, 6), nullable=False),
            _unique(table, 'scope_type', 'scope_id', 'resource'),
            _one_of(table, 'scope_type', scope_types),
            _one_of(table, 'resource',
                    ('instances', 'vcpus', 'memory_mb', 'storage_gb', 'cost_per_hour')))


def _events():
    op.create_table(
        'events',
        sa.Column('id', EVENT_ID, primary_key=True, autoincrement=True, nullable=False),
        _time('timestamp', nullable=False), _string('type', 64, nullable=False),
        _uuid('actor_id', nullable=True), _string('actor_name', 64),
        _string('request_id', 64), _string('object_type', 32), _string('object_id', 255),
        _uuid('pool_id', nullable=True), _uuid('account_id', nullable=True),
        _string('outcome', 16, nullable=False), _json('details'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
        sqlite_autoincrement=True, **TABLE_OPTIONS)
    for column in ('timestamp', 'type', 'actor_id', 'pool_id', 'account_id'):
        _index('events', column)
    op.create_index(op.f('ix_events_object'), 'events', ['object_type', 'object_id'])


def _history():
    table = 'placements'
    _create(table, _uuid('instance_id', nullable=True), _uuid('user_id', nullable=True),
            _uuid('pool_id', nullable=True), _uuid('account_id', nullable=True),
            _string('outcome', 16), _json('request'), _json('candidates'), _json('attempts'),
            _fk(table, 'instance_id', 'instances', 'CASCADE'),
            _fk(table, 'user_id', 'users', 'SET NULL'),
            _fk(table, 'pool_id', 'pools', 'SET NULL'),
            _fk(table, 'account_id', 'provider_accounts', 'SET NULL'))
    for column in ('instance_id', 'user_id', 'pool_id', 'account_id'):
        _index(table, column)
    table = 'webhook_deliveries'
    _create(table, _uuid('instance_id', nullable=True), sa.Column('event_id', EVENT_ID),
            _string('url', 2048, nullable=False), _json('payload'), _int('attempts'),
            _time('next_attempt_at', nullable=False), _time('delivered_at'),
            _text('last_error'),
            _fk(table, 'instance_id', 'instances', 'CASCADE'))
    _index(table, 'instance_id')
    op.create_index(op.f('ix_webhook_deliveries_due'), table, ['delivered_at', 'next_attempt_at'])


def upgrade():
    # Creation order follows the foreign keys; downgrade drops in reverse.
    for step in (_identity, _providers, _pools, _role_grants, _catalog, _logical, _resources,
                 _quotas, _events, _history):
        step()


def downgrade():
    for table in reversed(_all_tables()):
        op.drop_table(table)


def _all_tables():
    """The tables upgrade() creates, in creation order."""
    return ['users', 'groups', 'group_memberships', 'providers', 'provider_accounts',
            'provider_realms', 'provider_hardware_profiles', 'provider_images', 'pools',
            'pool_members', 'pool_price_overrides', 'role_grants', 'hardware_profiles',
            'images', 'image_mappings', 'keys', 'firewalls', 'firewall_rules', 'networks',
            'subnets', 'instances', 'storage_volumes', 'storage_snapshots', 'addresses',
            'realizations', 'quotas', 'quota_usages', 'events', 'placements',
            'webhook_deliveries']
