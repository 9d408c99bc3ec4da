"""The plug-in interfaces of placement: a Filter drops candidates, a Weigher scores them."""

import abc
import itertools
import math

# What Filter.passes returns for a kept candidate; shared, so keeping one allocates nothing.
PASS = (True, None)


def drop(reason):
    """What Filter.passes returns for a dropped candidate: the reason is stored and shown."""
    return False, reason


class PlacementStep(abc.ABC):
    """A filter or weigher, built once per placement with the policy it runs under.

    Steps are built per placement, not per process, so they may keep state for one
    placement (a clock, a threshold from the policy) without locking.
    """

    def __init__(self, policy):
        self.policy = policy


class Filter(PlacementStep):
    """Keeps or drops one candidate; the pipeline records the first filter that drops it."""

    @abc.abstractmethod
    def passes(self, candidate, request):
        """``PASS`` to keep ``candidate``, ``drop(reason)`` to take it out of placement."""

    def filter_all(self, candidates, request):
        """``(kept, [(candidate, reason), ...])``, both in input order.

        The pipeline calls this once per placement. Override it for speed (see
        ``split``); it must agree with ``passes``.
        """
        passes, kept, dropped = self.passes, [], []
        for candidate in candidates:
            ok, reason = passes(candidate, request)
            if ok:
                kept.append(candidate)
            else:
                dropped.append((candidate, reason))
        return kept, dropped

    def split(self, candidates, request, keeps):
        """filter_all from ``keeps``, one bool per candidate computed in bulk.

        Only the dropped candidates go through ``passes``, for their reasons; when
        every candidate is kept, the input list itself is returned (nothing is copied).
        """
        if all(keeps):
            return candidates, []
        kept = list(itertools.compress(candidates, keeps))
        dropped = [(candidate, self.passes(candidate, request)[1])
                   for candidate, keep in zip(candidates, keeps) if not keep]
        return kept, dropped


class Weigher(PlacementStep):
    """Scores candidates for ranking: a higher raw score is better.

    ``raw_score`` may return ``math.inf`` or ``-math.inf`` for "better" or "worse than
    any known value" (an unbounded capacity, an unknown price); NaN counts as -inf.
    The pipeline normalises the raw scores of all surviving candidates to 0..1 with
    ``normalise`` and multiplies them by the policy's multiplier.

    A ``strict`` weigher does not add to the total: its weighted score is a ranking key
    that comes before the total, so a better value always outranks a worse one whatever
    the other weighers say. Its multiplier only counts by sign (0 switches it off).
    """

    strict = False

    @abc.abstractmethod
    def raw_score(self, candidate, request):
        """A float, higher is better, comparable across the candidates of one placement."""

    def raw_scores(self, candidates, request):
        """``raw_score`` of every candidate, in order; override for speed, agreeing with it."""
        raw_score = self.raw_score
        return [raw_score(candidate, request) for candidate in candidates]

    def normalise(self, raw_scores):
        """The raw scores mapped to 0..1, in the same order; min-max unless overridden."""
        return min_max(raw_scores)


def min_max(raw_scores):
    """Map to 0..1 by (x - min) / (max - min): the worst known value 0.0, the best 1.0.

    When every score is the same the weigher cannot tell candidates apart and each gets
    1.0 (one candidate, all equal, all zero): the weigher then adds its full multiplier to
    every candidate and changes no ranking. +inf maps to 1.0 and -inf (or NaN) to 0.0;
    finite scores are spread over 0..1 between their own min and max.
    """
    if any(map(math.isnan, raw_scores)):
        raw_scores = [-math.inf if math.isnan(s) else s for s in raw_scores]
    low, high = min(raw_scores, default=0.0), max(raw_scores, default=0.0)
    if low == high:
        return [1.0] * len(raw_scores)
    if math.isfinite(low) and math.isfinite(high):
        span = high - low
        return [(s - low) / span for s in raw_scores]
    return _min_max_with_infinities(raw_scores)


def _min_max_with_infinities(raw_scores):
    finite = [s for s in raw_scores if math.isfinite(s)]
    low, high = min(finite, default=0.0), max(finite, default=0.0)
    span = high - low
    normalised = []
    for score in raw_scores:
        if score == math.inf:
            normalised.append(1.0)
        elif score == -math.inf:
            normalised.append(0.0)
        else:
            normalised.append((score - low) / span if span else 1.0)
    return normalised


def ratio_to_max(raw_scores):
    """Map non-negative scores to 0..1 by x / max, keeping their proportions.

    For shares (per-account weights): 1 and 3 become 1/3 and 1, where min-max would give
    0 and 1 and a weighted-random draw would never pick the first. All equal (or all zero)
    gives 1.0 each, as min_max does.
    """
    high = max(raw_scores, default=0.0)
    if high <= 0 or min(raw_scores) == high:
        return [1.0] * len(raw_scores)
    return [score / high for score in raw_scores]
