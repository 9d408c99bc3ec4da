"""Where launches land: the pool's policy, failover, circuits and quotas, end to end."""

import collections
import datetime

from broker_core import accounts
from broker_core import health
from broker_core import placements
from broker_core import pools
from broker_core import quotas

A, B = 'cloud-a', 'cloud-b'


def set_policy(served, **policy):
    pools.update_pool(served.world.admin, served.world.pool['id'], policy=policy)


def set_prices(served, **prices):
    """m1-small's price per provider, synced into the broker as a catalog sync would."""
    for provider, price in prices.items():
        served.world.knobs(provider, prices={'m1-small': price})
    served.world.sync()


def launched(served, count=1, **params):
    found = []
    for _ in range(count):
        answer = served.launch(**params)
        assert answer.status_code == 201, answer.text
        found.append(answer.json['instance']['id'])
    return found


def attempts(served, instance_id):
    return [(a['account_name'], a['outcome'])
            for a in placements.get_placement(served.world.admin, instance_id)['attempts']]


def test_the_price_policy_picks_the_cheaper_provider(served):
    set_prices(served, **{A: 0.09, B: 0.02})
    assert [served.where(i) for i in launched(served, 2)] == [B, B]
    set_prices(served, **{A: 0.01, B: 0.02})
    instance_id, = launched(served)
    assert served.where(instance_id) == A
    assert served.record(instance_id)['cost_per_hour'] == quotas.check_amount(
        'cost_per_hour', '0.01')


def test_the_error_rate_policy_moves_traffic_away_from_a_failing_provider(served):
    set_policy(served, weighers=[{'name': 'error_rate', 'multiplier': 1.0}])
    served.world.knobs(A, failure_rates={'instances.create': 1.0})
    ids = launched(served, 4)
    # Equal rates rank cloud-a first (by name); its failure sends every later launch to B.
    assert attempts(served, ids[0]) == [(A, 'failed'), (B, 'created')]
    for instance_id in ids[1:]:
        assert attempts(served, instance_id) == [(B, 'created')]
    assert health.get_health(served.world.admin, served.world.account_id(A))['error_rate'] > 0


def test_strict_priority_beats_a_better_price(served):
    set_policy(served, weighers=[{'name': 'priority', 'multiplier': 1.0},
                                 {'name': 'price', 'multiplier': 10.0}])
    set_prices(served, **{A: 0.01, B: 0.5})
    accounts.update_account(served.world.admin, served.world.account_id(A), priority=5)
    assert {served.where(i) for i in launched(served, 3)} == {B}


def test_spread_by_free_capacity(served):
    set_policy(served, weighers=[{'name': 'free_capacity', 'multiplier': 1.0}])
    for provider in (A, B):
        accounts.update_account(served.world.admin, served.world.account_id(provider),
                                options={'capacity': 10})
    where = collections.Counter(served.where(i) for i in launched(served, 4))
    assert where == {A: 2, B: 2}


def test_failover_when_the_first_provider_fails(served):
    set_prices(served, **{A: 0.01, B: 0.5})
    served.world.knobs(A, fail_next={'instances.create': 1})
    instance_id, = launched(served)
    assert served.where(instance_id) == B
    assert attempts(served, instance_id) == [(A, 'failed'), (B, 'created')]
    assert health.get_health(served.world.admin,
                             served.world.account_id(A))['consecutive_failures'] == 1
    assert served.world.launched_at(A) == []
    assert len(served.world.launched_at(B)) == 1
    assert served.in_use() == 1


def test_every_provider_failing_is_a_502_naming_each_and_holds_nothing(served):
    for provider in (A, B):
        served.world.knobs(provider, failure_rates={'instances.create': 1.0})
    refused = served.launch(headers={'Idempotency-Key': 'k-1'})
    assert refused.status_code == 502, refused.text
    assert '%s: Injected failure' % A in refused.text
    assert '%s: Injected failure' % B in refused.text
    assert 'mockpassword' not in refused.text
    assert served.request('GET', '/api/instances').json['instances'] == []
    assert served.in_use() == 0
    again = served.launch(headers={'Idempotency-Key': 'k-1'})
    assert again.status_code == 502
    assert len(served.records()) == 1, 'a retry of a failed launch launches nothing'


def test_the_circuit_opens_and_recovers(served):
    served.conf.set_override('circuit_failure_threshold', 2, group='placement')
    now = [datetime.datetime(2030, 1, 1, 12, 0, 0)]
    served.driver.clock = lambda: now[0]
    set_prices(served, **{A: 0.01, B: 0.5})
    served.world.knobs(A, failure_rates={'instances.create': 1.0})
    first, second, third = launched(served, 3)
    assert attempts(served, first) == attempts(served, second) == [(A, 'failed'),
                                                                   (B, 'created')]
    account_a = served.world.account_id(A)
    assert health.get_health(served.world.admin, account_a)['circuit_state'] == 'open'
    assert attempts(served, third) == [(B, 'created')]
    dropped = placements.get_placement(served.world.admin, third)['decision']['dropped']
    assert [(d['account_name'], d['filter']) for d in dropped] == [(A, 'circuit')]
    served.world.knobs(A, failure_rates={})
    now[0] += datetime.timedelta(seconds=served.conf.placement.circuit_open_seconds + 1)
    probe, = launched(served)
    assert attempts(served, probe) == [(A, 'created')]
    assert health.get_health(served.world.admin, account_a)['circuit_state'] == 'closed'


def test_a_failed_probe_opens_the_circuit_again(served):
    served.conf.set_override('circuit_failure_threshold', 1, group='placement')
    now = [datetime.datetime(2030, 1, 1, 12, 0, 0)]
    served.driver.clock = lambda: now[0]
    set_prices(served, **{A: 0.01, B: 0.5})
    served.world.knobs(A, failure_rates={'instances.create': 1.0})
    launched(served)
    now[0] += datetime.timedelta(seconds=served.conf.placement.circuit_open_seconds + 1)
    probe, = launched(served)
    assert attempts(served, probe) == [(A, 'failed'), (B, 'created')]
    state = health.get_health(served.world.admin, served.world.account_id(A))
    assert (state['circuit_state'], state['circuit_opened_at']) == ('open', now[0])


def test_quota_exceeded_is_403_and_creates_nothing(served):
    quotas.set_limits(served.world.admin, 'user', served.world.users['alice']['id'],
                      {'instances': 1})
    launched(served)
    before = (served.records(), served.world.launched_at(A) + served.world.launched_at(B))
    refused = served.launch()
    assert refused.status_code == 403, refused.text
    assert 'uota' in refused.text
    assert (served.records(), served.world.launched_at(A) + served.world.launched_at(B)) == \
        before
    assert served.in_use() == 1


def test_the_reservation_refuses_even_without_the_quota_filter(served):
    set_policy(served, filters=['enabled', 'circuit', 'hardware_profile', 'image'])
    quotas.set_limits(served.world.admin, 'pool', served.world.pool['id'], {'vcpus': 1})
    launched(served)
    refused = served.launch()
    assert refused.status_code == 403, refused.text
    assert len(served.records()) == 1
    assert len(served.world.launched_at(A) + served.world.launched_at(B)) == 1


def test_an_account_over_its_quota_is_passed_over(served):
    set_policy(served, filters=['enabled', 'circuit', 'hardware_profile', 'image'])
    set_prices(served, **{A: 0.01, B: 0.5})
    quotas.set_limits(served.world.admin, 'account', served.world.account_id(A),
                      {'instances': 0})
    instance_id, = launched(served)
    assert attempts(served, instance_id) == [(A, 'quota'), (B, 'created')]
    assert served.where(instance_id) == B
