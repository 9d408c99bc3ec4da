"""Per-provider knobs of a simulated cloud: boot time, latency, failures, capacity, prices."""

import dataclasses
import logging
import math
import random
import time
import typing

from iaas import collections
from iaas import errors
from iaas.drivers.mock import seed
from iaas.drivers.mock import store as store_mod

LOG = logging.getLogger(__name__)

# Any operation: a key of failure_rates and fail_next.
ALL_OPERATIONS = '*'
# What a simulated hour costs per profile unless the price knob says otherwise.
DEFAULT_PRICES = {'m1-small': 0.06, 'm1-large': 0.24, 'm1-xlarge': 0.48, 'opaque': 0.12}


@dataclasses.dataclass
class Knobs:
    boot_time: float = 0.0       # seconds a new instance stays PENDING
    latency: float = 0.0         # seconds added to every operation
    failure_rates: dict = dataclasses.field(default_factory=dict)  # operation -> 0..1
    failure_seed: typing.Optional[int] = None  # makes the failure draws reproducible
    fail_next: dict = dataclasses.field(default_factory=dict)      # operation -> count
    capacity: typing.Optional[int] = None      # most live instances; None is unlimited
    prices: dict = dataclasses.field(default_factory=dict)         # profile id -> per hour


NAMES = tuple(f.name for f in dataclasses.fields(Knobs))


def _operations():
    names = {ALL_OPERATIONS}
    for collection in collections.COLLECTIONS.values():
        names.update(collections.operation_name(collection.name, op)
                     for op in collection.operations)
    return names


def _number(name, value, low=0.0, high=math.inf):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise errors.ValidationError("Knob '%s' must be a number, not %r" % (name, value))
    if not low <= value <= high:
        raise errors.ValidationError("Knob '%s' must be between %s and %s, not %s"
                                     % (name, low, high, value))
    return value


def _integer(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise errors.ValidationError("Knob '%s' must be a whole number >= 0, not %r"
                                     % (name, value))
    return value


def _mapping(name, value, allowed_keys, check_value):
    if not isinstance(value, dict):
        raise errors.ValidationError("Knob '%s' must be a mapping, not %r" % (name, value))
    unknown = sorted(set(value) - allowed_keys)
    if unknown:
        raise errors.ValidationError("Knob '%s' has unknown keys: %s"
                                     % (name, ', '.join(map(str, unknown))))
    return {key: check_value('%s[%s]' % (name, key), v) for key, v in value.items()}


def validate(name, value):
    """The knob's value as stored; ValidationError for an unknown knob or a bad value."""
    if name not in NAMES:
        raise errors.ValidationError("Unknown knob '%s'; knobs are: %s" % (name, ', '.join(NAMES)))
    if value is None:
        return None
    if name in ('boot_time', 'latency'):
        return float(_number(name, value, high=3600.0))
    if name == 'failure_rates':
        return _mapping(name, value, _operations(), lambda n, v: float(_number(n, v, high=1.0)))
    if name == 'fail_next':
        return _mapping(name, value, _operations(), _integer)
    if name == 'prices':
        return _mapping(name, value, set(seed.PROFILE_IDS), lambda n, v: float(_number(n, v)))
    return _integer(name, value)


def from_stored(conf, stored):
    """Effective knobs: stored values over the [mock] defaults."""
    result = Knobs(boot_time=conf.mock.boot_time, latency=conf.mock.latency)
    for name, value in stored.items():
        if name in NAMES:
            setattr(result, name, value)
    result.prices = dict(DEFAULT_PRICES, **result.prices)
    return result


def open_store(conf, provider):
    return store_mod.Store(store_mod.database_path(conf, provider), seed.seed)


def get_knobs(conf, provider=None):
    """The effective knobs of ``provider`` (None: the default simulated cloud)."""
    with open_store(conf, provider).read() as txn:
        return from_stored(conf, txn.knobs())


def set_knobs(conf, provider=None, **knobs):
    """Change some knobs of ``provider``; all are validated before any is stored.

    Knobs live in the provider's SQLite file, so every worker process sees a change at
    once. ``None`` returns a knob to its default; dict knobs are replaced as a whole::

        set_knobs(conf, 'slow', boot_time=5, latency=0.2)
        set_knobs(conf, 'flaky', failure_rates={'instances.create': 0.3}, failure_seed=7)
        set_knobs(conf, 'flaky', fail_next={'instances.create': 2})
        set_knobs(conf, 'small', capacity=10, prices={'m1-small': 0.02})
    """
    checked = {name: validate(name, value) for name, value in knobs.items()}
    with open_store(conf, provider).write() as txn:
        for name, value in checked.items():
            txn.set_knob(name, value)
        stored = txn.knobs()
    LOG.info('Knobs of mock provider %s changed: %s', provider, sorted(checked))
    return from_stored(conf, stored)


def reset_knobs(conf, provider=None):
    """Every knob of ``provider`` back to its default."""
    with open_store(conf, provider).write() as txn:
        txn.clear_knobs()
    return get_knobs(conf, provider)


def _failure_reason(txn, operation):
    """Why this call of ``operation`` fails, or None; counts down fail_next under the lock."""
    stored = txn.knobs()
    fail_next = dict(stored.get('fail_next') or {})
    for key in (operation, ALL_OPERATIONS):
        if fail_next.get(key, 0) > 0:
            fail_next[key] -= 1
            txn.set_knob('fail_next', {k: v for k, v in fail_next.items() if v > 0} or None)
            return 'fail_next'
    rates = stored.get('failure_rates') or {}
    rate = rates.get(operation, rates.get(ALL_OPERATIONS, 0.0))
    if not rate:
        return None
    seed_value = stored.get('failure_seed')
    if seed_value is None:
        draw = random.random()
    else:
        # The n-th call of an operation draws the same number in every process and run.
        n = txn.next_sequence('draw:' + operation)
        draw = random.Random('%s:%s:%d' % (seed_value, operation, n)).random()
    return 'failure rate %s' % rate if draw < rate else None


def apply(store, knobs, operation, provider):
    """Delay by the latency knob, then raise ProviderError if this call is chosen to fail."""
    if knobs.latency:
        time.sleep(knobs.latency)
    if not (knobs.fail_next or knobs.failure_rates):
        return
    with store.write() as txn:
        reason = _failure_reason(txn, operation)
    if reason:
        LOG.info('Injecting a failure of %s on mock provider %s (%s)', operation, provider, reason)
        raise errors.ProviderError("Injected failure of %s on mock provider '%s' (%s)"
                                   % (operation, provider or store_mod.DEFAULT_PROVIDER, reason))
