"""Instance-hours and their cost over a time range, grouped by user, pool, account or profile."""

import collections
import datetime
import decimal

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db.models import base as models_base
from broker_core import errors
from broker_core import records
from iaas import states

GROUPINGS = {'user': 'owner_id', 'pool': 'pool_id', 'account': 'account_id',
             'hardware_profile': 'hardware_profile_id'}
_MICROSECONDS_PER_HOUR = decimal.Decimal(3600 * 10 ** 6)


@db_api.reader
def instance_hours(context, since, until=None, group_by='user', *, owner_id=None,
                   pool_id=None, account_id=None, now=None):
    """Hours instances ran within [since, until), summed per group, with their cost.

    An instance runs from launched_at (created_at if never recorded as launched) until
    deleted_at, or ``now`` while it lives; a launch that failed before it started never
    ran. Only instances the caller may see for 'usage:read' count. Returns a list of
    {group_by: id, 'instances', 'hours', 'cost'} sorted by id; ``cost`` sums the priced
    instances (None when none is priced) and ``hours`` are Decimals.
    """
    now = _utc('now', now) if now is not None else models_base.utcnow()
    since = _utc('since', since)
    until = min(_utc('until', until), now) if until is not None else now
    if since >= until:
        raise errors.Invalid(field='since', reason='the range is empty')
    if group_by not in GROUPINGS:
        raise errors.Invalid(field='group_by', reason='one of %s' % ', '.join(GROUPINGS))
    totals = collections.defaultdict(lambda: {'instances': 0, 'hours': decimal.Decimal(0),
                                              'cost': None})
    for row in context.session.execute(_ran_within(context, since, until, owner_id, pool_id,
                                                   account_id, GROUPINGS[group_by])):
        start = max(row.launched_at or row.created_at, since)
        end = min(row.deleted_at or until, until)
        if end <= start:
            continue
        hours = _hours(end - start)
        total = totals[row.group]
        total['instances'] += 1
        total['hours'] += hours
        if row.cost_per_hour is not None:
            total['cost'] = (total['cost'] or 0) + hours * row.cost_per_hour
    return [dict(total, **{group_by: group})
            for group, total in sorted(totals.items(), key=lambda item: str(item[0]))]


def _ran_within(context, since, until, owner_id, pool_id, account_id, group_column):
    """A bounded SELECT: only the columns needed, only instances alive within the range."""
    instance = models.Instance
    start = sa.func.coalesce(instance.launched_at, instance.created_at)
    statement = sa.select(
        getattr(instance, group_column).label('group'), instance.launched_at,
        instance.created_at, instance.deleted_at, instance.cost_per_hour,
    ).where(
        start < until,
        sa.or_(instance.deleted_at.is_(None), instance.deleted_at > since),
        # A launch that failed before the provider started it never ran.
        sa.not_(sa.and_(instance.launched_at.is_(None), instance.state == states.ERROR)),
        records.visibility_clause(context, instance, 'usage:read'),
    )
    for column, value in (('owner_id', owner_id), ('pool_id', pool_id),
                          ('account_id', account_id)):
        if value is not None:
            statement = statement.where(getattr(instance, column) == value)
    return statement


def _hours(delta):
    # Whole microseconds, not float seconds: hours stay exact decimals.
    return decimal.Decimal(delta // datetime.timedelta(microseconds=1)) / _MICROSECONDS_PER_HOUR


def _utc(field, value):
    """``value`` as naive UTC, the way timestamps are stored."""
    if not isinstance(value, datetime.datetime):
        raise errors.Invalid(field=field, reason='a date and time is required')
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value
