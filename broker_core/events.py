"""The broker's history: events appended in the caller's transaction, scrubbed of secrets."""

import datetime
import decimal
import re

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db.models import base as models_base
from broker_core import errors
from broker_core.webhooks import outbox

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MASK = '***'
# The largest id an event can have (a BIGINT; SQLite's INTEGER): a larger marker is no id.
MAX_ID = 2 ** 63 - 1
TYPE_LENGTH = 64
OUTCOME_PATTERN = re.compile(r'^[a-z][a-z_]{0,15}$')

# Keys whose values are secrets, wherever they sit in ``details``. Matching by part of the
# name errs on the side of masking: a masked harmless value costs less than a leaked secret.
SECRET_KEY_PATTERN = re.compile(
    r'pass(word|wd|phrase)?|secret|credential|token|private|api[_-]?key|access[_-]?key'
    r'|fernet|authorization|cookie|signature', re.IGNORECASE)
# Values that are key material whatever key they are filed under.
SECRET_VALUE_PATTERN = re.compile(r'-----BEGIN [A-Z ]*PRIVATE KEY-----')


def scrub(value):
    """``value`` with every secret-looking entry masked, made JSON-safe; the input is not changed.

    Dict entries whose key looks secret are replaced by a mask, recursively through dicts,
    lists and tuples; so are strings holding private key material. Decimals, datetimes and
    other non-JSON scalars become strings.
    """
    if isinstance(value, dict):
        return {str(key): MASK if SECRET_KEY_PATTERN.search(str(key)) else scrub(item)
                for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [scrub(item) for item in value]
    if isinstance(value, str):
        return MASK if SECRET_VALUE_PATTERN.search(value) else value
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


@db_api.writer
def record(context, type, object_type=None, object_id=None, *, pool_id=None, account_id=None,
           outcome='success', details=None):
    """Append an event by the caller of ``context``, in its writer transaction if one is open.

    ``details`` is scrubbed (see ``scrub``) before it is stored. What the event owes to
    webhook receivers, launch callbacks and the notification bus goes into the outbox in
    the same transaction (``broker_core.webhooks.outbox``). Returns the event as a dict.
    """
    _check_text('type', type, TYPE_LENGTH)
    if not isinstance(outcome, str) or not OUTCOME_PATTERN.match(outcome):
        raise errors.Invalid(field='outcome', reason='a short lowercase word is required')
    if details is not None and not isinstance(details, dict):
        raise errors.Invalid(field='details', reason='a dict is required')
    event = models.Event(
        type=type, object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        pool_id=pool_id, account_id=account_id, outcome=outcome,
        actor_id=getattr(context, 'user_id', None),
        actor_name=_truncate(getattr(context, 'user_name', None), models_base.NAME_LENGTH),
        request_id=_truncate(getattr(context, 'request_id', None), 64),
        details=scrub(details or {}))
    context.session.add(event)
    context.session.flush()
    outbox.enqueue(context, event)
    return render(event)


@db_api.reader
def query(context, *, since=None, until=None, object_type=None, object_id=None, user_id=None,
          pool_id=None, account_id=None, type=None, limit=DEFAULT_LIMIT, marker=None):
    """Events matching every given filter, NEWEST FIRST, at most ``limit`` of them.

    ``since`` is inclusive and ``until`` exclusive (datetimes, naive UTC or aware, or ISO
    8601 text). ``user_id`` is the actor. ``marker`` is the id of the last event of the
    previous page: the next page holds older events only. Returns a list of dicts.
    """
    limit = _check_limit(limit)
    since, until = _as_utc('since', since), _as_utc('until', until)
    if since is not None and until is not None and since > until:
        raise errors.Invalid(field='since', reason='it is after until')
    event = models.Event
    statement = sa.select(event).order_by(event.id.desc()).limit(limit)
    if marker is not None:
        statement = statement.where(event.id < _check_marker(marker))
    if since is not None:
        statement = statement.where(event.timestamp >= since)
    if until is not None:
        statement = statement.where(event.timestamp < until)
    filters = {'object_type': object_type, 'object_id': object_id, 'actor_id': user_id,
               'pool_id': pool_id, 'account_id': account_id, 'type': type}
    for column, value in filters.items():
        if value is not None:
            statement = statement.where(getattr(event, column) == str(value))
    return [render(row) for row in context.session.scalars(statement)]


def render(event):
    """The plain-value form of an Event row."""
    return {'id': event.id, 'timestamp': event.timestamp, 'type': event.type,
            'actor_id': event.actor_id, 'actor_name': event.actor_name,
            'request_id': event.request_id, 'object_type': event.object_type,
            'object_id': event.object_id, 'pool_id': event.pool_id,
            'account_id': event.account_id, 'outcome': event.outcome,
            'details': dict(event.details or {})}


def _truncate(text, length):
    return None if text is None else str(text)[:length]


def _check_text(field, value, length):
    if not isinstance(value, str) or not value.strip():
        raise errors.Invalid(field=field, reason='a non-empty string is required')
    if len(value) > length:
        raise errors.Invalid(field=field, reason='longer than %d characters' % length)


def _check_limit(limit):
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise errors.Invalid(field='limit', reason='an integer is required')
    if not 1 <= limit <= MAX_LIMIT:
        raise errors.Invalid(field='limit', reason='must be between 1 and %d' % MAX_LIMIT)
    return limit


def _check_marker(marker):
    try:
        value = int(marker)
    except (TypeError, ValueError):
        raise errors.Invalid(field='marker', reason='an event id is required') from None
    if isinstance(marker, bool) or not 1 <= value <= MAX_ID:
        raise errors.Invalid(field='marker', reason='an event id is required')
    return value


def _as_utc(field, value):
    """``value`` as naive UTC, the way timestamps are stored."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise errors.Invalid(field=field, reason='not an ISO 8601 time') from None
    if not isinstance(value, datetime.datetime):
        raise errors.Invalid(field=field, reason='a date and time is required')
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value
