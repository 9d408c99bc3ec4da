"""The one enginefacade transaction context of the broker and the engine set-up behind it.

Public DB functions take ``context`` first and are decorated with ``reader`` or ``writer``;
they use ``context.session`` and nothing else opens a session.
"""

import functools
import logging
import os

from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa

LOG = logging.getLogger(__name__)

context_manager = enginefacade.transaction_context()
reader = context_manager.reader
writer = context_manager.writer

# A writer waiting for another one gives up after this long ("database is locked").
SQLITE_BUSY_TIMEOUT_MS = 30000


_configured_connection = None


def configure(conf):
    """Point the transaction context at [database]; a process does this once, at start-up.

    Calling it again with the same connection changes nothing; neither does calling it while
    a test has patched in a database of its own (``context_manager.patch_factory``).
    """
    global _configured_connection
    connection = conf.database.connection
    if _configured_connection is not None:
        if connection != _configured_connection:
            raise RuntimeError('The database is configured already, with another connection')
        return
    if context_manager.is_started:
        LOG.debug('Database already in use (patched in by a test); not configuring it')
        return
    _configure_manager(context_manager, dict(conf.database.items()))
    _configured_connection = connection


def create_context_manager(connection, **options):
    """A separate transaction context for ``connection``, set up as ``configure`` does.

    For tests and tools that need a database of their own; patch it in with
    ``context_manager.patch_factory(manager)``.
    """
    options['connection'] = connection
    manager = enginefacade.transaction_context()
    _configure_manager(manager, options)
    return manager


def get_engine(manager=None):
    """The writer engine (schema migrations and maintenance use it)."""
    return (manager or context_manager).writer.get_engine()


def for_update(context, statement, **options):
    """``statement`` locking the rows it selects until the transaction ends.

    SQLite has no row locks and needs none: its writers run one at a time (BEGIN IMMEDIATE).
    """
    if context.session.get_bind().dialect.name == 'sqlite':
        return statement
    return statement.with_for_update(**options)


def _configure_manager(manager, options):
    connection = options['connection']
    url = sa.engine.make_url(connection)
    options['sqlite_fk'] = True
    if url.get_backend_name() == 'sqlite' and _sqlite_file(url):
        _ensure_directory(url.database)
        # Readers get an engine of their own whose transactions begin DEFERRED, so they run
        # beside a writer; every transaction on the writer engine begins IMMEDIATE.
        options['slave_connection'] = connection
        options['synchronous_reader'] = False
    manager.configure(**options)
    manager.append_on_engine_create(functools.partial(_prepare_engine, manager))


def _sqlite_file(url):
    return url.database not in (None, '', ':memory:') and not url.database.startswith('file:')


def _ensure_directory(path):
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        os.makedirs(directory, mode=0o700, exist_ok=True)


def _prepare_engine(manager, engine):
    if engine.dialect.name != 'sqlite':
        return
    sa.event.listen(engine, 'connect', _set_sqlite_pragmas)
    sa.event.listen(engine, 'begin', functools.partial(_begin_sqlite, manager))


def _set_sqlite_pragmas(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute('PRAGMA busy_timeout = %d' % SQLITE_BUSY_TIMEOUT_MS)
        # WAL lets readers go on while one writer works; it stays set in the file.
        cursor.execute('PRAGMA journal_mode = WAL')
    finally:
        cursor.close()


def _begin_sqlite(manager, connection):
    """Begin writer transactions IMMEDIATE, so they queue instead of deadlocking.

    A DEFERRED transaction that reads and then writes cannot upgrade its lock while another
    one holds it; SQLite answers "database is locked" at once instead of waiting.
    """
    if connection.engine is not manager.writer.get_engine():
        return
    # oslo.db's listener ran first (SQLAlchemy ignores insert=True for engine events) and
    # began a DEFERRED transaction; nothing is read or locked yet, so trade it in.
    if connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql('ROLLBACK')
    connection.exec_driver_sql('BEGIN IMMEDIATE')
