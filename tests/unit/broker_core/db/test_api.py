"""Configuring the transaction context once per process."""

from oslo_db.sqlalchemy import enginefacade
import pytest

from broker_core import conf as broker_conf
from broker_core.db import api as db_api


@pytest.fixture
def fresh_context_manager(monkeypatch):
    monkeypatch.setattr(db_api, 'context_manager', enginefacade.transaction_context())
    monkeypatch.setattr(db_api, '_configured_connection', None)
    return db_api.context_manager


def _conf(connection):
    conf = broker_conf.build()
    conf.set_override('connection', connection, 'database')
    return conf


def test_configure_twice_with_the_same_connection_is_harmless(fresh_context_manager, tmp_path):
    url = 'sqlite:///%s' % (tmp_path / 'db' / 'broker.sqlite')
    db_api.configure(_conf(url))
    db_api.configure(_conf(url))
    assert (tmp_path / 'db').is_dir()  # made for the SQLite file
    engine = db_api.get_engine()
    assert str(engine.url) == url
    # Readers of a SQLite file have their own engine: they need not wait for writers.
    assert fresh_context_manager.reader.get_engine() is not engine
    fresh_context_manager.dispose_pool()


def test_configure_with_another_connection_is_refused(fresh_context_manager, tmp_path):
    db_api.configure(_conf('sqlite:///%s' % (tmp_path / 'a.sqlite')))
    with pytest.raises(RuntimeError):
        db_api.configure(_conf('sqlite:///%s' % (tmp_path / 'b.sqlite')))


def test_in_memory_sqlite_has_one_engine():
    manager = db_api.create_context_manager('sqlite://')
    assert manager.reader.get_engine() is manager.writer.get_engine()


def test_configure_leaves_a_database_patched_in_by_a_test_alone(fresh_context_manager, tmp_path):
    test_manager = db_api.create_context_manager('sqlite://')
    test_engine = db_api.get_engine(test_manager)  # tests/broker_db.py starts it, too
    restore = fresh_context_manager.patch_factory(test_manager)
    try:
        db_api.configure(_conf('sqlite:///%s' % (tmp_path / 'elsewhere.sqlite')))
        assert db_api.get_engine() is test_engine
        assert str(test_engine.url) == 'sqlite://'
    finally:
        restore()
    assert not (tmp_path / 'elsewhere.sqlite').exists()
