"""Instances and storage volumes remember the quota scopes they hold a reservation in.

Revision ID: 7c3e5a1b9d24
Revises: 1f4c2a9e7d10
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa

revision = '7c3e5a1b9d24'
down_revision = '1f4c2a9e7d10'
branch_labels = None
depends_on = None

TABLES = ('instances', 'storage_volumes')


def upgrade():
    for table in TABLES:
        op.add_column(table, sa.Column('quota_scopes', sa.JSON(), nullable=True))


def downgrade():
    for table in TABLES:
        op.drop_column(table, 'quota_scopes')
