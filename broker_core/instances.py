"""The broker's records of instances along a launch: reserved, placed, running, failed, deleted.

``create_reserved`` is the first step of the launch saga: quota is reserved and the record
inserted in one transaction. The broker then calls a provider and records where the
instance landed (``record_placement``), or gives the reservation back (``mark_failed``).
"""

import decimal
import logging
import math

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db.models import base as models_base
from broker_core.db import rows
from broker_core import dependents
from broker_core import errors
from broker_core import events
from broker_core import policy
from broker_core import quotas
from broker_core import records
from iaas import hardware as iaas_hardware
from iaas import states

LOG = logging.getLogger(__name__)

KIND = 'instance'
URL_LENGTH = 2048
_UNCHANGED = object()
# Hardware property -> the quota column that counts it (rounded up: never reserve too little).
_COUNTED = {'cpu': 'vcpus', 'memory': 'memory_mb', 'storage': 'storage_gb'}


def create_reserved(context, *, owner_id, pool_id, name=None, image_id=None,
                    hardware_profile_id=None, hardware=None, idempotency_key=None,
                    callback_url=None, key_id=None, firewall_ids=(), cost_per_hour=None,
                    account_id=None, quota_defaults=None):
    """Reserve quota for an instance and record it (state PENDING), in one transaction.

    A repeated ``idempotency_key`` of the same owner returns the first request's record
    and reserves nothing, also when both requests arrive at once. QuotaExceeded, with
    nothing stored but an event, when a limit of the owner, one of its groups, the pool or
    the account would be exceeded. ``quota_defaults``: see ``quotas.defaults_from``.
    """
    values = _launch_values(owner_id, pool_id, name, image_id, hardware_profile_id, hardware,
                            idempotency_key, callback_url, key_id, firewall_ids, cost_per_hour)
    policy.authorize(context, 'pool:use', {'pool_id': pool_id, 'owner_id': owner_id})
    if idempotency_key is not None:
        earlier = _by_key(context, owner_id, idempotency_key)
        if earlier is not None:
            return earlier
    quotas.ensure_usage(context, quotas.scopes_for(context, owner_id, pool_id, account_id))
    try:
        return _insert_reserved(context, values, account_id, quota_defaults)
    except errors.QuotaExceeded as exc:
        events.record(context, 'instance.create', KIND, None, pool_id=pool_id,
                      account_id=account_id, outcome='refused',
                      details={'owner_id': owner_id, 'name': name, 'reason': exc.message})
        raise


# MariaDB may pick a racing launch as a deadlock victim (row locks of the quota usages and
# the idempotency key's index); the whole transaction is safe to run again.
@oslo_db_api.wrap_db_retry(max_retries=5, retry_interval=0.05, max_retry_interval=0.5,
                           retry_on_deadlock=True, jitter=True)
@db_api.writer
def _insert_reserved(context, values, account_id, defaults):
    owner_id, pool_id, key = values['owner_id'], values['pool_id'], values['idempotency_key']
    records.require_owner_and_pool(context, owner_id, pool_id)
    for column, model, kind in (('image_id', models.Image, 'image'),
                                ('hardware_profile_id', models.HardwareProfile,
                                 'hardware profile'),
                                ('key_id', models.Key, 'key')):
        if values[column] is not None:
            records.require(context, model, values[column], kind, column)
    if account_id is not None:
        records.require(context, models.ProviderAccount, account_id, 'account', 'account_id')
    if key is not None:
        # A plain read: a locking one of a missing key takes a gap lock on MariaDB, and
        # two launches of one owner holding gap locks deadlock on their inserts.
        earlier = _by_key(context, owner_id, key)
        if earlier is not None:
            return earlier
    scopes = quotas.scopes_for(context, owner_id, pool_id, account_id)
    instance = models.Instance(account_id=account_id, state=states.PENDING,
                               quota_scopes=[list(scope) for scope in scopes], **values)
    try:
        with context.session.begin_nested():
            quotas.reserve(context, scopes, quotas.amounts_of(instance), defaults)
            context.session.add(instance)
    except db_exc.DBDuplicateEntry as exc:
        if key is None or 'idempotency_key' not in (exc.columns or ()):
            raise
        # A request with the same key won the race; its row is committed, ours and our
        # reservation went with the savepoint.
        return _view(records.locked_by_key(context, owner_id, key))
    events.record(context, 'instance.create', KIND, instance.id, pool_id=pool_id,
                  account_id=account_id,
                  details={'owner_id': owner_id, 'name': instance.name,
                           'reserved': quotas.amounts_of(instance), 'scopes': scopes})
    LOG.info('Reserved instance %s of user %s in pool %s', instance.id, owner_id, pool_id)
    return _view(instance)


def assign_account(context, instance_id, account_id, *, cost_per_hour=_UNCHANGED,
                   quota_defaults=None):
    """Move the instance's account reservation to ``account_id``, before calling its provider.

    QuotaExceeded (nothing changed) when the account, or a higher price, is over a limit.
    """
    if account_id is not None:
        quotas.ensure_usage(context, [('account', account_id)])
    return _assign_account(context, instance_id, account_id, cost_per_hour, quota_defaults)


@db_api.writer
def _assign_account(context, instance_id, account_id, cost_per_hour, defaults):
    instance = records.for_action(context, models.Instance, instance_id, KIND, KIND)
    before = instance.account_id
    records.move_account(context, instance, account_id, defaults,
                         **_cost_change(instance, cost_per_hour))
    events.record(context, 'instance.assign', KIND, instance.id, pool_id=instance.pool_id,
                  account_id=account_id,
                  details={'from_account_id': before, 'cost_per_hour': instance.cost_per_hour})
    return _view(instance)


def record_placement(context, instance_id, account_id, provider_instance_id, *,
                     state=None, provider_state=None, provider_realm_id=None,
                     provider_image_id=None, provider_hardware_profile_id=None,
                     cost_per_hour=_UNCHANGED, public_addresses=None, private_addresses=None,
                     launched_at=None, quota_defaults=None):
    """Record the provider's id of a created instance: the last step of the launch saga.

    If the instance landed in another account than assigned, the account reservation moves
    there. Another record with that provider id in that account gives it up: the provider
    handed the id out again, so that record's instance is gone (_release_reused_provider_id).
    """
    records.check_text('account_id', account_id, required=True)
    records.check_text('provider_instance_id', provider_instance_id, required=True)
    if state is not None:
        records.check_state(state)
    observed = {'provider_instance_id': provider_instance_id, 'provider_state': provider_state,
                'provider_realm_id': provider_realm_id, 'provider_image_id': provider_image_id,
                'provider_hardware_profile_id': provider_hardware_profile_id,
                'public_addresses': _addresses('public_addresses', public_addresses),
                'private_addresses': _addresses('private_addresses', private_addresses),
                'launched_at': launched_at or models_base.utcnow()}
    for field in ('provider_state', 'provider_realm_id', 'provider_image_id',
                  'provider_hardware_profile_id'):
        records.check_text(field, observed[field])
    quotas.ensure_usage(context, [('account', account_id)])
    return _record_placement(context, instance_id, account_id, state, cost_per_hour,
                             observed, quota_defaults)


@db_api.writer
def _record_placement(context, instance_id, account_id, state, cost_per_hour, observed,
                      defaults):
    instance = records.for_action(context, models.Instance, instance_id, KIND, KIND)
    _release_reused_provider_id(context, instance, account_id, observed['provider_instance_id'])
    changes = _cost_change(instance, cost_per_hour)
    if account_id != instance.account_id or changes:
        records.move_account(context, instance, account_id, defaults, **changes)
    for column, value in observed.items():
        if value is not None:
            setattr(instance, column, value)
    if state is not None:
        instance.state = state
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise errors.ObjectExists(kind='provider instance',
                                  ident=observed['provider_instance_id']) from None
    events.record(context, 'instance.place', KIND, instance.id, pool_id=instance.pool_id,
                  account_id=account_id,
                  details={'provider_instance_id': instance.provider_instance_id,
                           'state': instance.state})
    return _view(instance)


def _release_reused_provider_id(context, instance, account_id, provider_instance_id):
    """Let the record that held a provider id give it up when its provider hands it out again.

    Some clouds (Deltacloud's mock among them) reuse the id of a destroyed instance, so the
    instance that had it is gone there. A deleted record just gives the id up; a live one
    (destroyed at the provider by a request that has not closed it yet, or gone unnoticed)
    is closed as vanished, its quota given back once. The events keep the id each had.
    """
    held = db_api.for_update(context, sa.select(models.Instance).where(
        models.Instance.account_id == account_id,
        models.Instance.provider_instance_id == provider_instance_id,
        models.Instance.id != instance.id))
    stale = context.session.scalars(held.execution_options(populate_existing=True)).all()
    for row in stale:
        if row.deleted_at is None:
            close_gone(context, row, 'instance.vanished',
                       reason='its provider id was reused')
        row.provider_instance_id = None
        events.record(context, 'instance.provider_id_reused', KIND, row.id,
                      pool_id=row.pool_id, account_id=account_id,
                      details={'provider_instance_id': provider_instance_id})
    if stale:
        context.session.flush()


@db_api.writer
def update_state(context, instance_id, state, *, provider_state=None, public_addresses=None,
                 private_addresses=None, error=None):
    """What the provider last reported; an event only when the state changed.

    This does not release quota: an instance in ERROR still exists at its provider until
    it is deleted (``mark_deleted``).
    """
    records.check_state(state)
    records.check_text('provider_state', provider_state)
    instance = records.for_action(context, models.Instance, instance_id, KIND, KIND)
    before = instance.state
    instance.state = state
    instance.state_checked_at = models_base.utcnow()
    if state != before:
        # The state tracker measures a stuck transition from here.
        instance.state_changed_at = instance.state_checked_at
    for column, value in (('provider_state', provider_state),
                          ('public_addresses', _addresses('public_addresses', public_addresses)),
                          ('private_addresses',
                           _addresses('private_addresses', private_addresses)),
                          ('last_error', _error_text(error))):
        if value is not None:
            setattr(instance, column, value)
    context.session.flush()
    if state != before:
        events.record(context, 'instance.state', KIND, instance.id, pool_id=instance.pool_id,
                      account_id=instance.account_id, details={'from': before, 'to': state})
    return _view(instance)


@db_api.writer
def mark_failed(context, instance_id, error):
    """The launch failed: state ERROR with ``error``, and the reservation given back once."""
    instance = records.for_action(context, models.Instance, instance_id, KIND, KIND)
    released = records.release_holding(context, instance)
    if not released and instance.state == states.ERROR:
        return _view(instance)  # failed before: nothing more to give back or to tell
    instance.state = states.ERROR
    instance.last_error = _error_text(error)
    context.session.flush()
    events.record(context, 'instance.fail', KIND, instance.id, pool_id=instance.pool_id,
                  account_id=instance.account_id, outcome='failure',
                  details={'error': instance.last_error, 'released': released})
    LOG.info('Instance %s failed: %s', instance.id, instance.last_error)
    return _view(instance)


@db_api.writer
def mark_deleted(context, instance_id):
    """The instance is gone: deleted_at set, state FINISH, the reservation given back once.

    Deleting a deleted instance changes nothing and returns it.
    """
    instance = records.visible(context, models.Instance, instance_id, KIND, 'instance:read',
                               include_deleted=True, lock=True)
    policy.authorize(context, 'instance:act', records.target_of(instance))
    if instance.deleted_at is not None:
        return _view(instance)
    close_gone(context, instance, 'instance.delete')
    return _view(instance)


def close_gone(context, instance, event_type, now=None, **details):
    """The instance is gone: FINISH and deleted, its quota and what hangs on it let go, told.

    ``instance`` is the locked row, in the caller's writer transaction (a destroy, the state
    tracker finding it vanished, a launch handed its provider id again).
    """
    now = now or models_base.utcnow()
    before = instance.state
    released = records.release_holding(context, instance)
    instance.deleted_at = instance.state_changed_at = instance.state_checked_at = now
    instance.state = states.FINISH
    let_go = dependents.release(context, instance)
    context.session.flush()
    events.record(context, event_type, KIND, instance.id, pool_id=instance.pool_id,
                  account_id=instance.account_id,
                  details=dict(details, released=released, let_go=let_go,
                               **{'from': before, 'to': states.FINISH}))


@db_api.reader
def get(context, instance_id, include_deleted=False):
    """The instance; ObjectNotFound also when it is someone else's the caller may not see."""
    return _view(records.visible(context, models.Instance, instance_id, KIND, 'instance:read',
                                 include_deleted=include_deleted))


@db_api.reader
def get_by_provider_id(context, account_id, provider_instance_id):
    """The record of a provider's instance (the reconciler adopts orphans with it)."""
    instance = context.session.scalars(sa.select(models.Instance).where(
        models.Instance.account_id == account_id,
        models.Instance.provider_instance_id == provider_instance_id)).first()
    if instance is None or not policy.is_allowed(context, 'instance:read',
                                                 records.target_of(instance)):
        raise errors.ObjectNotFound(kind='provider instance', ident=provider_instance_id)
    return _view(instance)


@db_api.reader
def list_instances(context, *, owner_id=None, pool_id=None, account_id=None, state=None,
                   include_deleted=False, limit=None, view=None):
    """Instances matching every given filter that the caller may see, oldest first.

    Each is a dict of its columns, or what ``view`` makes of that dict: the records are
    read a batch at a time, so a long listing never holds them all beside their views.
    ``view`` must not read the database, whose cursor is still being read.
    """
    statement = records.listing(context, models.Instance, 'instance:read', owner_id=owner_id,
                                pool_id=pool_id, account_id=account_id, state=state,
                                include_deleted=include_deleted, limit=limit)
    found = rows.column_dicts(context, models.Instance, statement)
    return list(found) if view is None else [view(record) for record in found]


@db_api.reader
def _by_key(context, owner_id, idempotency_key):
    instance = context.session.scalars(sa.select(models.Instance).where(
        models.Instance.owner_id == owner_id,
        models.Instance.idempotency_key == idempotency_key)).first()
    return None if instance is None else _view(instance)


def _launch_values(owner_id, pool_id, name, image_id, hardware_profile_id, hardware,
                   idempotency_key, callback_url, key_id, firewall_ids, cost_per_hour):
    records.check_text('owner_id', owner_id, required=True)
    records.check_text('pool_id', pool_id, required=True)
    values = {'owner_id': owner_id, 'pool_id': pool_id,
              'name': records.check_text('name', name),
              'image_id': records.check_text('image_id', image_id),
              'hardware_profile_id': records.check_text('hardware_profile_id',
                                                        hardware_profile_id),
              'key_id': records.check_text('key_id', key_id),
              'idempotency_key': records.check_text('idempotency_key', idempotency_key),
              'callback_url': _callback_url(callback_url),
              'firewall_ids': _ids('firewall_ids', firewall_ids),
              'cost_per_hour': None if cost_per_hour is None
              else quotas.check_amount('cost_per_hour', cost_per_hour)}
    values.update(_hardware(hardware))
    return values


def _hardware(hardware):
    """The concrete hardware asked for, and the amounts of it that count against quotas."""
    hardware = {} if hardware is None else hardware
    if not isinstance(hardware, dict):
        raise errors.Invalid(field='hardware', reason='a mapping of property to value')
    concrete = {}
    for prop, value in hardware.items():
        if prop not in iaas_hardware.UNITS:
            raise errors.Invalid(field='hardware', reason="unknown property '%s'" % prop)
        if prop in iaas_hardware.NUMERIC:
            if isinstance(value, bool) or not isinstance(value, (int, float, decimal.Decimal)):
                raise errors.Invalid(field='hardware', reason="'%s' must be a number" % prop)
            if not math.isfinite(value) or value < 0:
                raise errors.Invalid(field='hardware', reason="'%s' is out of range" % prop)
            value = int(value) if float(value).is_integer() else float(value)
        else:
            value = records.check_text('hardware', value, required=True)
        concrete[prop] = value
    counted = {column: quotas.check_amount(column, math.ceil(concrete.get(prop, 0)))
               for prop, column in _COUNTED.items()}
    return dict(counted, hardware=concrete)


def _callback_url(url):
    records.check_text('callback_url', url, URL_LENGTH)
    if url is not None and not url.startswith(('http://', 'https://')):
        raise errors.Invalid(field='callback_url', reason='an http or https URL is required')
    return url


def _ids(field, values):
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple)):
        raise errors.Invalid(field=field, reason='a list of ids is required')
    return [records.check_text(field, value, required=True) for value in values]


def _addresses(field, addresses):
    return None if addresses is None else _ids(field, addresses)


def _cost_change(instance, cost_per_hour):
    if cost_per_hour is _UNCHANGED:
        return {}
    cost = None if cost_per_hour is None else quotas.check_amount('cost_per_hour', cost_per_hour)
    return {} if cost == instance.cost_per_hour else {'cost_per_hour': cost}


def _error_text(error):
    return None if error is None else str(error)[:records.ERROR_LENGTH]


def _view(instance):
    return rows.as_dict(instance)
