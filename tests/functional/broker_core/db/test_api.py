"""The transaction context on every backend: errors, row locks, and SQLite's writer queue."""

import threading
import time

from oslo_db import exception as db_exc
import pytest
import sqlalchemy as sa

from broker_core import context as broker_context
from broker_core.db import api as db_api
from broker_core.db import models


@db_api.writer
def _add(context, *rows):
    context.session.add_all(rows)
    context.session.flush()
    return [row.id for row in rows]


@db_api.reader
def _count(context, model):
    return context.session.scalar(sa.select(sa.func.count()).select_from(model))


def _user(name='alice'):
    return models.User(name=name)


def test_writer_commits_and_reader_sees_it(database, admin_context):
    _add(admin_context, _user(), models.Pool(name='default'))
    assert _count(admin_context, models.User) == 1
    assert _count(admin_context, models.Pool) == 1


def test_duplicate_name_raises_db_duplicate_entry(database, admin_context):
    _add(admin_context, _user())
    with pytest.raises(db_exc.DBDuplicateEntry) as caught:
        _add(admin_context, _user())
    assert caught.value.columns == ['name']
    assert _count(admin_context, models.User) == 1


def test_duplicate_entry_names_the_columns_of_a_compound_key(database, admin_context):
    [user_id] = _add(admin_context, _user())
    _add(admin_context, models.Instance(owner_id=user_id, idempotency_key='k1'))
    with pytest.raises(db_exc.DBDuplicateEntry) as caught:
        _add(admin_context, models.Instance(owner_id=user_id, idempotency_key='k1'))
    assert caught.value.columns == ['owner_id', 'idempotency_key']


def test_global_role_grant_is_unique_despite_null_pool(database, admin_context):
    """``scope`` stands in for the NULL pool_id, so a global grant cannot be made twice."""
    [user_id] = _add(admin_context, _user())
    _add(admin_context, models.RoleGrant(role='admin', user_id=user_id))
    with pytest.raises(db_exc.DBDuplicateEntry):
        _add(admin_context, models.RoleGrant(role='admin', user_id=user_id))
    [pool_id] = _add(admin_context, models.Pool(name='default'))
    [grant_id] = _add(admin_context, models.RoleGrant(role='admin', user_id=user_id,
                                                      pool_id=pool_id))
    assert _grant_scope(admin_context, grant_id) == pool_id


@db_api.reader
def _grant_scope(context, grant_id):
    return context.session.get(models.RoleGrant, grant_id).scope


def test_role_grant_needs_exactly_one_of_user_and_group(database, admin_context):
    # oslo.db leaves OperationalError unwrapped, which is what MariaDB raises here.
    with pytest.raises((db_exc.DBError, sa.exc.OperationalError)):
        _add(admin_context, models.RoleGrant(role='viewer'))


def test_foreign_keys_are_enforced(database, admin_context):
    account = models.ProviderAccount(provider_id='no-such-provider', name='a', credentials='x')
    with pytest.raises(db_exc.DBReferenceError):
        _add(admin_context, account)


def test_deleting_a_provider_with_accounts_is_refused(database, admin_context):
    [provider_id] = _add(admin_context, models.Provider(name='mock', driver='mock'))
    _add(admin_context, models.ProviderAccount(provider_id=provider_id, name='a',
                                               credentials='x'))
    with pytest.raises(db_exc.DBReferenceError):
        _delete(admin_context, models.Provider, provider_id)


@db_api.writer
def _delete(context, model, ident):
    context.session.execute(sa.delete(model).where(model.id == ident))


@pytest.mark.parametrize('db_backend', ['sqlite'])
def test_sqlite_writers_queue_instead_of_failing(database):
    """Read-then-write transactions in threads: without BEGIN IMMEDIATE "database is locked"."""
    _add(broker_context.RequestContext.admin(),
         models.QuotaUsage(scope_type='user', scope_id='u', resource='instances', in_use=0))
    errors = []

    def increment():
        try:
            for _ in range(5):
                _read_then_write(broker_context.RequestContext.admin())
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=increment) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _in_use(broker_context.RequestContext.admin()) == 20


@db_api.writer
def _read_then_write(context):
    usage = context.session.scalars(
        db_api.for_update(context, sa.select(models.QuotaUsage))).one()
    value = usage.in_use
    time.sleep(0.002)  # let the other threads read the same row meanwhile
    usage.in_use = value + 1


@db_api.reader
def _in_use(context):
    return context.session.scalars(sa.select(models.QuotaUsage.in_use)).one()


@pytest.mark.parametrize('db_backend', ['sqlite'])
def test_sqlite_readers_run_beside_a_writer(database):
    """Readers have their own engine and begin DEFERRED: an open writer does not block them."""
    _add(broker_context.RequestContext.admin(), _user())
    writer = broker_context.RequestContext.admin()
    with db_api.writer.using(writer) as session:
        session.add(_user('bob'))
        session.flush()
        started = time.monotonic()
        assert _count(broker_context.RequestContext.admin(), models.User) == 1
        assert time.monotonic() - started < 1


def test_for_update_locks_rows_on_servers(database, db_backend):
    """While one transaction holds the row, another asking NOWAIT is refused; SQLite: no-op."""
    _add(broker_context.RequestContext.admin(), _user())
    holder = broker_context.RequestContext.admin()
    with db_api.writer.using(holder) as session:
        session.scalars(db_api.for_update(holder, sa.select(models.User))).one()
        outcome = []
        thread = threading.Thread(target=_try_lock, args=(outcome,))
        thread.start()
        thread.join()
    if db_backend == 'sqlite':
        assert outcome == ['statement without FOR UPDATE']
    else:
        assert len(outcome) == 1, outcome
        assert isinstance(outcome[0], (db_exc.DBError, sa.exc.OperationalError)), outcome


def _try_lock(outcome):
    context = broker_context.RequestContext.admin()
    try:
        with db_api.reader.using(context) as session:
            statement = db_api.for_update(context, sa.select(models.User), nowait=True)
            if statement._for_update_arg is None:
                outcome.append('statement without FOR UPDATE')
                return
            session.scalars(statement).all()
            outcome.append('not locked')
    except (db_exc.DBError, sa.exc.OperationalError) as exc:
        outcome.append(exc)
