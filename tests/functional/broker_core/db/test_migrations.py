"""The migrations build exactly the schema of the models, on every backend, up and down."""

from oslo_db.sqlalchemy import test_migrations
import pytest
import sqlalchemy as sa

from broker_core.db import migration
from broker_core.db import models


class ModelsMigrationsSync(test_migrations.ModelsMigrationsSync):
    """oslo.db's comparison of models and migrations, outside a unittest.TestCase."""

    def __init__(self, engine):
        self.engine = engine

    def get_engine(self):
        return self.engine

    def get_metadata(self):
        return models.BASE.metadata

    def db_sync(self, engine):
        migration.upgrade(None, engine=engine)

    def addCleanup(self, function, *args, **kwargs):
        pass  # the empty_database fixture drops the whole database

    def fail(self, message):
        pytest.fail(message, pytrace=False)


def test_models_and_migrations_agree(empty_database):
    ModelsMigrationsSync(empty_database.engine).test_models_sync()


def test_every_migration_walks_up_and_down(empty_database):
    revisions = migration.revisions()
    assert revisions[-1] == migration.head()
    assert migration.version(None, engine=empty_database.engine) is None
    for revision in revisions:
        empty_database.migrate(revision)
        assert migration.version(None, engine=empty_database.engine) == revision
    assert empty_database.table_names() == set(models.BASE.metadata.tables) | {'alembic_version'}

    for revision in reversed(revisions[:-1]):
        migration.downgrade(None, revision, engine=empty_database.engine)
        assert migration.version(None, engine=empty_database.engine) == revision
    migration.downgrade(None, 'base', engine=empty_database.engine)
    assert empty_database.table_names() <= {'alembic_version'}

    empty_database.migrate()
    assert migration.version(None, engine=empty_database.engine) == migration.head()


def test_migrations_create_the_check_constraints_of_the_models(database):
    """Alembic does not compare check constraints, so compare their names here."""
    inspector = sa.inspect(database.engine)
    for table in models.BASE.metadata.sorted_tables:
        wanted = {constraint.name for constraint in table.constraints
                  if isinstance(constraint, sa.CheckConstraint)}
        found = {check['name'] for check in inspector.get_check_constraints(table.name)}
        assert wanted <= found, table.name
