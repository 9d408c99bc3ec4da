"""The placement pipeline: filter, weigh, rank, choose; one pass per step over the candidates.

Ranking is by strict keys first, then total score, then account name, account id and
realm id so equal scores rank the same way every time. A strict weigher (``priority``)
is such a key: its normalised score, signed by its multiplier, sorts before the total,
so no amount of additive score can lift a candidate over a better priority group.
"""

import random

from broker_core.placement import base
from broker_core.placement import decision as decision_mod
from broker_core.placement import loading
from broker_core.placement import models

_RANDOM = random.Random()


def place(request, candidates, policy, rng=None, *, filter_manager=None, weigher_manager=None):
    """Rank ``candidates`` for ``request`` under ``policy`` and return the Decision.

    ``rng`` (a random.Random) makes weighted_random repeatable. The managers default
    to the entry points of the policy's names; tests pass ``make_test_instance`` ones.
    """
    filters, weighers = build_steps(policy, filter_manager, weigher_manager)
    candidates = list(candidates)
    survivors, dropped = apply_filters(filters, candidates, request)
    columns = score(weighers, policy.weighers, survivors, request)
    totals = total_scores(columns, len(survivors))
    ranking, groups = rank(survivors, columns, totals)
    attempts, draw = choose(policy, ranking, groups, totals, columns, rng or _RANDOM)
    return decision_mod.Decision(
        request=request, policy=policy, candidate_count=len(candidates),
        survivors=survivors, dropped=dropped, columns=columns, totals=totals,
        ranking=ranking, attempts=[survivors[index] for index in attempts], draw=draw)


def build_steps(policy, filter_manager=None, weigher_manager=None):
    """``[(name, step)]`` of the policy's filters and of its weighers, built for one placement."""
    weigher_names = [spec.name for spec in policy.weighers]
    if filter_manager is None:
        filter_classes = loading.filter_classes(policy.filters)
    else:
        filter_classes = loading.plugin_classes(filter_manager, policy.filters, base.Filter)
    if weigher_manager is None:
        weigher_classes = loading.weigher_classes(weigher_names)
    else:
        weigher_classes = loading.plugin_classes(weigher_manager, weigher_names, base.Weigher)
    return ([(name, cls(policy)) for name, cls in zip(policy.filters, filter_classes)],
            [(name, cls(policy)) for name, cls in zip(weigher_names, weigher_classes)])


def apply_filters(filters, candidates, request):
    """The candidates every filter keeps, in input order, and a Dropped for each other one."""
    survivors, dropped = candidates, []
    for name, step in filters:
        if not survivors:
            break
        survivors, refused = step.filter_all(survivors, request)
        dropped.extend(decision_mod.Dropped(candidate, name, reason)
                       for candidate, reason in refused)
    return survivors, dropped


def score(weighers, specs, survivors, request):
    """Every weigher's raw and normalised scores over the survivors, in policy order."""
    columns = []
    for spec, (name, step) in zip(specs, weighers):
        raw = step.raw_scores(survivors, request)
        normalised = step.normalise(raw) if raw else []
        columns.append(decision_mod.WeigherScores(name, spec.multiplier, step.strict,
                                                  raw, normalised))
    return columns


def total_scores(columns, count):
    """Sum of multiplier x normalised score over the additive (not strict) weighers."""
    totals = [0.0] * count
    for column in columns:
        multiplier = column.multiplier
        if column.strict or not multiplier:
            continue
        totals = [total + multiplier * value
                  for total, value in zip(totals, column.normalised)]
    return totals


def rank(survivors, columns, totals):
    """Survivor indices best first, and each survivor's strict group key (None without one).

    Python's sort is stable, so sorting by the tie-break, then the total, then each strict
    key from the last to the first ranks by all of them with cheap scalar keys.
    """
    ranking = sorted(range(len(survivors)), key=[
        (c.account_name, c.account_id, c.realm_id or '') for c in survivors].__getitem__)
    # Sorting is ascending: negate what is better when higher.
    ranking.sort(key=[-total for total in totals].__getitem__)
    strict = [[-value if column.multiplier > 0 else value for value in column.normalised]
              for column in columns if column.strict and column.multiplier]
    for keys in reversed(strict):
        ranking.sort(key=keys.__getitem__)
    groups = list(zip(*strict)) if strict else None
    return ranking, groups


def choose(policy, ranking, groups, totals, columns, rng):
    """The failover order (survivor indices, cut to max_attempts) and the draw, if any.

    weighted_random draws among the top_k of the best strict group only, so a draw never
    breaks strict priority. A candidate's draw weight is its total minus the lowest total
    the policy can give (the sum of its negative multipliers), never negative; when every
    weight is 0 the draw is uniform.
    """
    limit = policy.max_attempts
    if policy.choice != models.WEIGHTED_RANDOM or len(ranking) < 2:
        return ranking[:limit], None
    head = ranking[:policy.top_k]
    if groups is not None:
        best = groups[head[0]]
        head = [index for index in head if groups[index] == best]
    floor = sum(min(column.multiplier, 0.0) for column in columns if not column.strict)
    weights = [max(totals[index] - floor, 0.0) for index in head]
    picked = weighted_pick(weights, rng)
    order = [ranking[picked]] + ranking[:picked] + ranking[picked + 1:limit + 1]
    ranks = list(range(1, len(head) + 1))
    return order[:limit], decision_mod.Draw(ranks=ranks, weights=weights, picked_rank=picked + 1)


def weighted_pick(weights, rng):
    """An index drawn with probability weight / sum(weights); uniform when all are 0."""
    total = sum(weights)
    if total <= 0:
        return rng.randrange(len(weights))
    point = rng.random() * total
    cumulative, last_positive = 0.0, 0
    for index, weight in enumerate(weights):
        if weight > 0:
            cumulative += weight
            last_positive = index
            if point < cumulative:
                return index
    # Rounding can leave point a hair above the last sum; it belongs to the last share.
    return last_positive
