"""Broker databases for tests, on SQLite, PostgreSQL and MariaDB.

Use it from a conftest with ``from tests.broker_db import *  # noqa``; then a test that
takes ``database`` runs once per backend, against a migrated database of its own that the
broker's DB functions use (``broker_core.db.api.context_manager`` is patched to it):

    def test_something(database, admin_context):
        accounts.create(admin_context, ...)

``@pytest.mark.parametrize('db_backend', ['sqlite'])`` limits a test to SQLite. Code under
test may call ``db_api.configure(conf)``: while a test database is patched in, that does
nothing.
``empty_database`` is a freshly created database without any schema, for migration tests.

A SQLite database is a copy of a file migrated once per session. On a server, each session
(each xdist worker) creates one migrated database per backend, and every test starts on it
with every row deleted: creating and migrating a database per test takes seconds there.
Databases are created with unique names and dropped at the end. A server that cannot be
reached skips its tests, or fails them when BROKER_REQUIRE_SERVICES is set.
"""

import os
import shutil
import uuid

import pytest
import sqlalchemy as sa

from broker_core import context as broker_context
from broker_core.db import api as db_api
from broker_core.db import migration
from broker_core.db import models
from tests.conftest import service_unavailable

__all__ = ['admin_context', 'broker_databases', 'database', 'db_backend', 'empty_database']

SERVER_URLS = {
    'postgresql': os.environ.get('BROKER_TEST_POSTGRESQL_URL',
                                 'postgresql+psycopg2://postgres@127.0.0.1:5432/test'),
    'mysql': os.environ.get('BROKER_TEST_MYSQL_URL',
                            'mysql+pymysql://root@127.0.0.1:3306/?charset=utf8mb4'),
}
BACKENDS = [
    pytest.param('sqlite', id='sqlite'),
    pytest.param('postgresql', id='postgresql', marks=pytest.mark.integration),
    pytest.param('mysql', id='mysql', marks=pytest.mark.integration),
]


class TestDatabase:
    """One database: its URL, the broker transaction context on it and that context's engine."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, backend, url):
        self.backend = backend
        self.url = url
        self.manager = db_api.create_context_manager(url.render_as_string(hide_password=False),
                                                     max_retries=0)
        self.engine = db_api.get_engine(self.manager)

    def migrate(self, revision='head'):
        migration.upgrade(None, revision=revision, engine=self.engine)

    def delete_rows(self):
        with self.engine.begin() as connection:
            for table in reversed(models.BASE.metadata.sorted_tables):
                connection.execute(table.delete())

    def table_names(self):
        return set(sa.inspect(self.engine).get_table_names())

    def dispose(self):
        self.manager.dispose_pool()


class Server:
    """A database server on which tests create and drop uniquely named databases."""

    def __init__(self, backend, url):
        self.backend = backend
        self.url = sa.engine.make_url(url)
        self._admin = None
        self._unavailable = None

    def admin_engine(self):
        if self._unavailable:
            service_unavailable(self._unavailable)
        if self._admin is None:
            engine = sa.create_engine(self.url, isolation_level='AUTOCOMMIT', poolclass=sa.NullPool,
                                      connect_args={'connect_timeout': 3})
            try:
                with engine.connect() as connection:
                    connection.exec_driver_sql('SELECT 1')
            except sa.exc.DBAPIError as exc:
                self._unavailable = '%s at %s: %s' % (
                    self.backend, self.url.render_as_string(), str(exc.orig).strip())
                service_unavailable(self._unavailable)
            self._admin = engine
        return self._admin

    def create_database(self):
        name = 'broker_test_%s' % uuid.uuid4().hex[:16]
        with self.admin_engine().connect() as connection:
            connection.exec_driver_sql('CREATE DATABASE %s' % name)
        return self.url.set(database=name)

    def drop_database(self, url):
        force = ' WITH (FORCE)' if self.backend == 'postgresql' else ''
        with self.admin_engine().connect() as connection:
            connection.exec_driver_sql('DROP DATABASE IF EXISTS %s%s' % (url.database, force))


class Databases:
    """Every database a test session made, so it can drop them at the end."""

    def __init__(self, tmp_path_factory):
        self._tmp_path_factory = tmp_path_factory
        self._servers = {backend: Server(backend, url) for backend, url in SERVER_URLS.items()}
        self._migrated = {}
        self._created = []
        self._sqlite_template = None

    def create(self, backend, directory):
        """A new empty database; SQLite puts it into ``directory``."""
        if backend == 'sqlite':
            url = sa.engine.make_url('sqlite:///%s' % (directory / 'broker.sqlite'))
        else:
            url = self._servers[backend].create_database()
        database = TestDatabase(backend, url)
        self._created.append(database)
        return database

    def migrated(self, backend, directory):
        """A migrated database without rows: a new SQLite file, or the session's one on a server."""
        if backend == 'sqlite':
            shutil.copyfile(self._sqlite_template_path(), directory / 'broker.sqlite')
            return self.create('sqlite', directory)
        if backend not in self._migrated:
            database = self.create(backend, None)
            database.migrate()
            self._migrated[backend] = database
        return self._migrated[backend]

    def _sqlite_template_path(self):
        if self._sqlite_template is None:
            directory = self._tmp_path_factory.mktemp('broker-sqlite-template')
            template = TestDatabase('sqlite', sa.engine.make_url(
                'sqlite:///%s' % (directory / 'broker.sqlite')))
            template.migrate()
            template.dispose()
            self._sqlite_template = directory / 'broker.sqlite'
        return self._sqlite_template

    def release(self, database):
        """Forget a database made for one test: close it and drop it from its server."""
        database.dispose()
        if database.backend != 'sqlite':
            self._servers[database.backend].drop_database(database.url)
        self._created.remove(database)

    def drop_all(self):
        for database in list(self._created):
            self.release(database)


@pytest.fixture(scope='session')
def broker_databases(tmp_path_factory):
    databases = Databases(tmp_path_factory)
    yield databases
    databases.drop_all()


@pytest.fixture(params=BACKENDS)
def db_backend(request):
    """The name of a database backend: 'sqlite', 'postgresql' or 'mysql' (MariaDB)."""
    return request.param


@pytest.fixture
def database(db_backend, broker_databases, tmp_path):
    """A migrated database without rows, which the broker's DB functions use for this test."""
    db = broker_databases.migrated(db_backend, tmp_path)
    restore = db_api.context_manager.patch_factory(db.manager)
    try:
        yield db
    finally:
        restore()
        if db_backend == 'sqlite':
            broker_databases.release(db)
        else:
            db.delete_rows()


@pytest.fixture
def empty_database(db_backend, broker_databases, tmp_path):
    """A database created for this test, with no schema at all, dropped afterwards."""
    db = broker_databases.create(db_backend, tmp_path)
    try:
        yield db
    finally:
        broker_databases.release(db)


@pytest.fixture
def admin_context():
    return broker_context.RequestContext.admin(user_name='test')
