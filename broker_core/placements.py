"""Placement records: each launch's decision and attempts, kept so it can be explained later."""

import logging

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db.models import base as models_base
from broker_core.db import rows
from broker_core import errors
from broker_core import policy
from iaas import states

LOG = logging.getLogger(__name__)

KIND = 'placement'
OUTCOMES = ('pending', 'placed', 'failed', 'no_candidate', 'quota', 'adopted')
REASON_LENGTH = 1000


def _split(decision):
    """The Decision's explanation spread over the request, candidates and attempts columns."""
    explained = decision.to_dict()
    ranked, dropped = explained.pop('ranked'), explained.pop('dropped')
    explained['failover'] = explained.pop('attempts')
    return explained, ranked + dropped


@db_api.writer
def record_refusal(context, decision, *, pool_id, user_id, outcome, reason):
    """Store a decision that led to no instance (no candidate, quota); returns its record."""
    _check_outcome(outcome)
    request, candidates = _split(decision)
    request['reason'] = str(reason)[:REASON_LENGTH]
    row = models.Placement(pool_id=pool_id, user_id=user_id, outcome=outcome,
                           request=request, candidates=candidates, attempts=[])
    context.session.add(row)
    context.session.flush()
    return render(row)


@db_api.writer
def start(context, instance_id, decision, *, pool_id, user_id):
    """Claim the launch of a reserved instance and store its decision.

    Returns the new placement record, or None when the launch is not this caller's to
    run: another request (a retry with the same idempotency key) claimed it first, or the
    instance is placed, failed or deleted already. The instance row is locked while this
    is decided, so of two racing requests exactly one gets the claim.
    """
    instance = rows.get(context, models.Instance, instance_id, 'instance', lock=True)
    if (instance.provider_instance_id is not None or instance.state != states.PENDING
            or instance.deleted_at is not None):
        return None
    statement = db_api.for_update(context, sa.select(models.Placement.id).where(
        models.Placement.instance_id == instance_id))
    if context.session.execute(statement).first() is not None:
        return None
    request, candidates = _split(decision)
    row = models.Placement(instance_id=instance_id, pool_id=pool_id, user_id=user_id,
                           outcome='pending', request=request, candidates=candidates,
                           attempts=[])
    context.session.add(row)
    context.session.flush()
    return render(row)


@db_api.writer
def add_attempt(context, placement_id, attempt):
    """Append one attempt (a dict: account, outcome, reason...) to a placement's record."""
    row = rows.get(context, models.Placement, placement_id, KIND, lock=True)
    stamped = dict(attempt, at=models_base.utcnow().isoformat())
    # A new list: the JSON column only notices an assignment, not an append.
    row.attempts = list(row.attempts or []) + [stamped]
    context.session.flush()
    return render(row)


@db_api.writer
def finish(context, placement_id, outcome, account_id=None, attempts=()):
    """The launch's end: ``placed``, ``failed`` or ``adopted``, with the attempts made.

    The saga keeps its attempts in memory and stores them here, in one write.
    """
    _check_outcome(outcome)
    row = rows.get(context, models.Placement, placement_id, KIND, lock=True)
    row.outcome = outcome
    if account_id is not None:
        row.account_id = account_id
    if attempts:
        row.attempts = list(row.attempts or []) + [dict(a) for a in attempts]
    context.session.flush()
    return render(row)


@db_api.reader
def get_placement(context, ident):
    """A placement by its id, or the latest placement of the instance with that id.

    ObjectNotFound when there is none or the caller may not read it (the owner, and the
    pool's admins and viewers may).
    """
    row = None
    if isinstance(ident, str) and ident:
        row = context.session.get(models.Placement, ident)
        if row is None:
            row = context.session.scalars(
                sa.select(models.Placement).where(models.Placement.instance_id == ident)
                .order_by(models.Placement.created_at.desc(), models.Placement.id)).first()
    if row is None or not policy.is_allowed(context, 'placement:read',
                                            {'pool_id': row.pool_id, 'owner_id': row.user_id}):
        raise errors.ObjectNotFound(kind=KIND, ident=ident)
    return render(row)


@db_api.reader
def list_placements(context, instance_id):
    """Every placement of an instance the caller may read, oldest first."""
    statement = sa.select(models.Placement).where(
        models.Placement.instance_id == instance_id).order_by(models.Placement.created_at)
    return [render(row) for row in context.session.scalars(statement)
            if policy.is_allowed(context, 'placement:read',
                                 {'pool_id': row.pool_id, 'owner_id': row.user_id})]


def render(row):
    """The record with its decision put back together as ``Decision.to_dict`` shaped it."""
    request = dict(row.request or {})
    candidates = list(row.candidates or [])
    decision = dict(request, attempts=request.pop('failover', []),
                    ranked=[c for c in candidates if 'rank' in c],
                    dropped=[c for c in candidates if 'filter' in c])
    return {'id': row.id, 'instance_id': row.instance_id, 'pool_id': row.pool_id,
            'user_id': row.user_id, 'account_id': row.account_id, 'outcome': row.outcome,
            'decision': decision, 'attempts': list(row.attempts or []),
            'created_at': row.created_at, 'updated_at': row.updated_at}


def _check_outcome(outcome):
    if outcome not in OUTCOMES:
        raise errors.Invalid(field='outcome', reason='one of %s' % ', '.join(OUTCOMES))


@db_api.reader
def instance_for_key(context, owner_id, idempotency_key):
    """The instance an earlier launch of the owner recorded under the key (deleted too), or None.

    The launch saga asks first, so a retry is answered before anything is placed again.
    """
    instance = context.session.scalars(sa.select(models.Instance).where(
        models.Instance.owner_id == owner_id,
        models.Instance.idempotency_key == idempotency_key)).first()
    return None if instance is None else rows.as_dict(instance)


@db_api.reader
def interrupted_launches(context, before):
    """Instances created before ``before`` whose launch never recorded a provider instance.

    Live records, PENDING, without a provider id: a saga that stopped (a crash, a lost
    connection to the database) between reserving and recording. Oldest first.
    """
    instance = models.Instance
    statement = sa.select(instance).where(
        instance.provider_instance_id.is_(None), instance.deleted_at.is_(None),
        instance.state == states.PENDING, instance.created_at < before).order_by(
        instance.created_at, instance.id)
    return [rows.as_dict(row) for row in context.session.scalars(statement)]


@db_api.reader
def launch_accounts(context, instance):
    """The accounts an interrupted launch may have created its instance in, likeliest first.

    The account it was assigned last, then those its placements ranked for failover, then
    (without a placement, when it stopped before one was stored) every member of its pool.
    """
    found = [instance['account_id']] if instance['account_id'] else []
    placed = context.session.scalars(sa.select(models.Placement).where(
        models.Placement.instance_id == instance['id'])).all()
    for row in placed:
        found += [entry['account_id'] for entry in (row.request or {}).get('failover', [])]
        found += [entry['account_id'] for entry in row.attempts or []]
    if not placed and instance['pool_id']:
        found += context.session.scalars(sa.select(models.PoolMember.account_id).where(
            models.PoolMember.pool_id == instance['pool_id']).order_by(
            models.PoolMember.created_at)).all()
    return list(dict.fromkeys(found))


@db_api.reader
def open_placement(context, instance_id):
    """The id of the instance's placement still ``pending``, or None."""
    return context.session.scalar(sa.select(models.Placement.id).where(
        models.Placement.instance_id == instance_id, models.Placement.outcome == 'pending'))
