"""Usage reports: instance-hours and their cost over a time range, as JSON or CSV."""

import csv
import datetime
import io

import falcon

from broker_core import errors
from broker_core import usage
from broker_mgmt import operations as ops
from broker_mgmt import schemas as s

FORMATS = {'json': ops.JSON, 'csv': ops.CSV}
GROUPINGS = list(usage.GROUPINGS)
ROW = s.record({'group': s.nullable(s.ID), 'instances': s.INTEGER, 'hours': s.NUMBER,
                'cost': s.nullable(s.NUMBER)}, timestamps=False)
REPORT = s.record({'group_by': {'type': 'string', 'enum': GROUPINGS}, 'since': s.TIMESTAMP,
                   'until': s.nullable(s.TIMESTAMP),
                   'rows': {'type': 'array', 'items': ROW}}, timestamps=False)
QUERY = (
    ops.Param('since', s.TIMESTAMP, 'start of the range (inclusive)', required=True),
    ops.Param('until', s.TIMESTAMP, 'end of the range (exclusive); default now'),
    ops.Param('group_by', {'type': 'string', 'enum': GROUPINGS}, 'default user'),
    ops.Param('user_id', s.ID, 'only instances of this owner'),
    ops.Param('pool_id', s.ID, 'only instances in this pool'),
    ops.Param('account_id', s.ID, 'only instances in this account'),
    ops.Param('format', {'type': 'string', 'enum': list(FORMATS)},
              'json or csv; else the Accept header decides'),
)


class Report(ops.Resource):
    """Instance-hours the caller may see, grouped by user, pool, account or hardware profile."""

    tag = 'usage'
    operations = {'GET': ops.Operation('Instance-hours and cost per group over a time range',
                                       response=REPORT, query=QUERY,
                                       media=(ops.JSON, ops.CSV))}

    def on_get(self, req, resp):
        query = req.context.query
        media = media_type(req, query.get('format'))
        group_by = query.get('group_by', 'user')
        since, until = timestamp('since', query['since']), timestamp('until', query.get('until'))
        rows = usage.instance_hours(req.context.caller, since, until, group_by,
                                    owner_id=query.get('user_id'), pool_id=query.get('pool_id'),
                                    account_id=query.get('account_id'))
        rows = [dict(row, group=row[group_by]) for row in rows]
        if media == ops.CSV:
            resp.content_type = ops.CSV
            resp.text = as_csv(group_by, rows)
            return
        ops.render(resp, REPORT, {'group_by': group_by, 'since': since, 'until': until,
                                  'rows': [s.project(ROW, row) for row in rows]})


def media_type(req, fmt):
    """The media type asked for by ?format=, else by Accept; 406 when neither can be served."""
    if fmt is not None:
        return FORMATS[fmt]
    preferred = req.client_prefers([ops.JSON, ops.CSV])
    if preferred is None:
        raise falcon.HTTPNotAcceptable(description='Usage reports are application/json or '
                                                   'text/csv')
    return preferred


def timestamp(field, value):
    """An ISO 8601 time as naive UTC, the way the broker stores times; None stays None."""
    if value is None:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise errors.Invalid(field=field, reason='must be an ISO 8601 date and time') from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return parsed


def as_csv(group_by, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\r\n')
    writer.writerow([group_by, 'instances', 'hours', 'cost'])
    for row in rows:
        writer.writerow([row['group'] or '', row['instances'], row['hours'],
                         '' if row['cost'] is None else row['cost']])
    return out.getvalue()


def routes(services):
    return [('/usage', Report(services))]
