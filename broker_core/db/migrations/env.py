"""Alembic environment: runs on the connection broker_core.db.migration hands it."""

from alembic import context

from broker_core.db import models


def run_migrations_online():
    connection = context.config.attributes['connection']
    context.configure(
        connection=connection,
        target_metadata=models.BASE.metadata,
        # SQLite alters a table by copying it; generated migrations must work there too.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit('Offline (SQL script) migrations are not supported.')
run_migrations_online()
