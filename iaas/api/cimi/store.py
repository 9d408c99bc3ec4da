"""The CIMI front end's own state: JSON documents in one SQLite table, per caller and kind.

A document is keyed by (driver, provider, user, kind, id): what one user keeps through one
driver and provider is invisible to every other. Kinds are free-form names (``machineTemplate``,
``machine``), so a new CIMI-only resource needs no schema change. Each call opens its own
connection: the file is shared by threads and gunicorn workers, and SQLite serialises writers.
"""

import contextlib
import json
import os
import sqlite3
import uuid

_SCHEMA = '''
CREATE TABLE IF NOT EXISTS documents (
    driver TEXT NOT NULL, provider TEXT NOT NULL, user TEXT NOT NULL,
    kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (driver, provider, user, kind, id))
'''
_BUSY_TIMEOUT = 30.0


def default_path(conf):
    return conf.cimi.store_path or os.path.join(conf.state_path, 'cimi.sqlite')


class Store:
    """The SQLite file; :meth:`scope` gives the view of one caller."""

    def __init__(self, path):
        self.path = path
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        with self.connect() as connection:
            connection.execute(_SCHEMA)

    @contextlib.contextmanager
    def connect(self):
        connection = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT)
        try:
            with connection:  # commits, or rolls back on an exception
                yield connection
        finally:
            connection.close()

    def scope(self, driver, provider, user):
        return Scope(self, (driver or '', provider or '', user or ''))


class Scope:
    """The documents of one (driver, provider, user)."""

    def __init__(self, store, key):
        self.store = store
        self.key = key

    @staticmethod
    def new_id():
        return uuid.uuid4().hex

    def put(self, kind, object_id, body):
        with self.store.connect() as connection:
            connection.execute(
                'INSERT OR REPLACE INTO documents (driver, provider, user, kind, id, body) '
                'VALUES (?, ?, ?, ?, ?, ?)', self.key + (kind, object_id, json.dumps(body)))

    def get(self, kind, object_id):
        """The document, or None."""
        with self.store.connect() as connection:
            row = connection.execute(
                'SELECT body FROM documents WHERE driver = ? AND provider = ? AND user = ? '
                'AND kind = ? AND id = ?', self.key + (kind, object_id)).fetchone()
        return json.loads(row[0]) if row else None

    def list(self, kind):
        """``[(id, document)]`` in the order they were stored."""
        with self.store.connect() as connection:
            rows = connection.execute(
                'SELECT id, body FROM documents WHERE driver = ? AND provider = ? AND user = ? '
                'AND kind = ? ORDER BY rowid', self.key + (kind,)).fetchall()
        return [(object_id, json.loads(body)) for object_id, body in rows]

    def delete(self, kind, object_id):
        """True when there was a document to delete."""
        with self.store.connect() as connection:
            cursor = connection.execute(
                'DELETE FROM documents WHERE driver = ? AND provider = ? AND user = ? '
                'AND kind = ? AND id = ?', self.key + (kind, object_id))
        return cursor.rowcount > 0
