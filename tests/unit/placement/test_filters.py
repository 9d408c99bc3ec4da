"""Each built-in filter keeps what it should and drops the rest with a reason; circuit timing."""

import datetime

import pytest

from broker_core.placement import circuit
from broker_core.placement import filters
from tests.unit.placement import factories as f

NOW = f.NOW
POLICY = f.policy(circuit_open_seconds=60)


def verdict(filter_class, candidate, request=None):
    return filter_class(POLICY).passes(candidate, request or f.request())


def test_enabled_drops_a_disabled_account():
    assert verdict(filters.EnabledFilter, f.candidate('a')) == (True, None)
    assert verdict(filters.EnabledFilter, f.candidate('a', enabled=False)) == (False, 'disabled')


@pytest.mark.parametrize('state, opened_seconds_ago, allowed', [
    ('closed', None, True),
    ('open', 10, False),
    ('open', 60, True),            # cooldown over: one probe may go
    ('open', None, False),         # open without a stamp never lets a probe through
    ('half_open', 10, False),      # a probe is in flight
    ('half_open', 61, True),       # that probe was lost; another may go
])
def test_circuit_allows(state, opened_seconds_ago, allowed):
    opened_at = (None if opened_seconds_ago is None
                 else NOW - datetime.timedelta(seconds=opened_seconds_ago))
    candidate = f.candidate('a', circuit_state=state, circuit_opened_at=opened_at,
                            consecutive_failures=3)
    assert circuit.circuit_allows(candidate, NOW, 60) is allowed
    assert verdict(filters.CircuitFilter, candidate)[0] is allowed


def test_circuit_reason_says_when_the_next_probe_may_go():
    candidate = f.candidate('a', circuit_state='open', consecutive_failures=4,
                            circuit_opened_at=NOW - datetime.timedelta(seconds=15.5))
    assert verdict(filters.CircuitFilter, candidate) == (
        False, 'circuit open after 4 consecutive failures; next probe in 45s')


def test_circuit_accepts_aware_clocks_and_timedeltas():
    aware_now = NOW.replace(tzinfo=datetime.timezone.utc)
    candidate = f.candidate('a', circuit_state='open',
                            circuit_opened_at=NOW - datetime.timedelta(minutes=2))
    assert circuit.circuit_allows(candidate, aware_now, datetime.timedelta(minutes=1))
    assert not circuit.circuit_allows(candidate, aware_now, datetime.timedelta(minutes=3))


def test_circuit_without_a_request_clock_reads_the_real_one():
    recent = circuit.utcnow() - datetime.timedelta(seconds=5)
    candidate = f.candidate('a', circuit_state='open', circuit_opened_at=recent)
    assert verdict(filters.CircuitFilter, candidate, f.request(now=None))[0] is False


def test_realm_applies_the_member_restriction_then_the_wish():
    restricted = f.candidate('a', realm_id='r2', allowed_realms=frozenset({'r1', 'r3'}))
    assert verdict(filters.RealmFilter, restricted) == (
        False, 'realm r2 is not one the pool uses in this account (r1, r3)')
    assert verdict(filters.RealmFilter, f.candidate('a', realm_id='r1',
                                                    allowed_realms=frozenset({'r1'})))[0]
    elsewhere = f.candidate('a', realm_id='r1', location='eu-west')
    assert verdict(filters.RealmFilter, elsewhere, f.request(realm='us-east')) == (
        False, 'realm r1 (location eu-west) is not the requested us-east')
    assert verdict(filters.RealmFilter, elsewhere, f.request(realm='eu-west'))[0]
    assert verdict(filters.RealmFilter, elsewhere, f.request(realm='r1'))[0]
    assert verdict(filters.RealmFilter, elsewhere, f.request(realm=None))[0]


def test_hardware_profile_drops_an_account_without_a_match():
    assert verdict(filters.HardwareProfileFilter, f.candidate('a'))[0]
    assert verdict(filters.HardwareProfileFilter, f.candidate('a', hardware_profile_id=None)) == (
        False, 'no hardware profile satisfies small')
    without_profile = f.request(hardware_profile_id=None, hardware_values={'memory': 2048})
    assert verdict(filters.HardwareProfileFilter, f.candidate('a', hardware_profile_id=None),
                   without_profile) == (False, "no hardware profile satisfies {'memory': 2048}")


def test_image_drops_an_account_where_the_image_is_not_mapped():
    unmapped = f.candidate('a', image_id=None)
    assert verdict(filters.ImageFilter, f.candidate('a'))[0]
    assert verdict(filters.ImageFilter, unmapped) == (False, 'image img-1 is not mapped')
    assert verdict(filters.ImageFilter, unmapped, f.request(image_id=None))[0]


def test_quota_drops_when_a_scope_has_no_room_for_the_count():
    roomy = f.candidate('a', quota_headroom={'user': 2, 'pool': 7})
    tight = f.candidate('a', quota_headroom={'user': 5, 'account': 1})
    assert verdict(filters.QuotaFilter, f.candidate('a'))[0]
    assert verdict(filters.QuotaFilter, roomy, f.request(instance_count=2))[0]
    assert verdict(filters.QuotaFilter, tight, f.request(instance_count=2)) == (
        False, 'account quota has room for 1 more, 2 requested')


def test_capacity_compares_free_capacity_with_the_count():
    assert verdict(filters.CapacityFilter, f.candidate('a', capacity=None, in_use=99))[0]
    assert verdict(filters.CapacityFilter, f.candidate('a', capacity=5, in_use=3),
                   f.request(instance_count=2))[0]
    assert verdict(filters.CapacityFilter, f.candidate('a', capacity=5, in_use=4),
                   f.request(instance_count=2)) == (
        False, 'free capacity 1 (of 5, 4 in use), 2 requested')


def test_free_capacity_never_goes_negative():
    assert f.candidate('a', capacity=2, in_use=5).free_capacity == 0
    assert f.candidate('a', capacity=None).free_capacity is None


def varied_candidates():
    """Candidates that each filter keeps and drops in every way it can."""
    opened = NOW - datetime.timedelta(seconds=30)
    return [
        f.candidate('plain'),
        f.candidate('off', enabled=False),
        f.candidate('open', circuit_state='open', circuit_opened_at=opened),
        f.candidate('cooled', circuit_state='open',
                    circuit_opened_at=NOW - datetime.timedelta(hours=1)),
        f.candidate('half', circuit_state='half_open', circuit_opened_at=opened),
        f.candidate('unstamped', circuit_state='open'),
        f.candidate('restricted', realm_id='r2', allowed_realms=frozenset({'r1'})),
        f.candidate('allowed', realm_id='r2', allowed_realms=frozenset({'r2'}), location='eu'),
        f.candidate('no-profile', hardware_profile_id=None),
        f.candidate('no-image', image_id=None),
        f.candidate('quota-tight', quota_headroom={'user': 3, 'account': 1}),
        f.candidate('quota-empty', quota_headroom={'pool': 0}),
        f.candidate('full', capacity=3, in_use=3),
        f.candidate('overfull', capacity=3, in_use=5),
        f.candidate('roomy', capacity=10, in_use=2),
    ]


@pytest.mark.parametrize('filter_class', [
    filters.EnabledFilter, filters.CircuitFilter, filters.RealmFilter,
    filters.HardwareProfileFilter, filters.ImageFilter, filters.QuotaFilter,
    filters.CapacityFilter])
@pytest.mark.parametrize('request_fields', [
    {}, {'instance_count': 2}, {'instance_count': 0}, {'realm': 'eu'}, {'realm': 'r2'},
    {'image_id': None}])
def test_filter_all_agrees_with_passes(filter_class, request_fields):
    step, request = filter_class(POLICY), f.request(**request_fields)
    candidates = varied_candidates()
    one_by_one = [(c, step.passes(c, request)) for c in candidates]
    kept, dropped = step.filter_all(candidates, request)
    assert kept == [c for c, (ok, _) in one_by_one if ok]
    assert dropped == [(c, reason) for c, (ok, reason) in one_by_one if not ok]
