"""The launch reconciler: repairs launches interrupted between the provider's create and the record.

A launch that crashed after the provider created the instance but before the broker
recorded it leaves a PENDING record without a provider id, holding its quota. Once such a
record is older than [broker_driver] reconcile_grace_seconds (longer than any launch
runs), the reconciler looks in the accounts the launch may have used for a provider
instance carrying the broker's id (its name, or ``extra['broker_instance_id']``):

- found: the record adopts it (provider id, state, addresses; the quota reservation it
  holds is now the instance's), and any further copy (a timed-out create that worked too)
  is destroyed, so nothing is doubled;
- not found in any account, every account answering: the launch failed, its
  reservation is given back (once) and the record is closed;
- an account did not answer: nothing is decided; the next run tries again.
"""

import datetime
import logging

from broker_core import context as broker_context
from broker_core import instances
from broker_core import placements
from broker_driver import saga
from iaas import errors

LOG = logging.getLogger(__name__)


def reconcile(driver, context=None, grace_seconds=None, now=None):
    """Repair every interrupted launch older than the grace period; returns what was done.

    ``driver`` is the broker driver (its provider calls keep account health); ``context``
    a broker context allowed to act on every instance (the operator's by default).
    The result maps instance ids to 'adopted', 'failed' or 'unreachable'.
    """
    context = context or broker_context.RequestContext.admin(user_name='reconciler')
    if grace_seconds is None:
        grace_seconds = driver.conf.broker_driver.reconcile_grace_seconds
    before = (now or driver.clock()) - datetime.timedelta(seconds=grace_seconds)
    done = {}
    for instance in placements.interrupted_launches(context, before):
        done[instance['id']] = reconcile_one(driver, context, instance)
    if done:
        LOG.info('Reconciled %d interrupted launches: %s', len(done), done)
    return done


def reconcile_one(driver, context, instance):
    """Adopt the provider instance of one interrupted launch, or fail the launch."""
    found, unreachable = search(driver, context, instance)
    current = instances.get(context, instance['id'], include_deleted=True)
    if current['provider_instance_id'] is not None or current['deleted_at'] is not None:
        return 'settled'  # its saga (or another reconciler) got there meanwhile
    if found:
        return adopt(driver, context, instance, found)
    if unreachable:
        LOG.warning('Launch %s stays pending: accounts %s did not answer', instance['id'],
                    ', '.join(unreachable))
        return 'unreachable'
    reason = 'launch interrupted; no provider instance carries its id'
    instances.mark_failed(context, instance['id'], reason)
    instances.mark_deleted(context, instance['id'])
    _close_placement(context, instance['id'], 'failed', None, reason)
    return 'failed'


def search(driver, context, instance):
    """([(account id, provider instance)], [account ids that could not be asked])."""
    found, unreachable = [], []
    for account_id in placements.launch_accounts(context, instance):
        try:
            match = saga.find_provider_instances(driver, context, account_id, instance['id'])
        except errors.IaasError as exc:
            LOG.warning('Cannot search account %s for launch %s: %s', account_id,
                        instance['id'], exc.message)
            unreachable.append(account_id)
            continue
        found += [(account_id, provider_instance) for provider_instance in match]
    return found, unreachable


def adopt(driver, context, instance, found):
    """Record the first copy found (in the account assigned last, if there), destroy the rest."""
    found.sort(key=lambda pair: pair[0] != instance['account_id'])
    account_id, kept = found[0]
    instances.record_placement(context, instance['id'], account_id, kept.id,
                               **saga.placement_values(kept))
    _close_placement(context, instance['id'], 'adopted', account_id,
                     'adopted %s after an interrupted launch' % kept.id)
    for other_account, copy in found[1:]:
        discard(driver, context, other_account, copy)
    LOG.info('Adopted %s in account %s for interrupted launch %s', kept.id, account_id,
             instance['id'])
    return 'adopted'


def discard(driver, context, account_id, copy):
    """Destroy a second copy of a launch, stopping it first where the provider demands it."""
    try:
        try:
            driver.account_call(context, account_id, 'destroy_instance', copy.id)
        except errors.MethodNotAllowed:
            driver.account_call(context, account_id, 'stop_instance', copy.id)
            driver.account_call(context, account_id, 'destroy_instance', copy.id)
    except errors.IaasError as exc:
        LOG.error('Could not destroy the extra copy %s in account %s: %s', copy.id,
                  account_id, exc.message)


def _close_placement(context, instance_id, outcome, account_id, reason):
    placement_id = placements.open_placement(context, instance_id)
    if placement_id is not None:
        placements.finish(context, placement_id, outcome, account_id,
                          [{'account_id': account_id, 'outcome': outcome, 'reason': reason,
                            'by': 'reconciler'}])
