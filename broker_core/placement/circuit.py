"""Whether an account's circuit breaker lets a launch through, read from the candidate alone.

The broker driver keeps the books: it opens the circuit after
[placement] circuit_failure_threshold consecutive failures (stamping circuit_opened_at),
and when it sends a launch to an account whose circuit is not closed, that launch is the
half-open probe: it sets ``half_open`` and stamps circuit_opened_at again, so concurrent
placements keep away for another cooldown (and a probe lost in a crash expires). A
success closes the circuit, a failure opens it.
"""

import datetime

CLOSED, OPEN, HALF_OPEN = 'closed', 'open', 'half_open'


def utcnow():
    """Naive UTC, as the DB stores its timestamps."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def circuit_allows(candidate, now, cooldown):
    """True when ``candidate`` may be tried at ``now``.

    Closed: always. Open or half-open: once ``cooldown`` seconds (or a timedelta) have
    passed since circuit_opened_at, for one probe; an open circuit without a stamp stays shut.
    """
    if candidate.circuit_state == CLOSED:
        return True
    return cooldown_left(candidate, now, cooldown) == 0


def cooldown_left(candidate, now, cooldown):
    """Seconds until a circuit that is not closed allows a probe (0 when it does now)."""
    opened_at = candidate.circuit_opened_at
    if opened_at is None:
        return float('inf')
    if not isinstance(cooldown, datetime.timedelta):
        cooldown = datetime.timedelta(seconds=cooldown)
    left = (_naive_utc(opened_at) + cooldown - _naive_utc(now)).total_seconds()
    return max(left, 0)


def _naive_utc(moment):
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
