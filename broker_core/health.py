"""Provider account health: error rates and the circuit breaker, kept from every provider call.

The circuit of an account moves closed -> open after [placement] circuit_failure_threshold
consecutive failures; once [placement] circuit_open_seconds have passed, one call may go
through as a probe (``begin_probe``: open -> half_open, re-stamping circuit_opened_at so
concurrent placements keep away for another cooldown, and a probe lost in a crash expires);
the probe's success closes the circuit, its failure opens it again. The placement filter
(``broker_core.placement.circuit``) reads the same columns.
"""

import logging

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core.db import rows
from broker_core import events
from broker_core.placement import circuit

LOG = logging.getLogger(__name__)

CLOSED, OPEN, HALF_OPEN = circuit.CLOSED, circuit.OPEN, circuit.HALF_OPEN
# Weight of the newest call in the exponentially weighted error rate: about the last ten
# calls count, so a provider that recovers wins traffic back within a few launches.
ERROR_RATE_ALPHA = 0.2
ERROR_LENGTH = 1000


def utcnow():
    """Naive UTC, the form every timestamp column holds."""
    return circuit.utcnow()


def next_error_rate(rate, failed, alpha=ERROR_RATE_ALPHA):
    """The error rate after one more call; ``failed`` tells how it went."""
    return (1.0 - alpha) * (rate or 0.0) + (alpha if failed else 0.0)


@db_api.writer
def record_success(context, account_id, now=None):
    """A provider call of the account succeeded: failures reset, the circuit closes.

    Returns the account's health as a dict.
    """
    now = now or utcnow()
    account = rows.get(context, models.ProviderAccount, account_id, 'account', lock=True)
    before = account.circuit_state
    account.consecutive_failures = 0
    account.error_rate = next_error_rate(account.error_rate, failed=False)
    account.last_success_at = now
    if before != CLOSED:
        account.circuit_state = CLOSED
        account.circuit_opened_at = None
        events.record(context, 'account.circuit', 'account', account.id, account_id=account.id,
                      details={'from': before, 'to': CLOSED})
        LOG.info('Circuit of account %s closed again', account.name)
    context.session.flush()
    return view(account)


@db_api.writer
def record_failure(context, account_id, error, threshold, now=None):
    """A provider call of the account failed: count it, and open the circuit at ``threshold``.

    A failed probe (half_open) opens the circuit again at once. ``error`` must already be
    free of secrets. Returns the account's health as a dict.
    """
    now = now or utcnow()
    account = rows.get(context, models.ProviderAccount, account_id, 'account', lock=True)
    before = account.circuit_state
    account.consecutive_failures = (account.consecutive_failures or 0) + 1
    account.error_rate = next_error_rate(account.error_rate, failed=True)
    account.last_failure_at = now
    account.last_error = str(error)[:ERROR_LENGTH]
    if before == HALF_OPEN or (before == CLOSED and account.consecutive_failures >= threshold):
        account.circuit_state = OPEN
        account.circuit_opened_at = now
        events.record(context, 'account.circuit', 'account', account.id, account_id=account.id,
                      outcome='failure',
                      details={'from': before, 'to': OPEN,
                               'consecutive_failures': account.consecutive_failures,
                               'error': account.last_error})
        LOG.warning('Circuit of account %s opened after %d consecutive failures: %s',
                    account.name, account.consecutive_failures, account.last_error)
    context.session.flush()
    return view(account)


@db_api.writer
def begin_probe(context, account_id, cooldown, now=None):
    """Claim the half-open probe of an account whose circuit is not closed.

    True when the call may go ahead: the circuit is closed, or its cooldown has passed and
    this caller now holds the probe (half_open, stamped ``now``). False while it cools down
    or another caller holds the probe.
    """
    now = now or utcnow()
    account = rows.get(context, models.ProviderAccount, account_id, 'account', lock=True)
    if account.circuit_state == CLOSED:
        return True
    if circuit.cooldown_left(account, now, cooldown) > 0:
        return False
    before = account.circuit_state
    account.circuit_state = HALF_OPEN
    account.circuit_opened_at = now
    context.session.flush()
    events.record(context, 'account.circuit', 'account', account.id, account_id=account.id,
                  details={'from': before, 'to': HALF_OPEN})
    return True


@db_api.reader
def get_health(context, account_id):
    return view(rows.get(context, models.ProviderAccount, account_id, 'account'))


def view(account):
    return {'account_id': account.id, 'account_name': account.name,
            'consecutive_failures': account.consecutive_failures,
            'error_rate': account.error_rate, 'circuit_state': account.circuit_state,
            'circuit_opened_at': account.circuit_opened_at,
            'last_success_at': account.last_success_at,
            'last_failure_at': account.last_failure_at, 'last_error': account.last_error}
