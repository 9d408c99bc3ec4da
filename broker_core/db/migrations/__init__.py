"""Alembic migrations of the broker schema; driven by broker_core.db.migration, not alembic.ini."""
