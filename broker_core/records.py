"""What the broker's records share: checks of input, who sees them, giving quota back."""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db.models import base as models_base
from broker_core.db import rows
from broker_core import errors
from broker_core import events
from broker_core import policy
from broker_core import quotas
from iaas import states

STATES = frozenset((states.START, states.PENDING, states.RUNNING, states.STOPPING,
                    states.STOPPED, states.SHUTTING_DOWN, states.FINISH, states.ERROR))
LABEL_LENGTH = 255
ERROR_LENGTH = 4000
FAILED = 'ERROR'  # the state of a record no provider made, whatever its kind


def check_text(field, value, length=LABEL_LENGTH, required=False):
    """``value`` if it is a non-empty string of at most ``length``, or None when not required."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise errors.Invalid(field=field, reason='a non-empty string is required')
    if len(value) > length:
        raise errors.Invalid(field=field, reason='longer than %d characters' % length)
    return value


def check_state(state, allowed=STATES):
    if state not in allowed:
        raise errors.Invalid(field='state', reason='one of %s' % ', '.join(sorted(allowed)))
    return state


def require(context, model, ident, kind, field):
    """Check a reference: Invalid when it is no id, ObjectNotFound when nothing has it."""
    check_text(field, ident, required=True)
    return rows.get(context, model, ident, kind)


def require_account(context, account_id):
    return require(context, models.ProviderAccount, account_id, 'account', 'account_id')


def require_owner_and_pool(context, owner_id, pool_id, account_id=None):
    """The owner and the pool of a new record; both must exist and be enabled.

    The account a new record is already placed in, when one is given, must exist.
    """
    owner = require(context, models.User, owner_id, 'user', 'owner_id')
    if not owner.enabled:
        raise errors.Invalid(field='owner_id', reason='the user is disabled')
    pool = require(context, models.Pool, pool_id, 'pool', 'pool_id')
    if not pool.enabled:
        raise errors.Invalid(field='pool_id', reason='the pool is disabled')
    if account_id is not None:
        require_account(context, account_id)


def error_text(error):
    """What a record keeps of an error: its text, cut to fit; None for none."""
    return None if error is None else str(error)[:ERROR_LENGTH]


def flush_unique(context, kind, ident):
    """Flush the session; ObjectExists (``kind``, ``ident``) when that breaks a unique key."""
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise errors.ObjectExists(kind=kind, ident=ident) from None


def target_of(record):
    return {'pool_id': record.pool_id, 'owner_id': record.owner_id}


def visible(context, model, ident, kind, action, include_deleted=False, lock=False):
    """The record, or ObjectNotFound when it is deleted or the caller may not see it.

    Someone else's record is "not found" rather than forbidden: its existence is not told.
    """
    row = rows.get(context, model, ident, kind, lock=lock)
    hidden = row.deleted_at is not None and not include_deleted
    if hidden or not policy.is_allowed(context, action, target_of(row)):
        raise errors.ObjectNotFound(kind=kind, ident=ident)
    return row


def for_action(context, model, ident, kind, prefix):
    """The live record locked for a change by the caller, who must be allowed to act on it."""
    row = visible(context, model, ident, kind, prefix + ':read', lock=True)
    policy.authorize(context, prefix + ':act', target_of(row))
    return row


def for_deletion(context, model, ident, kind, prefix):
    """The record, deleted or not, locked for marking it deleted by a caller allowed to act."""
    row = visible(context, model, ident, kind, prefix + ':read', include_deleted=True,
                  lock=True)
    policy.authorize(context, prefix + ':act', target_of(row))
    return row


def close_failed(context, record, error, event_type, kind):
    """No provider made ``record``: state ERROR with the error, closed, and a failure event."""
    record.state = FAILED
    record.last_error = error_text(error)
    record.deleted_at = models_base.utcnow()
    context.session.flush()
    events.record(context, event_type, kind, record.id, pool_id=record.pool_id,
                  account_id=record.account_id, outcome='failure',
                  details={'error': record.last_error})


def release_holding(context, record):
    """Give back what ``record`` holds in its quota scopes, once; whether it held anything."""
    if record.quota_scopes is None:
        return False
    quotas.release(context, record.quota_scopes, quotas.amounts_of(record))
    record.quota_scopes = None
    return True


def move_account(context, record, account_id, defaults, **changes):
    """Move ``record`` and its account reservation to ``account_id``, applying ``changes``.

    QuotaExceeded (and nothing changed) when the new account, or a grown amount, is over a
    limit; the caller then tries its next candidate.
    """
    if record.quota_scopes is None:
        raise errors.InUse(kind=record.__tablename__, ident=record.id,
                           reason='it holds no reservation (its launch failed)')
    old_scopes, old_amounts = record.quota_scopes, quotas.amounts_of(record)
    scopes = [scope for scope in old_scopes if scope[0] != 'account']
    if account_id is not None:
        require_account(context, account_id)
        scopes.append(['account', account_id])
    for key, value in changes.items():
        setattr(record, key, value)
    record.account_id = account_id
    quotas.move(context, old_scopes, old_amounts, scopes, quotas.amounts_of(record), defaults)
    record.quota_scopes = scopes


def listing(context, model, action, *, owner_id=None, pool_id=None, account_id=None,
            state=None, include_deleted=False, limit=None):
    """A SELECT of ``model`` records filtered as asked and narrowed to what the caller sees."""
    statement = sa.select(model).order_by(model.created_at, model.id)
    for column, value in (('owner_id', owner_id), ('pool_id', pool_id),
                          ('account_id', account_id), ('state', state)):
        if value is not None:
            statement = statement.where(getattr(model, column) == value)
    if not include_deleted:
        statement = statement.where(model.deleted_at.is_(None))
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise errors.Invalid(field='limit', reason='a positive integer is required')
        statement = statement.limit(limit)
    return statement.where(visibility_clause(context, model, action))


def visibility_clause(context, model, action):
    """A WHERE clause keeping the rows of ``model`` the caller may see for ``action``."""
    seen = policy.visibility(context, action)
    if seen.all_pools:
        return sa.true()
    clauses = []
    if seen.pool_ids:
        clauses.append(model.pool_id.in_(sorted(seen.pool_ids)))
    if seen.owner_id is not None:
        clauses.append(model.owner_id == seen.owner_id)
    return sa.or_(*clauses) if clauses else sa.false()


def locked_by_key(context, owner_id, idempotency_key):
    """The instance of an idempotency key, read past this transaction's snapshot.

    A locking read sees rows committed after the snapshot of a REPEATABLE READ
    transaction (MariaDB) began; that is where the winner of a race is.
    """
    statement = sa.select(models.Instance).where(
        models.Instance.owner_id == owner_id,
        models.Instance.idempotency_key == idempotency_key)
    statement = db_api.for_update(context, statement, read=True).execution_options(
        populate_existing=True)
    return context.session.scalars(statement).first()
