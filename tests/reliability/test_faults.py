"""Faults: a provider failing 30% of its creates, slowly; launches fail over, circuits cycle.

Three mock clouds in pool gold; ``flaky`` is the cheapest, so price alone would send it
every launch. Every launch must succeed (two healthy clouds remain), the error-rate weigher
must move launches away from flaky, and an outage of flaky must open its circuit, which a
half-open probe closes again once the (two seconds) cooldown is over.
"""

import time

import pytest

from broker_core import health
from iaas.drivers.mock import knobs
from tests.reliability import world

pytestmark = pytest.mark.integration

FLAKY, STEADY = 'flaky', ('steady-a', 'steady-b')
PRICES = {FLAKY: 0.01, 'steady-a': 0.06, 'steady-b': 0.08}
PRICE_ONLY = {'weighers': [{'name': 'price', 'multiplier': 1.0}], 'choice': 'best_first'}
# The error rate outweighs any price difference: one failure sends flaky to the back.
PRICE_AND_ERRORS = {'weighers': [{'name': 'price', 'multiplier': 1.0},
                                 {'name': 'error_rate', 'multiplier': 2.0}],
                    'choice': 'best_first'}
LAUNCHES = 16
THRESHOLD = 3
# Long enough for the launch after the opening to come before it ends, even on a busy host.
COOLDOWN = 2
# Makes flaky's first create succeed and one of its next few fail: a share to lose.
FAILURE_SEED = 3
# The embedded state tracker would call every account each cycle, and its successes would
# reset flaky's health under the test; launches alone drive it here.
SERVER_OPTIONS = {'placement': {'circuit_failure_threshold': THRESHOLD,
                                'circuit_open_seconds': COOLDOWN},
                  'state': {'embedded': False}}


@pytest.fixture
def site(tmp_path, conf, database):
    for name, price in PRICES.items():
        knobs.set_knobs(conf, name, prices={'m1-small': price})
    return world.Site(tmp_path, conf, database, providers=(FLAKY,) + STEADY,
                      pool_policy=PRICE_AND_ERRORS)


def launch(server, site, count):
    """``count`` launches by alice, one after the other; the provider each landed at."""
    api = server.api('alice')
    form = {'image_id': site.world.images['fedora']['id'], 'hwp_id': 'm1-small',
            'realm_id': 'gold'}
    landed = []
    for _ in range(count):
        instance = api.json('POST', '/instances', expect=201, data=form)['instance']
        placement = server.mgmt().json('GET', '/placements/%s' % instance['id'])
        landed.append((provider_of(site, placement['account_id']), placement['attempts']))
    return landed


def provider_of(site, account_id):
    return {account['id']: name for name, account in site.world.accounts.items()}[account_id]


def share(landed, provider):
    return sum(1 for where, _ in landed if where == provider) / len(landed)


def failed_attempts(landed, site):
    flaky = site.world.account_id(FLAKY)
    return [attempt for _, attempts in landed for attempt in attempts
            if attempt['account_id'] == flaky and attempt['outcome'] == 'failed']


def circuit(site):
    return health.get_health(site.world.admin, site.world.account_id(FLAKY))['circuit_state']


def circuit_moves(server, site):
    """The (from, to) moves of flaky's circuit, oldest first, from the events."""
    events = server.mgmt().json('GET', '/events', params={
        'account_id': site.world.account_id(FLAKY), 'type': 'account.circuit'})['events']
    return [(event['details']['from'], event['details']['to']) for event in reversed(events)]


def test_launches_fail_over_and_move_away_from_a_failing_provider(site):
    site.world.knobs(FLAKY, failure_rates={'instances.create': 0.3},
                     failure_seed=FAILURE_SEED, latency=0.1)
    with site.serve(**SERVER_OPTIONS) as server:
        landed = launch(server, site, LAUNCHES)

    first, second = landed[:LAUNCHES // 2], landed[LAUNCHES // 2:]
    assert share(second, FLAKY) < share(first, FLAKY)
    assert share(second, FLAKY) < 1 / len(PRICES), 'below its fair share'
    failed = failed_attempts(landed, site)
    assert failed and all('Injected failure' in attempt['reason'] for attempt in failed)
    assert sum(1 for where, _ in landed if where in STEADY) >= len(failed)


def test_an_outage_opens_the_circuit_and_probes_close_it(site):
    site.world.knobs(FLAKY, latency=0.1)
    with site.serve(**SERVER_OPTIONS) as server:
        server.mgmt().json('PUT', '/pools/%s/policy' % site.world.pool['id'], json=PRICE_ONLY)
        # An outage: flaky fails every create until its circuit opens, then its first probe.
        site.world.knobs(FLAKY, fail_next={'instances.create': THRESHOLD + 1})
        outage = launch(server, site, THRESHOLD)
        assert [where for where, _ in outage] == ['steady-a'] * THRESHOLD
        assert len(failed_attempts(outage, site)) == THRESHOLD
        assert circuit(site) == health.OPEN

        (where, attempts), = launch(server, site, 1)
        assert where == 'steady-a' and not failed_attempts([(where, attempts)], site), (
            'an open circuit keeps launches away')

        time.sleep(COOLDOWN + 0.2)
        probe_failed = launch(server, site, 1)
        assert len(failed_attempts(probe_failed, site)) == 1 and circuit(site) == health.OPEN

        time.sleep(COOLDOWN + 0.2)
        assert launch(server, site, 1)[0][0] == FLAKY, 'the probe succeeded there'
        assert circuit(site) == health.CLOSED
        assert circuit_moves(server, site) == [
            (health.CLOSED, health.OPEN), (health.OPEN, health.HALF_OPEN),
            (health.HALF_OPEN, health.OPEN), (health.OPEN, health.HALF_OPEN),
            (health.HALF_OPEN, health.CLOSED)]
