"""Where a new volume, address, balancer or bucket goes: the pool's accounts ranked by policy.

Placement is the launches' pipeline with the filters that mean something without an
instance (enabled, circuit, realm): hardware, image and instance capacity do not apply,
and quotas are enforced by the reservation itself (a refusing account is skipped).
"""

import dataclasses

from broker_core import accounts
from broker_core import placement
from broker_core import pool_members
from broker_core import providers
from broker_driver import launch
from iaas import errors

RESOURCE_FILTERS = ('enabled', 'circuit', 'realm')


def candidates(bctx, pool_id):
    """A Candidate per member of the pool; a restricted member offers its first realm."""
    found = []
    for member in pool_members.list_members(bctx, pool_id):
        account = accounts.get_account(bctx, member['account_id'])
        provider = providers.get_provider(bctx, account['provider_id'])
        realms = member['realms']
        found.append(placement.Candidate(
            account_id=account['id'], account_name=account['name'],
            provider_id=provider['id'], provider_name=provider['name'],
            driver=provider['driver'], realm_id=realms[0] if realms else None,
            enabled=bool(member['enabled'] and account['enabled'] and provider['enabled']),
            circuit_state=account['circuit_state'] or 'closed',
            circuit_opened_at=account['circuit_opened_at'],
            error_rate=account['error_rate'] or 0.0,
            consecutive_failures=account['consecutive_failures'] or 0,
            priority=account['priority'] or 0, weight=account['weight'],
            allowed_realms=None if realms is None else frozenset(realms)))
    return found


def rank(driver, bctx, pool):
    """The pool's candidates for a new object, best first (the failover order).

    NoCandidate (503) naming every account's reason when none may take it.
    """
    policy = placement.Policy.from_dict(pool['policy'], driver.conf)
    policy = dataclasses.replace(policy, filters=tuple(
        name for name in policy.filters if name in RESOURCE_FILTERS))
    request = placement.PlacementRequest(pool_id=pool['id'], owner_id=bctx.user_id,
                                         now=driver.clock())
    decision = placement.place(request, candidates(bctx, pool['id']), policy)
    if not decision.attempts:
        raise launch.refusal(pool, decision)[1]
    return decision.attempts


def failure(what, object_id, failures):
    """The error of an object no account created: one account's own, or a 502 naming each.

    ``failures`` holds (error, reason) per account tried, in order.
    """
    if len(failures) == 1:
        return failures[0][0]
    reasons = '; '.join(reason for _, reason in failures) or 'no account could be tried'
    return errors.ProviderError('%s %s could not be created: %s' % (what, object_id, reasons))
