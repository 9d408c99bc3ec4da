"""The launch saga: reserve and record, try the ranked accounts in turn, record where it landed.

Each step commits on its own; a crash between two of them leaves a record the reconciler
repairs (reconciler.py):

1. ``instances.create_reserved``: quota reserved and the instance row inserted (PENDING) in
   one transaction; a repeated idempotency key returns the first request's row instead.
2. ``placements.start``: the decision stored, and the launch claimed under a row lock, so
   of requests racing with one key exactly one calls providers.
3. Per candidate in failover order: ``instances.assign_account`` moves the account part of
   the reservation (and the price) to it, or refuses (its quota) and the next one is tried;
   the provider's ``create_instance`` is called with the broker's instance id as the name
   and in ``extra`` (so the instance can be found again); account health is recorded.
4. ``instances.record_placement``: the provider's id, state and addresses (commit).
5. When no candidate succeeds: ``mark_failed`` (the reservation given back once) and
   ``mark_deleted`` (a failed launch is not shown as an instance), then the error.
"""

import logging
import os

from oslo_db import api as oslo_db_api
from oslo_db import exception as oslo_db_exc

from broker_core import candidates
from broker_core import errors as broker_errors
from broker_core import health
from broker_core import instances
from broker_core import placement
from broker_core import placements
from broker_core import quotas
from broker_core import records
from broker_driver import launch
from iaas import errors
from iaas import models
from iaas import states

LOG = logging.getLogger(__name__)

# Test hook: a process whose environment names a crash point ends there (os._exit), as a
# crash would. Nothing sets it outside the tests that simulate crashes.
CRASH_ENV = 'BROKER_TEST_CRASH_POINT'
BEFORE_PROVIDER_CREATE, AFTER_PROVIDER_CREATE = 'before_provider_create', 'after_provider_create'
CRASH_EXIT_CODE = 77
# Where the broker's instance id travels in the provider's InstanceSpec.extra.
BROKER_ID_KEY = 'broker_instance_id'
# A client error every account gave alike is the request's fault: it is answered as such.
_SAME_CLIENT_ERROR = {400: errors.ValidationError, 404: errors.NotFound, 409: errors.Conflict}


# Every DB step of the saga is its own transaction and safe to run again, so a deadlock
# (InnoDB picks a victim when racing launches lock instance and usage rows in different
# orders) is retried rather than failing the launch.


def _deadlocked(exc):
    """Whether ``exc`` is, or was raised while handling, a deadlock.

    InnoDB rolls back the whole transaction of a deadlock's victim: when that happens in a
    savepoint, rolling back to the savepoint fails next and hides the deadlock behind it.
    """
    while exc is not None:
        if isinstance(exc, oslo_db_exc.DBDeadlock):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


_retry_on_deadlock = oslo_db_api.wrap_db_retry(max_retries=5, retry_interval=0.05,
                                               inc_retry_interval=True,
                                               exception_checker=_deadlocked)


def step(func, *args, **kwargs):
    """``func(*args, **kwargs)``, run again when the database chose it as a deadlock's victim."""
    return _retry_on_deadlock(func)(*args, **kwargs)


class LaunchFailed(errors.ProviderError):
    """Every account tried refused the launch; the message names each with its reason."""

    msg_fmt = 'Launch %(instance)s failed: %(reasons)s'


def crash_point(name):
    """End the process here when BROKER_TEST_CRASH_POINT names ``name`` (tests only)."""
    if os.environ.get(CRASH_ENV) == name:
        LOG.critical('Crash point %s reached: exiting as a crash would', name)
        os._exit(CRASH_EXIT_CODE)


def run(driver, bctx, spec):
    """Launch ``spec`` for the caller of ``bctx``; the instance record (a dict)."""
    request = launch.validate(driver, bctx, spec)
    if request.idempotency_key:
        earlier = placements.instance_for_key(bctx, bctx.user_id, request.idempotency_key)
        if earlier is not None:
            return replay(earlier)
    decision = decide(driver, bctx, request)
    instance = reserve(driver, bctx, request, decision)
    claim = step(placements.start, bctx, instance['id'], decision,
                 pool_id=request.pool['id'], user_id=bctx.user_id)
    if claim is None:
        return replay(instances.get(bctx, instance['id'], include_deleted=True))
    return Saga(driver, bctx, request, decision, instance, claim).run()


def replay(instance):
    """What a retry with a used idempotency key gets: the same instance, or the same failure.

    A launch still under way (or interrupted, until the reconciler decides) shows PENDING.
    """
    if instance['provider_instance_id'] is None and instance['last_error'] and (
            instance['state'] == states.ERROR or instance['deleted_at'] is not None):
        raise LaunchFailed(instance=instance['id'], reasons=instance['last_error'])
    return instance


def decide(driver, bctx, request):
    """Rank the pool's accounts for the request; the refusal error when none can run it."""
    found = candidates.build(
        bctx, pool_id=request.pool['id'], owner_id=bctx.user_id,
        hardware_profile_id=request.profile['id'], overrides=request.overrides,
        image_id=request.image['id'], amounts=request.amounts(),
        quota_defaults=quotas.defaults_from(driver.conf))
    policy = placement.Policy.from_dict(request.pool['policy'], driver.conf)
    decision = placement.place(launch.placement_request(request, bctx, driver.clock()),
                               found, policy)
    if not decision.attempts:
        outcome, error = launch.refusal(request.pool, decision)
        placements.record_refusal(bctx, decision, pool_id=request.pool['id'],
                                  user_id=bctx.user_id, outcome=outcome, reason=error.message)
        raise error
    return decision


def reserve(driver, bctx, request, decision):
    """Step 1: the instance row with its quota reserved (or the earlier one of the key)."""
    try:
        return step(
            instances.create_reserved, bctx, owner_id=bctx.user_id,
            pool_id=request.pool['id'], name=request.spec.name, image_id=request.image['id'],
            hardware_profile_id=request.profile['id'],
            hardware=request.values, idempotency_key=request.idempotency_key,
            callback_url=request.callback_url,
            key_id=request.key['id'] if request.key else None,
            firewall_ids=request.firewall_ids,
            quota_defaults=quotas.defaults_from(driver.conf))
    except broker_errors.QuotaExceeded as exc:
        placements.record_refusal(bctx, decision, pool_id=request.pool['id'],
                                  user_id=bctx.user_id, outcome='quota', reason=exc.message)
        raise


def provider_spec(request, candidate, instance_id, keyname=None, firewall_ids=()):
    """What the provider is asked to launch: its own image, realm, profile, key and firewalls."""
    return models.InstanceSpec(
        image_id=candidate.image_id, realm_id=candidate.realm_id,
        hardware_profile_id=candidate.hardware_profile_id,
        hardware_profile_overrides=dict(candidate.hardware_values),
        name=instance_id, keyname=keyname, user_data=request.spec.user_data or None,
        firewall_ids=list(firewall_ids),
        extra={BROKER_ID_KEY: instance_id, 'idempotency_key': instance_id})


def find_provider_instances(driver, bctx, account_id, instance_id):
    """The provider instances carrying the broker's id in the account (one, unless doubled)."""
    return [found for found in driver.account_call(bctx, account_id, 'list_instances')
            if found.name == instance_id or found.extra.get(BROKER_ID_KEY) == instance_id]


def placement_values(created):
    """``instances.record_placement`` keywords for a provider's Instance."""
    state = created.state if created.state in records.STATES else states.PENDING
    return {'state': state, 'provider_state': created.state or None,
            'provider_realm_id': created.realm_id or None,
            'provider_image_id': created.image_id or None,
            'provider_hardware_profile_id': created.hardware_profile_id or None,
            'public_addresses': [a.address for a in created.public_addresses],
            'private_addresses': [a.address for a in created.private_addresses]}


class Saga:
    """Steps 3 to 5 of one claimed launch; ``attempts`` is what the placement record keeps."""

    def __init__(self, driver, bctx, request, decision, instance, claim):
        self.driver, self.bctx, self.request = driver, bctx, request
        self.decision, self.instance, self.claim = decision, instance, claim
        self.attempts = []

    @property
    def instance_id(self):
        return self.instance['id']

    def run(self):
        for candidate in self.decision.attempts:
            created = self.attempt(candidate)
            if created is not None:
                return self.record(candidate, created)
        return self.fail()

    def note(self, candidate, outcome, reason=None, **details):
        self.attempts.append(dict({'account_id': candidate.account_id,
                                   'account_name': candidate.account_name,
                                   'realm_id': candidate.realm_id, 'outcome': outcome,
                                   'reason': reason}, **details))

    def attempt(self, candidate):
        """The provider's new instance in the candidate's account, or None (noted why)."""
        if candidate.circuit_state != health.CLOSED and not health.begin_probe(
                self.bctx, candidate.account_id,
                self.decision.policy.circuit_open_seconds, now=self.driver.clock()):
            self.note(candidate, 'skipped', 'another launch is probing its open circuit')
            return None
        try:
            step(instances.assign_account, self.bctx, self.instance_id, candidate.account_id,
                 cost_per_hour=candidate.price_per_hour,
                 quota_defaults=quotas.defaults_from(self.driver.conf))
        except broker_errors.QuotaExceeded as exc:
            self.note(candidate, 'quota', exc.message, code=exc.code)
            return None
        crash_point(BEFORE_PROVIDER_CREATE)
        try:
            created = self.create(candidate)
        except errors.IaasError as exc:
            created = self.recover(candidate, exc)
            if created is None:
                return None
        crash_point(AFTER_PROVIDER_CREATE)
        return created

    def create(self, candidate):
        """The provider's create_instance, the key and firewalls realized in its account first."""
        keyname, firewall_ids = None, []
        if self.request.key is not None or self.request.firewall_ids:
            keyname, firewall_ids = self.driver.launch_access(
                self.bctx, self.request.key and self.request.key['id'],
                self.request.firewall_ids, candidate.account_id)
        spec = provider_spec(self.request, candidate, self.instance_id, keyname, firewall_ids)
        created = self.driver.account_call(self.bctx, candidate.account_id, 'create_instance',
                                           spec)
        if not created:
            raise errors.ProviderError("Account '%s' launched nothing" % candidate.account_name)
        return created[0]

    def recover(self, candidate, exc):
        """After a failed create: a timed-out create may have worked, so look before moving on."""
        reason = getattr(exc, 'reason', None) or exc.message
        if isinstance(exc, errors.ProviderTimeout):
            try:
                found = find_provider_instances(self.driver, self.bctx, candidate.account_id,
                                                self.instance_id)
            except errors.IaasError:
                found = []
            found = found[0] if found else None
            if found is not None:
                LOG.info('Instance %s was created in account %s despite: %s',
                         self.instance_id, candidate.account_name, reason)
                return found
        self.note(candidate, 'failed', reason, code=exc.code)
        return None

    def record(self, candidate, created):
        """Step 4: the provider's id, state and addresses, committed."""
        row = step(
            instances.record_placement, self.bctx, self.instance_id, candidate.account_id,
            created.id, quota_defaults=quotas.defaults_from(self.driver.conf),
            **placement_values(created))
        self.note(candidate, 'created', provider_instance_id=created.id)
        step(placements.finish, self.bctx, self.claim['id'], 'placed', candidate.account_id,
             self.attempts)
        LOG.info('Instance %s launched in account %s as %s', self.instance_id,
                 candidate.account_name, created.id)
        return row

    def fail(self):
        """Step 5: the reservation given back, the record closed, the error raised."""
        error = self.error()
        step(instances.mark_failed, self.bctx, self.instance_id, error.message)
        step(instances.mark_deleted, self.bctx, self.instance_id)
        step(placements.finish, self.bctx, self.claim['id'], 'failed', attempts=self.attempts)
        raise error

    def error(self):
        """403 when quotas refused every account, a 4xx every account gave alike, else 502."""
        reasons = '; '.join('%s: %s' % (a['account_name'], a['reason'])
                            for a in self.attempts) or 'no account could be tried'
        outcomes = {a['outcome'] for a in self.attempts}
        codes = {a.get('code') for a in self.attempts}
        if outcomes == {'quota'}:
            return errors.Forbidden('Quota exceeded for launch %s: %s'
                                    % (self.instance_id, reasons))
        same = _SAME_CLIENT_ERROR.get(codes.pop()) if len(codes) == 1 else None
        if same is not None:
            return same('Launch %s failed: %s' % (self.instance_id, reasons))
        return LaunchFailed(instance=self.instance_id, reasons=reasons)
