"""Schema migrations with alembic, configured in code: upgrade, downgrade, current version."""

import os

from alembic import command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script

from broker_core.db import api as db_api

SCRIPT_LOCATION = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'migrations')


def upgrade(conf, revision='head', engine=None):
    """Migrate the database of ``conf`` (or ``engine``) up to ``revision``."""
    with _engine(conf, engine).begin() as connection:
        command.upgrade(alembic_configuration(connection), revision)


def downgrade(conf, revision, engine=None):
    """Migrate down to ``revision`` ('base' removes every table); for tests and development."""
    with _engine(conf, engine).begin() as connection:
        command.downgrade(alembic_configuration(connection), revision)


def version(conf, engine=None):
    """The revision the database is at, or None when it has no schema yet."""
    with _engine(conf, engine).connect() as connection:
        return alembic_migration.MigrationContext.configure(connection).get_current_revision()


def head():
    """The newest revision of the code."""
    return alembic_script.ScriptDirectory.from_config(alembic_configuration()).get_current_head()


def revisions():
    """Every revision from the first to the newest."""
    scripts = alembic_script.ScriptDirectory.from_config(alembic_configuration())
    return [rev.revision for rev in reversed(list(scripts.walk_revisions()))]


def alembic_configuration(connection=None):
    """An alembic Config for our scripts; env.py migrates ``connection``.

    Also what a developer passes to ``alembic.command.revision(config, message,
    autogenerate=True)``, with a connection to an up-to-date database.
    """
    config = alembic_config.Config()
    config.set_main_option('script_location', SCRIPT_LOCATION)
    config.attributes['connection'] = connection
    return config


def _engine(conf, engine):
    if engine is not None:
        return engine
    db_api.configure(conf)
    return db_api.get_engine()
