"""Durable state of a simulated cloud: one SQLite file per provider, shared by every process."""

import contextlib
import json
import logging
import os
import re
import sqlite3
import threading

from iaas import errors

LOG = logging.getLogger(__name__)

DEFAULT_PROVIDER = 'default'
PROVIDER_PATTERN = re.compile(r'^[A-Za-z0-9_.-]{1,64}$')
SUFFIX = '.sqlite'
# Marks an update that leaves a row's payload (blob content) alone.
KEEP = object()
# Generous: a writer only waits for other short transactions of the same cloud.
BUSY_TIMEOUT = 30.0

SCHEMA = (
    # Every object of every collection; rowid keeps insertion (seed) order for listings.
    'CREATE TABLE IF NOT EXISTS objects ('
    ' kind TEXT NOT NULL, id TEXT NOT NULL, parent TEXT, owner TEXT,'
    ' data TEXT NOT NULL, payload BLOB, PRIMARY KEY (kind, id))',
    'CREATE TABLE IF NOT EXISTS knobs (name TEXT PRIMARY KEY, value TEXT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)',
)


def provider_name(provider):
    """The provider's file name stem; ValidationError for anything that is not a plain name."""
    name = provider or DEFAULT_PROVIDER
    if not isinstance(name, str) or not PROVIDER_PATTERN.match(name) or name in ('.', '..'):
        raise errors.ValidationError(
            "Invalid provider name '%s': use 1 to 64 letters, digits, '_', '.' or '-'" % name)
    return name


def state_dir(conf):
    return conf.mock.state_dir or os.path.join(conf.state_path, 'mock')


def database_path(conf, provider):
    return os.path.join(state_dir(conf), provider_name(provider) + SUFFIX)


def admit_new_provider(conf, path):
    """Refuse to create one more simulated cloud beyond ``[mock] max_providers``.

    A soft limit: workers racing for the last place may pass it by a few files.
    """
    if os.path.exists(path):
        return
    limit = conf.mock.max_providers
    if len(existing_providers(conf)) >= limit:
        raise errors.Forbidden('The mock already simulates %d clouds, its limit '
                               '([mock] max_providers)' % limit)


def existing_providers(conf):
    """Names of the simulated clouds that have a state file, sorted."""
    try:
        names = os.listdir(state_dir(conf))
    except FileNotFoundError:
        return []
    return sorted(n[:-len(SUFFIX)] for n in names
                  if n.endswith(SUFFIX) and PROVIDER_PATTERN.match(n[:-len(SUFFIX)]))


class Transaction:
    """Row access inside one SQLite transaction; rows are JSON dicts."""

    def __init__(self, connection):
        self._db = connection

    def get(self, kind, object_id):
        row = self._db.execute('SELECT data FROM objects WHERE kind = ? AND id = ?',
                               (kind, object_id)).fetchone()
        return json.loads(row[0]) if row else None

    def exists(self, kind, object_id):
        return self._db.execute('SELECT 1 FROM objects WHERE kind = ? AND id = ?',
                                (kind, object_id)).fetchone() is not None

    def list(self, kind, owner=None, parent=None):
        sql, args = 'SELECT data FROM objects WHERE kind = ?', [kind]
        if owner is not None:
            sql, args = sql + ' AND owner = ?', args + [owner]
        if parent is not None:
            sql, args = sql + ' AND parent = ?', args + [parent]
        return [json.loads(r[0]) for r in self._db.execute(sql + ' ORDER BY rowid', args)]

    def ids(self, kind):
        return {r[0] for r in self._db.execute('SELECT id FROM objects WHERE kind = ?', (kind,))}

    def count(self, kind):
        return self._db.execute('SELECT COUNT(*) FROM objects WHERE kind = ?',
                                (kind,)).fetchone()[0]

    def insert(self, kind, object_id, data, owner=None, parent=None, payload=None):
        """Add a row; Conflict when the id is taken (callers check first for a nicer message)."""
        try:
            self._db.execute(
                'INSERT INTO objects (kind, id, parent, owner, data, payload)'
                ' VALUES (?, ?, ?, ?, ?, ?)',
                (kind, object_id, parent, owner, json.dumps(data), payload))
        except sqlite3.IntegrityError:
            raise errors.Conflict("%s '%s' already exists" % (kind, object_id)) from None

    def update(self, kind, object_id, data, payload=KEEP):
        """Replace a row's data in place, so it keeps its position in listings."""
        if payload is KEEP:
            self._db.execute('UPDATE objects SET data = ? WHERE kind = ? AND id = ?',
                             (json.dumps(data), kind, object_id))
        else:
            self._db.execute('UPDATE objects SET data = ?, payload = ? WHERE kind = ? AND id = ?',
                             (json.dumps(data), payload, kind, object_id))

    def payload(self, kind, object_id):
        row = self._db.execute('SELECT payload FROM objects WHERE kind = ? AND id = ?',
                               (kind, object_id)).fetchone()
        return None if row is None else bytes(row[0] or b'')

    def delete(self, kind, object_id):
        self._db.execute('DELETE FROM objects WHERE kind = ? AND id = ?', (kind, object_id))

    def knobs(self):
        return {name: json.loads(value)
                for name, value in self._db.execute('SELECT name, value FROM knobs')}

    def set_knob(self, name, value):
        if value is None:
            self._db.execute('DELETE FROM knobs WHERE name = ?', (name,))
        else:
            self._db.execute('INSERT OR REPLACE INTO knobs (name, value) VALUES (?, ?)',
                             (name, json.dumps(value)))

    def clear_knobs(self):
        self._db.execute('DELETE FROM knobs')

    def get_meta(self, name, default=None):
        row = self._db.execute('SELECT value FROM meta WHERE name = ?', (name,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_meta(self, name, value):
        self._db.execute('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)',
                         (name, json.dumps(value)))

    def next_sequence(self, name):
        """1, 2, 3 ... per name, never reused: ids that stay unique after deletes."""
        value = self.get_meta('seq:' + name, 0) + 1
        self.set_meta('seq:' + name, value)
        return value


class Store:
    """One simulated cloud's SQLite file; seeded by ``seeder(transaction)`` on first use.

    Every call opens its own connection, so a Store is safe to share between threads and
    survives a fork. Writers take the database lock up front (BEGIN IMMEDIATE), so two
    processes never read the same free id and both insert it.
    """

    def __init__(self, path, seeder=None, admit=None):
        self.path = path
        self._seeder = seeder
        # Called before the file is created; raises to refuse a new cloud.
        self._admit = admit
        self._ready = False
        self._lock = threading.Lock()

    def _connect(self):
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        connection.execute('PRAGMA busy_timeout = %d' % int(BUSY_TIMEOUT * 1000))
        return connection

    def _prepare(self):
        with self._lock:
            if self._ready:
                return
            os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
            if self._admit is not None:
                self._admit()
            connection = self._connect()
            try:
                # WAL lets readers in other workers go on while one worker writes.
                connection.execute('PRAGMA journal_mode = WAL')
                with self._transaction(connection, 'BEGIN IMMEDIATE') as txn:
                    for statement in SCHEMA:
                        connection.execute(statement)
                    if not txn.get_meta('seeded') and self._seeder is not None:
                        LOG.info('Seeding simulated cloud %s', self.path)
                        self._seeder(txn)
                        txn.set_meta('seeded', True)
            finally:
                connection.close()
            self._ready = True

    @staticmethod
    @contextlib.contextmanager
    def _transaction(connection, begin):
        connection.execute(begin)
        try:
            yield Transaction(connection)
        except BaseException:
            connection.execute('ROLLBACK')
            raise
        connection.execute('COMMIT')

    @contextlib.contextmanager
    def _open(self, begin):
        self._prepare()
        connection = self._connect()
        try:
            connection.execute('PRAGMA synchronous = NORMAL')
            with self._transaction(connection, begin) as txn:
                yield txn
        finally:
            connection.close()

    def write(self):
        """A read-modify-write transaction holding the write lock from its first statement."""
        return self._open('BEGIN IMMEDIATE')

    def read(self):
        """A read-only transaction: one consistent snapshot for several queries."""
        return self._open('BEGIN')
