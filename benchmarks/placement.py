"""Suite ``placement``: decision time of the placement pipeline against a plain sort by price."""

import datetime
import operator
import random

from benchmarks import runner
from broker_core.placement import models
from broker_core.placement import pipeline

SIZES = (10, 100, 1000, 10000)
QUICK_SIZES = (10, 100, 1000)
SEED = 20240501
NOW = datetime.datetime(2024, 5, 1, 12, 0, 0)
# Per-candidate time may vary this much across sizes and still count as linear growth...
LINEAR_TOLERANCE = 2.0
# ...from this size up; at n=10 the fixed cost of a decision dominates.
LINEAR_FROM = 100
CASES = {
    # What a pool without a policy gets: every filter, price alone, best first.
    'price': models.Policy.from_dict({}),
    # Everything on: every filter and weigher (free_capacity and pack both), weighted random.
    'all': models.Policy.from_dict({
        'filters': list(models.KNOWN_FILTERS),
        'weighers': [{'name': name, 'multiplier': 1.0} for name in models.KNOWN_WEIGHERS],
        'choice': 'weighted_random', 'top_k': 3}),
}
BASELINE = 'sorted() by price'


def make_candidates(count, seed=SEED):
    """``count`` accounts in a realistic mix: a few of them dropped by each filter."""
    rng = random.Random(seed)
    opened = NOW - datetime.timedelta(seconds=10)
    candidates = []
    for n in range(count):
        roll = rng.random()
        candidates.append(models.Candidate(
            account_id='acct-%06d' % n, account_name='account-%06d' % n,
            provider_id='prov-%d' % (n % 7), provider_name='provider-%d' % (n % 7),
            driver='ec2', realm_id='r%d' % (n % 3), location='region-%d' % (n % 3),
            hardware_profile_id=None if roll < 0.02 else 'm1.small',
            hardware_values={'cpu': 1, 'memory': 2048},
            price_per_hour=round(rng.uniform(0.01, 2.0), 4),
            image_id=None if 0.02 <= roll < 0.04 else 'ami-%d' % n,
            enabled=not 0.04 <= roll < 0.06,
            circuit_state='open' if 0.06 <= roll < 0.08 else 'closed',
            circuit_opened_at=opened if 0.06 <= roll < 0.08 else None,
            error_rate=rng.random() * 0.3, recent_calls=rng.randrange(100),
            capacity=None if n % 4 == 0 else 50, in_use=50 if 0.08 <= roll < 0.1 else n % 50,
            priority=n % 3, weight=rng.uniform(0.5, 3.0),
            quota_headroom={'user': 20} if roll < 0.5 else {'user': 20, 'account': 5},
            allowed_realms=frozenset({'r0', 'r1'}) if n % 5 == 0 else None))
    return candidates


def request():
    return models.PlacementRequest(pool_id='pool-1', owner_id='user-1',
                                   hardware_profile_id='small', image_id='img-1', now=NOW)


def run(options):
    sizes = QUICK_SIZES if options.quick else SIZES
    repeat = min(options.repeat, 3) if options.quick else options.repeat
    figures, timings = [], {case: {} for case in CASES}
    by_price = operator.attrgetter('price_per_hour')
    for size in sizes:
        candidates, wish = make_candidates(size), request()
        baseline = runner.measure(lambda: sorted(candidates, key=by_price), repeat)
        figures.append(runner.Figure('%s n=%d' % (BASELINE, size), baseline, {'n': size}))
        for case, policy in CASES.items():
            rng = random.Random(SEED)
            timing = runner.measure(lambda: pipeline.place(wish, candidates, policy, rng), repeat)
            timings[case][size] = timing.median
            figures.append(runner.Figure('place %s n=%d' % (case, size), timing,
                                         {'n': size, 'case': case, 'per_candidate':
                                          timing.median / size},
                                         baseline=BASELINE, ratio=timing.median / baseline.median))
    summary = {case: growth(medians) for case, medians in timings.items()}
    return runner.SuiteResult(figures, summary, notes=notes(summary))


def growth(medians):
    """Per-candidate times, growth ratios time(10n)/time(n) and whether growth is linear.

    Linear means the per-candidate time stays within LINEAR_TOLERANCE across the sizes
    from LINEAR_FROM up; below that a fixed cost per decision (building the steps and
    the Decision, tens of microseconds) outweighs the per-candidate work.
    """
    sizes = sorted(medians)
    per_candidate = {size: medians[size] / size for size in sizes}
    counted = [per_candidate[size] for size in sizes if size >= LINEAR_FROM]
    spread = max(counted) / min(counted) if counted else 1.0
    return {'median_seconds': {str(size): medians[size] for size in sizes},
            'per_candidate_seconds': {str(size): per_candidate[size] for size in sizes},
            'growth_ratios': {'%d->%d' % (small, large): medians[large] / medians[small]
                              for small, large in zip(sizes, sizes[1:])},
            'linear_from': LINEAR_FROM, 'per_candidate_spread': spread,
            'linear': spread <= LINEAR_TOLERANCE}


def notes(summary):
    rows, lines = [], []
    for case, result in summary.items():
        ratios = [None] + list(result['growth_ratios'].values())
        for (size, per), ratio in zip(result['per_candidate_seconds'].items(), ratios):
            rows.append(['place %s' % case, size,
                         runner.format_seconds(result['median_seconds'][size]),
                         runner.format_seconds(per), '-' if ratio is None else '%.1fx' % ratio])
        lines.append('%s: %s: per-candidate time varies %.2fx from n=%d up (limit %.0fx).'
                     % (case, 'linear growth' if result['linear'] else 'NOT linear',
                        result['per_candidate_spread'], LINEAR_FROM, LINEAR_TOLERANCE))
    table = runner.render_table(rows, ['case', 'n', 'median', 'per candidate',
                                       'time(n) / time(n/10)'])
    return [table, ''] + lines
