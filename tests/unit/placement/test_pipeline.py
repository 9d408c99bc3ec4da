"""The pipeline end to end with the installed plug-ins: ranking, choice, failover, explanation."""

import collections
import datetime
import json
import random

import pytest

from broker_core.placement import models
from broker_core.placement import pipeline
from tests.unit.placement import factories as f


def place(candidates, policy, request=None, rng=None):
    return pipeline.place(request or f.request(), candidates, policy, rng=rng)


def ranked_names(candidates, policy, request=None):
    return f.names(place(candidates, policy, request).ranked)


PRICED = [f.candidate('pricey', price_per_hour=0.30), f.candidate('cheap', price_per_hour=0.10),
          f.candidate('middle', price_per_hour=0.20)]


def test_price_policy_picks_the_cheaper_account():
    decision = place(PRICED, f.policy({'price': 1}))
    assert decision.chosen.account_name == 'cheap'
    assert f.names(decision.ranked) == ['cheap', 'middle', 'pricey']


def test_error_rate_policy_moves_away_from_the_failing_account():
    failing = [f.candidate('a', error_rate=0.6), f.candidate('b', error_rate=0.05)]
    healthy = [f.candidate('a', error_rate=0.0), f.candidate('b', error_rate=0.05)]
    policy = f.policy({'error_rate': 1})
    assert place(healthy, policy).chosen.account_name == 'a'
    assert place(failing, policy).chosen.account_name == 'b'


def test_error_rate_outweighs_price_when_its_multiplier_is_larger():
    candidates = [f.candidate('cheap', price_per_hour=0.1, error_rate=0.5),
                  f.candidate('dear', price_per_hour=0.2, error_rate=0.0)]
    assert ranked_names(candidates, f.policy({'price': 1, 'error_rate': 2})) == ['dear', 'cheap']
    assert ranked_names(candidates, f.policy({'price': 2, 'error_rate': 1})) == ['cheap', 'dear']


def test_a_zero_multiplier_has_no_effect():
    candidates = [f.candidate('cheap', price_per_hour=0.1, error_rate=0.5),
                  f.candidate('dear', price_per_hour=0.2, error_rate=0.0)]
    with_zero = place(candidates, f.policy({'price': 1, 'error_rate': 0}))
    alone = place(candidates, f.policy({'price': 1}))
    assert f.names(with_zero.ranked) == f.names(alone.ranked) == ['cheap', 'dear']
    assert with_zero.totals == alone.totals


def test_a_negative_multiplier_inverts():
    assert ranked_names(PRICED, f.policy({'price': -1})) == ['pricey', 'middle', 'cheap']


def test_strict_priority_beats_price():
    candidates = [f.candidate('backup-cheap', priority=1, price_per_hour=0.01),
                  f.candidate('main-dear', priority=0, price_per_hour=9.0),
                  f.candidate('main-cheap', priority=0, price_per_hour=1.0)]
    policy = f.policy({'priority': 1, 'price': 1000})
    assert ranked_names(candidates, policy) == ['main-cheap', 'main-dear', 'backup-cheap']
    # A negative multiplier inverts the groups; zero switches strict priority off.
    assert ranked_names(candidates, f.policy({'priority': -1, 'price': 1}))[0] == 'backup-cheap'
    assert ranked_names(candidates, f.policy({'priority': 0, 'price': 1}))[0] == 'backup-cheap'


def test_strict_priority_adds_nothing_to_the_total():
    candidates = [f.candidate('a', priority=0), f.candidate('b', priority=5)]
    decision = place(candidates, f.policy({'priority': 1}))
    assert decision.totals == [0.0, 0.0]
    assert f.names(decision.ranked) == ['a', 'b']


def test_spread_and_pack_order_by_free_capacity_in_opposite_directions():
    candidates = [f.candidate('full', capacity=10, in_use=9),
                  f.candidate('empty', capacity=10, in_use=0),
                  f.candidate('half', capacity=10, in_use=5)]
    assert ranked_names(candidates, f.policy({'free_capacity': 1})) == ['empty', 'half', 'full']
    assert ranked_names(candidates, f.policy({'pack': 1})) == ['full', 'half', 'empty']
    assert ranked_names(candidates, f.policy({'free_capacity': -1})) == ['full', 'half', 'empty']


def test_equal_scores_rank_by_name_whatever_the_input_order():
    candidates = [f.candidate(name) for name in ('c', 'a', 'b')]
    assert ranked_names(candidates, f.policy({'price': 1})) == ['a', 'b', 'c']
    assert ranked_names(candidates[::-1], f.policy({'price': 1})) == ['a', 'b', 'c']


def test_failover_order_is_the_ranking_cut_to_max_attempts():
    candidates = [f.candidate('n%d' % n, price_per_hour=n) for n in range(6)]
    decision = place(candidates, f.policy({'price': 1}, max_attempts=4))
    assert f.names(decision.attempts) == ['n0', 'n1', 'n2', 'n3']
    assert len(decision.ranked) == 6
    one = place(candidates, f.policy({'price': 1}, max_attempts=1))
    assert f.names(one.attempts) == ['n0']


def test_weighted_random_puts_the_drawn_one_first_then_the_ranking():
    candidates = [f.candidate('n%d' % n, weight=10 - n) for n in range(6)]
    policy = f.policy({'weight': 1}, choice='weighted_random', top_k=3, max_attempts=4)
    for seed in range(20):
        decision = place(candidates, policy, rng=random.Random(seed))
        rest = [name for name in f.names(decision.ranked) if name != decision.chosen.account_name]
        assert f.names(decision.attempts) == [decision.chosen.account_name] + rest[:3]
        assert decision.draw.ranks == [1, 2, 3]


def test_weighted_random_respects_top_k_and_proportions():
    # Weights 4:3:2:1, normalised by the largest: 1, .75, .5, .25; top 3 share 1 : .75 : .5.
    candidates = [f.candidate(name, weight=w) for name, w in
                  (('d', 1), ('a', 4), ('c', 2), ('b', 3))]
    policy = f.policy({'weight': 1}, choice='weighted_random', top_k=3)
    rng = random.Random(20240501)      # fixed: the counts are the same every run
    draws = 6000
    counts = collections.Counter(place(candidates, policy, rng=rng).chosen.account_name
                                 for _ in range(draws))
    assert 'd' not in counts
    expected = {'a': 1 / 2.25, 'b': 0.75 / 2.25, 'c': 0.5 / 2.25}
    for name, share in expected.items():
        assert counts[name] / draws == pytest.approx(share, abs=0.02), counts


def test_weighted_random_stays_within_the_best_priority_group():
    candidates = [f.candidate('main', priority=0, weight=1),
                  f.candidate('backup1', priority=1, weight=100),
                  f.candidate('backup2', priority=1, weight=100)]
    policy = f.policy({'priority': 1, 'weight': 1}, choice='weighted_random', top_k=3)
    rng = random.Random(7)
    for _ in range(50):
        decision = place(candidates, policy, rng=rng)
        assert decision.chosen.account_name == 'main'
        assert decision.draw.ranks == [1]


def test_weighted_random_with_a_negative_multiplier_draws_by_shifted_score():
    # price -1: totals -1..0; shifted by the floor (-1) they become draw weights 0..1.
    policy = f.policy({'price': -1}, choice='weighted_random', top_k=3)
    decision = place(PRICED, policy, rng=random.Random(1))
    assert decision.draw.weights == pytest.approx([1.0, 0.5, 0.0])


def test_weighted_random_draws_uniformly_when_every_weight_is_zero():
    assert [pipeline.weighted_pick([0.0, 0.0, 0.0], random.Random(seed))
            for seed in range(30)].count(0) not in (0, 30)
    assert pipeline.weighted_pick([0.0, 2.0, 0.0], random.Random(3)) == 1


def test_every_drop_is_explained_by_the_first_filter_that_refused():
    candidates = [
        f.candidate('off', enabled=False, image_id=None),     # also unmapped: enabled comes first
        f.candidate('tripped', circuit_state='open', circuit_opened_at=f.NOW),
        f.candidate('elsewhere', realm_id='r9', allowed_realms=frozenset({'r1'})),
        f.candidate('tiny', hardware_profile_id=None),
        f.candidate('no-image', image_id=None),
        f.candidate('over-quota', quota_headroom={'user': 0}),
        f.candidate('full', capacity=1, in_use=1),
        f.candidate('fine'),
    ]
    policy = f.policy({'price': 1}, filters=models.KNOWN_FILTERS)
    decision = place(candidates, policy)
    assert f.names(decision.ranked) == ['fine']
    explained = {d.candidate.account_name: d.filter for d in decision.dropped}
    assert explained == {'off': 'enabled', 'tripped': 'circuit', 'elsewhere': 'realm',
                         'tiny': 'hardware_profile', 'no-image': 'image',
                         'over-quota': 'quota', 'full': 'capacity'}
    assert all(d.reason for d in decision.dropped)


def test_nothing_left_gives_an_empty_decision():
    decision = place([f.candidate('off', enabled=False)],
                     f.policy({'price': 1}, filters=['enabled'], choice='weighted_random'))
    assert decision.chosen is None and decision.attempts == [] and decision.ranked == []
    counts = place([], f.policy()).to_dict()['counts']
    assert counts == {'candidates': 0, 'dropped': 0, 'ranked': 0}


def explained_decision():
    candidates = [f.candidate('a', price_per_hour=None, capacity=None, error_rate=0.3),
                  f.candidate('b', price_per_hour=0.5, capacity=4, in_use=1),
                  f.candidate('c', enabled=False),
                  f.candidate('d', circuit_state='open', circuit_opened_at=f.NOW),
                  f.candidate('e', circuit_state='open', price_per_hour=0.75,   # may probe
                              circuit_opened_at=f.NOW - datetime.timedelta(hours=1))]
    policy = f.policy({'priority': 1, 'price': 2, 'free_capacity': 0.5, 'error_rate': 1},
                      filters=models.KNOWN_FILTERS, choice='weighted_random', top_k=2)
    return place(candidates, policy, rng=random.Random(5))


def test_decision_to_dict_is_json_that_round_trips_in_a_stable_order():
    explained = explained_decision().to_dict()
    text = json.dumps(explained, allow_nan=False)
    assert json.loads(text) == explained
    assert json.dumps(explained_decision().to_dict(), allow_nan=False) == text
    assert list(explained) == ['version', 'request', 'policy', 'chosen', 'attempts', 'draw',
                               'counts', 'ranked', 'dropped']


def test_decision_to_dict_explains_each_score():
    explained = explained_decision().to_dict()
    assert [w['strict'] for w in explained['policy']['weighers']] == [True, False, False, False]
    by_name = {entry['account_name']: entry for entry in explained['ranked']}
    price_of_a = by_name['a']['scores']['price']
    assert price_of_a == {'raw': None, 'normalised': 0.0, 'weighted': 0.0}   # unknown price
    assert by_name['b']['scores']['price'] == {'raw': -0.5, 'normalised': 1.0, 'weighted': 2.0}
    assert by_name['b']['scores']['priority']['weighted'] is None
    assert by_name['a']['total'] == pytest.approx(0.0 + 0.5 + 0.0)
    assert by_name['e']['total'] == pytest.approx(0.0 + 0.5 + 1.0)
    assert by_name['b']['total'] == pytest.approx(2.0 + 0.5 + 1.0)
    assert [d['filter'] for d in explained['dropped']] == ['enabled', 'circuit']
    assert explained['counts'] == {'candidates': 5, 'dropped': 2, 'ranked': 3}
    assert by_name['e']['circuit_state'] == 'open'
    assert explained['chosen'] == explained['attempts'][0]
    assert explained['draw']['ranks'] == [1, 2]
    assert [entry['account_name'] for entry in explained['ranked']] == ['b', 'e', 'a']


def test_decision_scores_of_one_candidate():
    decision = place(PRICED, f.policy({'price': 1}))
    scores, total = decision.scores(decision.chosen)
    assert scores == {'price': {'raw': -0.1, 'normalised': 1.0, 'weighted': 1.0}}
    assert total == 1.0
    with pytest.raises(ValueError):
        decision.scores(f.candidate('stranger'))


def test_to_dict_can_cut_the_ranked_list_but_keeps_every_attempt():
    candidates = [f.candidate('n%d' % n, price_per_hour=n, weight=float('inf'))
                  for n in range(10)]
    decision = place(candidates, f.policy({'price': 1}, max_attempts=3))
    explained = decision.to_dict(max_ranked=2)
    assert [entry['account_name'] for entry in explained['ranked']] == ['n0', 'n1']
    assert [attempt['account_name'] for attempt in explained['attempts']] == ['n0', 'n1', 'n2']
    assert explained['counts']['ranked'] == 10
    assert explained['ranked'][0]['weight'] is None       # JSON has no Infinity
    json.dumps(explained, allow_nan=False)
