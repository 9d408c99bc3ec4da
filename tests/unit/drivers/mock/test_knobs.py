"""Knobs of a simulated cloud: boot time, latency, injected failures, capacity and prices."""

import time

import pytest

from iaas import errors
from iaas import states
from iaas.drivers.mock import knobs
from tests.unit.drivers.mock import helpers


def instance_ids(driver, ctx):
    return {i.id for i in driver.list_instances(ctx)}


def test_defaults_come_from_the_mock_options(conf):
    conf.set_override('boot_time', 2.5, 'mock')
    conf.set_override('latency', 0.0, 'mock')
    current = knobs.get_knobs(conf)
    assert (current.boot_time, current.latency, current.capacity) == (2.5, 0.0, None)
    assert current.failure_rates == {} and current.fail_next == {}
    assert current.prices == knobs.DEFAULT_PRICES


def test_set_get_reset(conf):
    changed = knobs.set_knobs(conf, 'p1', boot_time=1, capacity=7)
    assert (changed.boot_time, changed.capacity) == (1.0, 7)
    assert knobs.get_knobs(conf, 'p1').capacity == 7
    assert knobs.get_knobs(conf, 'p2').capacity is None
    assert knobs.set_knobs(conf, 'p1', capacity=None).capacity is None
    assert knobs.get_knobs(conf, 'p1').boot_time == 1.0
    assert knobs.reset_knobs(conf, 'p1').boot_time == conf.mock.boot_time


@pytest.mark.parametrize('bad', [
    {'speed': 1},
    {'boot_time': -1},
    {'boot_time': 'fast'},
    {'latency': 4000},
    {'boot_time': True},
    {'failure_rates': {'instances.create': 1.5}},
    {'failure_rates': {'instances.launch': 0.5}},
    {'failure_rates': ['instances.create']},
    {'fail_next': {'instances.create': -1}},
    {'capacity': -3},
    {'capacity': 2.5},
    {'prices': {'m9-huge': 1.0}},
    {'prices': {'m1-small': -1}},
])
def test_invalid_knobs_are_refused_and_nothing_changes(conf, bad):
    knobs.set_knobs(conf, latency=0.01)
    with pytest.raises(errors.ValidationError):
        knobs.set_knobs(conf, **dict({'latency': 0.02}, **bad))
    assert knobs.get_knobs(conf).latency == 0.01


def test_boot_time_keeps_new_instances_pending(conf, mock, ctx):
    knobs.set_knobs(conf, boot_time=0.3)
    instance, = helpers.launch(mock, ctx)
    assert instance.state == states.PENDING
    assert mock.get_instance(ctx, instance.id).state == states.PENDING
    with pytest.raises(errors.MethodNotAllowed):
        mock.stop_instance(ctx, instance.id)
    assert mock.get_instance(ctx, 'inst0').state == states.RUNNING
    time.sleep(0.35)
    assert mock.get_instance(ctx, instance.id).state == states.RUNNING
    assert mock.stop_instance(ctx, instance.id).state == states.STOPPED


def test_zero_boot_time_runs_at_once(conf, mock, ctx):
    knobs.set_knobs(conf, boot_time=0)
    assert helpers.launch(mock, ctx)[0].state == states.RUNNING


def test_latency_is_paid_once_per_operation(conf, mock, ctx):
    knobs.set_knobs(conf, latency=0.2)
    started = time.monotonic()
    mock.list_realms(ctx)
    assert time.monotonic() - started >= 0.2
    started = time.monotonic()
    helpers.launch(mock, ctx)  # looks up image, realm and profile inside
    assert 0.2 <= time.monotonic() - started < 0.4


def test_failure_rate_one_always_fails_and_leaves_nothing(conf, mock, ctx):
    knobs.set_knobs(conf, failure_rates={'instances.create': 1.0})
    before = instance_ids(mock, ctx)
    for _ in range(3):
        with pytest.raises(errors.ProviderError) as raised:
            helpers.launch(mock, ctx)
        assert raised.value.code == 502
        assert 'instances.create' in raised.value.message
    assert instance_ids(mock, ctx) == before
    mock.list_images(ctx)  # other operations are unaffected


def test_failure_rate_applies_to_all_with_a_wildcard(conf, mock, ctx):
    knobs.set_knobs(conf, failure_rates={'*': 1.0})
    with pytest.raises(errors.ProviderError):
        mock.list_keys(ctx)


def _outcomes(driver, ctx, calls):
    result = []
    for _ in range(calls):
        try:
            driver.list_realms(ctx)
            result.append('ok')
        except errors.ProviderError:
            result.append('fail')
    return result


def test_seeded_failures_repeat_in_every_cloud(conf, make_driver, ctx):
    for provider in ('a', 'b'):
        knobs.set_knobs(conf, provider, failure_rates={'realms.index': 0.5}, failure_seed=42)
    first = _outcomes(make_driver('a'), ctx, 30)
    second = _outcomes(make_driver('b'), ctx, 30)
    assert first == second
    assert 5 < first.count('fail') < 25


def test_fail_next_fails_exactly_n_calls(conf, mock, ctx):
    knobs.set_knobs(conf, fail_next={'realms.index': 2})
    assert _outcomes(mock, ctx, 4) == ['fail', 'fail', 'ok', 'ok']
    assert knobs.get_knobs(conf).fail_next == {}


def test_knobs_reach_drivers_already_running(conf, make_driver, ctx):
    worker1, worker2 = make_driver(), make_driver()
    worker1.list_realms(ctx)
    knobs.set_knobs(conf, fail_next={'realms.index': 1})
    with pytest.raises(errors.ProviderError):
        worker2.list_realms(ctx)
    worker1.list_realms(ctx)


def test_capacity_limits_live_instances(conf, mock, ctx):
    knobs.set_knobs(conf, capacity=5)  # the four seeded instances are live
    helpers.launch(mock, ctx)
    with pytest.raises(errors.ProviderError) as raised:
        helpers.launch(mock, ctx)
    assert raised.value.code == 502 and 'Capacity exceeded' in raised.value.message
    mock.stop_instance(ctx, 'inst2')
    mock.destroy_instance(ctx, 'inst2')
    with pytest.raises(errors.ProviderError):
        helpers.launch(mock, ctx, instance_count=2)
    assert len(helpers.launch(mock, ctx)) == 1
    assert len(instance_ids(mock, ctx)) == 5


def test_prices_show_in_hardware_profiles(conf, mock):
    knobs.set_knobs(conf, prices={'m1-small': 0.5})
    prices = {p.id: p.extra.get('price_per_hour') for p in mock.list_hardware_profiles(None)}
    assert prices == dict(knobs.DEFAULT_PRICES, **{'m1-small': 0.5})
    assert mock.get_hardware_profile(None, 'm1-small').extra['price_per_hour'] == 0.5
