"""Each built-in weigher points the documented way; normalisation of edge cases."""

import decimal
import math

import pytest

from broker_core.placement import base
from broker_core.placement import weighers
from tests.unit.placement import factories as f

INF = math.inf


def normalised(weigher_class, candidates):
    weigher = weigher_class(f.policy())
    raw = [weigher.raw_score(candidate, f.request()) for candidate in candidates]
    return weigher.normalise(raw)


def test_price_cheaper_is_better_and_unknown_is_worst():
    prices = [decimal.Decimal('0.10'), 0.30, None, 0.20]
    result = normalised(weighers.PriceWeigher,
                        [f.candidate(str(n), price_per_hour=p) for n, p in enumerate(prices)])
    assert result == pytest.approx([1.0, 0.0, 0.0, 0.5])


def test_error_rate_lower_is_better():
    rates = [0.0, 0.5, 0.25]
    assert normalised(weighers.ErrorRateWeigher,
                      [f.candidate(str(n), error_rate=r) for n, r in enumerate(rates)]) == [
        1.0, 0.0, 0.5]


def capacity_candidates():
    # free capacity: 8, 0, unbounded, 4
    return [f.candidate('a', capacity=10, in_use=2), f.candidate('b', capacity=3, in_use=3),
            f.candidate('c', capacity=None), f.candidate('d', capacity=4, in_use=0)]


def test_free_capacity_spreads_to_the_emptiest_and_unbounded_is_best():
    assert normalised(weighers.FreeCapacityWeigher, capacity_candidates()) == [
        1.0, 0.0, 1.0, 0.5]


def test_pack_fills_the_fullest_and_unbounded_comes_last():
    assert normalised(weighers.PackWeigher, capacity_candidates()) == [0.0, 1.0, 0.0, 0.5]


def test_priority_lower_number_is_better_and_strict():
    assert weighers.PriorityWeigher.strict
    assert normalised(weighers.PriorityWeigher,
                      [f.candidate('a', priority=0), f.candidate('b', priority=2),
                       f.candidate('c', priority=1)]) == [1.0, 0.0, 0.5]


def test_weight_keeps_proportions_and_ignores_negative_weights():
    assert normalised(weighers.WeightWeigher,
                      [f.candidate('a', weight=1), f.candidate('b', weight=4),
                       f.candidate('c', weight=2), f.candidate('d', weight=-3)]) == [
        0.25, 1.0, 0.5, 0.0]


@pytest.mark.parametrize('raw, expected', [
    ([], []),
    ([-3.5], [1.0]),                        # one candidate
    ([2.0, 2.0, 2.0], [1.0, 1.0, 1.0]),     # all equal
    ([0.0, 0.0], [1.0, 1.0]),               # all zero
    ([-INF, -INF], [1.0, 1.0]),             # all unknown: still all equal
    ([0.0, 5.0, 10.0], [0.0, 0.5, 1.0]),
    ([-10.0, 0.0], [0.0, 1.0]),
    ([3.0, INF, -INF, 1.0], [1.0, 1.0, 0.0, 0.0]),
    ([4.0, -INF], [1.0, 0.0]),              # a single known value among unknowns
    ([1.0, math.nan, 3.0], [0.0, 0.0, 1.0]),
])
def test_min_max(raw, expected):
    assert base.min_max(raw) == expected


@pytest.mark.parametrize('raw, expected', [
    ([], []),
    ([5.0], [1.0]),
    ([0.0, 0.0], [1.0, 1.0]),
    ([2.0, 2.0], [1.0, 1.0]),
    ([0.0, 2.0, 8.0], [0.0, 0.25, 1.0]),
])
def test_ratio_to_max(raw, expected):
    assert base.ratio_to_max(raw) == expected


def test_the_interfaces_are_abstract():
    with pytest.raises(TypeError):
        base.Filter(f.policy())
    with pytest.raises(TypeError):
        base.Weigher(f.policy())


@pytest.mark.parametrize('weigher_class', [
    weighers.PriceWeigher, weighers.ErrorRateWeigher, weighers.FreeCapacityWeigher,
    weighers.PackWeigher, weighers.PriorityWeigher, weighers.WeightWeigher])
def test_raw_scores_agree_with_raw_score(weigher_class):
    candidates = [f.candidate('a', price_per_hour=None, capacity=None, weight=-1),
                  f.candidate('b', price_per_hour=decimal.Decimal('0.25'), capacity=4, in_use=9,
                              priority=3, error_rate=0.5, weight=INF),
                  f.candidate('c', price_per_hour=2, capacity=4, in_use=1, weight=2.5)]
    weigher = weigher_class(f.policy())
    assert weigher.raw_scores(candidates, f.request()) == [
        weigher.raw_score(candidate, f.request()) for candidate in candidates]
