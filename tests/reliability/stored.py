"""Fingerprints of everything stored: each broker table and each mock cloud, to compare.

A refused request must leave every fingerprint as it was::

    with Unchanged(database, conf) as unchanged:
        response = ...                 # any request
        unchanged.after(refused=response.status_code >= 400, request=...)
"""

import hashlib
import sqlite3

import sqlalchemy as sa

from broker_core.db import models
from iaas.drivers.mock import store as mock_store


def snapshot(database, conf):
    """``{table or 'mock:<cloud>': fingerprint}`` of the broker database and the mock clouds."""
    return {name: _fingerprint(rows) for name, rows in everything(database, conf)}


def dump(database, conf):
    """Every stored row as text, to search for what must never be stored in the clear."""
    return '\n'.join('%s %r' % (name, tuple(row))
                     for name, rows in everything(database, conf) for row in rows)


def everything(database, conf):
    """(table or 'mock:<cloud>', its rows) for the broker database and every mock cloud."""
    with database.engine.connect() as connection:
        for table in models.BASE.metadata.sorted_tables:
            yield table.name, connection.execute(sa.select(table)).all()
    for provider in mock_store.existing_providers(conf):
        yield 'mock:' + provider, _mock_rows(mock_store.database_path(conf, provider))


def changed(before, after):
    """The names whose fingerprint differs, appeared or went away."""
    return sorted(name for name in set(before) | set(after)
                  if before.get(name) != after.get(name))


def _fingerprint(rows):
    digest = hashlib.sha256()
    for row in sorted(repr(tuple(row)) for row in rows):
        digest.update(row.encode('utf-8', 'backslashreplace'))
    return digest.hexdigest()


def _mock_rows(path):
    """Every object of a mock cloud (its knobs and counters are the test's, not stored data)."""
    connection = sqlite3.connect('file:%s?mode=ro' % path, uri=True)
    try:
        return connection.execute('SELECT kind, id, parent, owner, data, payload'
                                  ' FROM objects').fetchall()
    finally:
        connection.close()


class Unchanged:
    """Checks that each refused request changed nothing stored; a success moves the baseline.

    Fingerprints are taken again only when some SQLite file was written to since the last
    look (its ``PRAGMA data_version`` moved) or a mock cloud appeared: most refused requests
    write nothing, and a fuzzer sends many.
    """

    def __init__(self, database, conf):
        self.database, self.conf = database, conf
        self._connections = {}
        self.versions = self._versions()
        self.before = snapshot(database, conf)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        for connection in self._connections.values():
            connection.close()

    def after(self, refused, request):
        versions = self._versions()
        if versions is not None and versions == self.versions:
            return
        now = snapshot(self.database, self.conf)
        if refused:
            assert not changed(self.before, now), ('a refused request changed',
                                                   changed(self.before, now), request)
        self.before, self.versions = now, versions

    def _versions(self):
        """Each SQLite file with its data version; None for a server database (unknowable)."""
        if self.database.backend != 'sqlite':
            return None
        paths = [mock_store.database_path(self.conf, provider)
                 for provider in mock_store.existing_providers(self.conf)]
        paths.append(self.database.url.database)
        return tuple((path, self._data_version(path)) for path in paths)

    def _data_version(self, path):
        """A number that moves whenever another connection commits to the SQLite file."""
        if path not in self._connections:
            self._connections[path] = sqlite3.connect('file:%s?mode=ro' % path, uri=True)
        return self._connections[path].execute('PRAGMA data_version').fetchone()[0]
