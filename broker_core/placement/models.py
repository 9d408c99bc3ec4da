"""Value objects placement works on: the request, each candidate account, and the pool's policy."""

import dataclasses
import datetime
import decimal
import math
import types
import typing

from broker_core.conf import placement as placement_conf
from broker_core import errors

CHOICES = placement_conf.CHOICES
BEST_FIRST, WEIGHTED_RANDOM = CHOICES
KNOWN_FILTERS = ('enabled', 'circuit', 'realm', 'hardware_profile', 'image', 'quota', 'capacity')
KNOWN_WEIGHERS = ('price', 'error_rate', 'free_capacity', 'pack', 'priority', 'weight')
# The same fall-backs as broker_core.pools.effective_policy: every filter, price alone.
DEFAULT_FILTERS = KNOWN_FILTERS
DEFAULT_WEIGHERS = ({'name': 'price', 'multiplier': 1.0},)
_EMPTY = types.MappingProxyType({})
_CONF_DEFAULTS = {opt.name: opt.default for opt in placement_conf.OPTS}


def _no_values():
    # One read-only empty mapping shared by every instance: dataclasses refuse it as a default.
    return dataclasses.field(default_factory=lambda: _EMPTY)


@dataclasses.dataclass(frozen=True, slots=True)
class Candidate:
    """One account (in one provider realm) that could run the request, as the broker sees it.

    The broker driver builds candidates from its DB; placement never reads the DB. Values
    the request decides (hardware profile, image, price, quota headroom) are the ones for
    this request in this account.
    """

    account_id: str
    account_name: str
    provider_id: str = None
    provider_name: str = None
    driver: str = None
    realm_id: str = None               # the provider realm a launch would use
    location: str = None               # a label a realm wish may name instead (a region)
    # Provider hardware profile satisfying the request; None when none does.
    hardware_profile_id: str = None
    hardware_values: typing.Mapping = _no_values()
    price_per_hour: float | decimal.Decimal | None = None   # after the pool's override
    image_id: str = None               # the provider's image for the broker image, or None
    # Account, provider and pool membership all enabled.
    enabled: bool = True
    circuit_state: str = 'closed'
    circuit_opened_at: datetime.datetime | None = None
    error_rate: float = 0.0
    recent_calls: int = 0              # provider calls the error rate was measured over
    consecutive_failures: int = 0
    capacity: int | None = None        # most instances the account may run; None: unbounded
    in_use: int = 0
    priority: int = 0                  # lower is preferred
    weight: float = 1.0
    # Scope ('user', 'group', 'pool', 'account') to how many more instances of this
    # request its quota allows (an int); a scope without a limit is left out.
    quota_headroom: typing.Mapping = _no_values()
    allowed_realms: frozenset | None = None   # pool member's realm restriction; None: all
    extra: typing.Mapping = _no_values()

    @property
    def free_capacity(self):
        """Instances the account can still run, or None when its capacity is unbounded."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.in_use, 0)


@dataclasses.dataclass(frozen=True, slots=True)
class PlacementRequest:
    """What a launch asks for, in broker terms."""

    pool_id: str
    owner_id: str = None
    hardware_profile_id: str = None    # the broker's hardware profile
    hardware_values: typing.Mapping = _no_values()   # the values asked for (cpu, memory, ...)
    image_id: str = None               # the broker's image
    realm: str = None                  # a realm or location wish; None: anywhere
    instance_count: int = 1
    now: datetime.datetime | None = None      # the clock for circuits; None: the real one

    def to_dict(self):
        return {'pool_id': self.pool_id, 'owner_id': self.owner_id,
                'hardware_profile_id': self.hardware_profile_id,
                'hardware_values': dict(self.hardware_values), 'image_id': self.image_id,
                'realm': self.realm, 'instance_count': self.instance_count,
                'now': self.now.isoformat() if self.now is not None else None}


@dataclasses.dataclass(frozen=True, slots=True)
class WeigherSpec:
    name: str
    multiplier: float = 1.0


@dataclasses.dataclass(frozen=True, slots=True)
class Policy:
    """A pool's placement policy with every key filled in."""

    filters: tuple = DEFAULT_FILTERS
    weighers: tuple = tuple(WeigherSpec(**spec) for spec in DEFAULT_WEIGHERS)
    choice: str = _CONF_DEFAULTS['choice']
    top_k: int = _CONF_DEFAULTS['top_k']
    max_attempts: int = _CONF_DEFAULTS['max_attempts']
    # Not a pool setting: [placement] circuit_open_seconds, for the circuit filter.
    circuit_open_seconds: float = _CONF_DEFAULTS['circuit_open_seconds']

    @classmethod
    def from_dict(cls, policy=None, conf=None):
        """Build from a pool's policy JSON; a missing key comes from ``conf`` [placement].

        Without ``conf`` the option defaults apply. ``weighers`` is a list of
        ``{name, multiplier}`` (or a mapping of name to multiplier).
        """
        policy = dict(policy or {})
        fallback = _placement_defaults(conf)
        return cls(filters=_names(policy.get('filters', DEFAULT_FILTERS)),
                   weighers=_weigher_specs(policy.get('weighers', DEFAULT_WEIGHERS)),
                   choice=_choice(policy.get('choice', fallback['choice'])),
                   top_k=_positive('top_k', policy.get('top_k', fallback['top_k'])),
                   max_attempts=_positive('max_attempts',
                                          policy.get('max_attempts', fallback['max_attempts'])),
                   circuit_open_seconds=fallback['circuit_open_seconds'])

    def to_dict(self):
        return {'filters': list(self.filters),
                'weighers': [{'name': w.name, 'multiplier': w.multiplier} for w in self.weighers],
                'choice': self.choice, 'top_k': self.top_k, 'max_attempts': self.max_attempts}


def _placement_defaults(conf):
    if conf is None:
        return _CONF_DEFAULTS
    group = conf.placement
    return {name: group[name] for name in
            ('choice', 'top_k', 'max_attempts', 'circuit_open_seconds')}


def _names(filters):
    if isinstance(filters, str) or not all(isinstance(name, str) for name in filters):
        raise errors.Invalid(field='policy.filters', reason='a list of filter names is required')
    return tuple(filters)


def _weigher_specs(weighers):
    if isinstance(weighers, typing.Mapping):
        weighers = [{'name': name, 'multiplier': m} for name, m in weighers.items()]
    specs = []
    for entry in weighers:
        if not isinstance(entry, typing.Mapping) or not isinstance(entry.get('name'), str):
            raise errors.Invalid(field='policy.weighers', reason='each entry is {name, multiplier}')
        multiplier = entry.get('multiplier', 1.0)
        if (isinstance(multiplier, bool) or not isinstance(multiplier, (int, float))
                or not math.isfinite(multiplier)):
            raise errors.Invalid(field='policy.weighers.%s.multiplier' % entry['name'],
                                 reason='a finite number is required')
        specs.append(WeigherSpec(entry['name'], float(multiplier)))
    if len({spec.name for spec in specs}) != len(specs):
        raise errors.Invalid(field='policy.weighers', reason='a weigher is named twice')
    return tuple(specs)


def _choice(choice):
    if choice not in CHOICES:
        raise errors.Invalid(field='policy.choice', reason='one of %s' % ', '.join(CHOICES))
    return choice


def _positive(key, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise errors.Invalid(field='policy.' + key, reason='an integer of at least 1 is required')
    return value
