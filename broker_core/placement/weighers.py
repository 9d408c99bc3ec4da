"""The built-in weighers, registered as ``broker.placement.weighers`` under the names below.

Every raw score is "higher is better"; each docstring says which way its value points.
"""

import math

from broker_core.placement import base


class PriceWeigher(base.Weigher):
    """``price``: cheaper is better (raw score: minus the price per hour after overrides).

    An unknown price ranks below every known one.
    """

    def raw_score(self, candidate, request):
        price = candidate.price_per_hour
        return -math.inf if price is None else -float(price)

    def raw_scores(self, candidates, request):
        return [-math.inf if (price := c.price_per_hour) is None else -float(price)
                for c in candidates]


class ErrorRateWeigher(base.Weigher):
    """``error_rate``: a lower recent error rate is better (raw score: minus the rate)."""

    def raw_score(self, candidate, request):
        return -candidate.error_rate

    def raw_scores(self, candidates, request):
        return [-c.error_rate for c in candidates]


class FreeCapacityWeigher(base.Weigher):
    """``free_capacity`` (spread): more free capacity is better; unbounded is the best."""

    def raw_score(self, candidate, request):
        free = candidate.free_capacity
        return math.inf if free is None else float(free)

    def raw_scores(self, candidates, request):
        return [math.inf if c.capacity is None else float(max(c.capacity - c.in_use, 0))
                for c in candidates]


class PackWeigher(base.Weigher):
    """``pack``: less free capacity is better, filling accounts up; unbounded comes last.

    It ranks as ``free_capacity`` with a negative multiplier does; the name says the intent.
    """

    def raw_score(self, candidate, request):
        free = candidate.free_capacity
        return -math.inf if free is None else -float(free)

    def raw_scores(self, candidates, request):
        return [-math.inf if c.capacity is None else -float(max(c.capacity - c.in_use, 0))
                for c in candidates]


class PriorityWeigher(base.Weigher):
    """``priority``: strict priority groups, a lower priority number is better.

    Strict: every account of the best group outranks every account of a worse group,
    whatever the other weighers say; the others only order accounts within a group.
    """

    strict = True

    def raw_score(self, candidate, request):
        return -float(candidate.priority)

    def raw_scores(self, candidates, request):
        return [-float(c.priority) for c in candidates]


class WeightWeigher(base.Weigher):
    """``weight``: a larger per-account weight is better.

    Normalised by the largest weight, not min-max, so weights keep their proportions
    (1 and 3 score 1/3 and 1): a weighted-random pool with this weigher alone sends each
    account a share of launches in proportion to its weight. Negative weights count as 0.
    """

    def raw_score(self, candidate, request):
        weight = candidate.weight
        return weight if 0 < weight < math.inf else 0.0

    def normalise(self, raw_scores):
        return base.ratio_to_max(raw_scores)

    def raw_scores(self, candidates, request):
        return [weight if 0 < (weight := c.weight) < math.inf else 0.0 for c in candidates]
