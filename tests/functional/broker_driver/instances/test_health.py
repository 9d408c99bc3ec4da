"""Account health and the circuit breaker as provider calls record them; logins as cached."""

import datetime

import pytest

from broker_core import events
from broker_core import health
from broker_core import identity
from broker_core import passwords
from iaas import errors

T0 = datetime.datetime(2030, 1, 1, 12, 0, 0)


def transitions(world, account_id):
    found = events.query(world.admin, object_type='account', object_id=account_id,
                         type='account.circuit')
    return [(e['details']['from'], e['details']['to']) for e in reversed(found)]


def test_the_circuit_state_machine(served):
    world = served.world
    account = world.account_id('cloud-a')
    for n in range(2):
        state = health.record_failure(world.admin, account, 'boom', threshold=3, now=T0)
        assert (state['consecutive_failures'], state['circuit_state']) == (n + 1, 'closed')
    state = health.record_failure(world.admin, account, 'boom', threshold=3, now=T0)
    assert (state['circuit_state'], state['circuit_opened_at']) == ('open', T0)
    later = T0 + datetime.timedelta(seconds=30)
    assert not health.begin_probe(world.admin, account, 60, now=later), 'cooling down'
    later = T0 + datetime.timedelta(seconds=61)
    assert health.begin_probe(world.admin, account, 60, now=later)
    assert not health.begin_probe(world.admin, account, 60, now=later), 'one probe at a time'
    state = health.record_failure(world.admin, account, 'still', threshold=3, now=later)
    assert (state['circuit_state'], state['circuit_opened_at']) == ('open', later)
    latest = later + datetime.timedelta(seconds=61)
    assert health.begin_probe(world.admin, account, 60, now=latest)
    state = health.record_success(world.admin, account, now=latest)
    assert (state['circuit_state'], state['consecutive_failures']) == ('closed', 0)
    assert state['circuit_opened_at'] is None and 0 < state['error_rate'] < 1
    assert transitions(world, account) == [
        ('closed', 'open'), ('open', 'half_open'), ('half_open', 'open'),
        ('open', 'half_open'), ('half_open', 'closed')]


def test_the_error_rate_decays_with_successes():
    rate = 0.0
    for _ in range(3):
        rate = health.next_error_rate(rate, failed=True)
    high = rate
    for _ in range(10):
        rate = health.next_error_rate(rate, failed=False)
    assert 0 < rate < high / 5


def test_a_provider_call_records_health_and_names_the_account_not_its_secret(served):
    world = served.world
    world.knobs('cloud-a', failure_rates={'instances.index': 1.0})
    with pytest.raises(errors.ProviderError) as failed:
        world.driver.account_call(world.admin, world.account_id('cloud-a'), 'list_instances')
    assert "Account 'cloud-a'" in failed.value.message
    assert 'mockpassword' not in failed.value.message
    state = health.get_health(world.admin, world.account_id('cloud-a'))
    assert state['consecutive_failures'] == 1 and 'mockpassword' not in state['last_error']
    world.knobs('cloud-a', failure_rates={})
    with pytest.raises(errors.NotFound):
        world.driver.account_call(world.admin, world.account_id('cloud-a'), 'get_instance',
                                  'no-such-instance')
    assert health.get_health(world.admin, world.account_id('cloud-a'))[
        'consecutive_failures'] == 1, 'a 404 says nothing about the account'
    world.driver.account_call(world.admin, world.account_id('cloud-a'), 'list_instances')
    assert health.get_health(world.admin, world.account_id('cloud-a'))[
        'consecutive_failures'] == 0


def test_logins_are_verified_once_then_cached_briefly(served, monkeypatch):
    checked = []
    verify = passwords.verify
    monkeypatch.setattr(passwords, 'verify', lambda *a: checked.append(1) or verify(*a))
    driver, world = served.driver, served.world
    for _ in range(3):
        assert driver.broker_context(world.context('alice')).user_name == 'alice'
    assert len(checked) == 1
    with pytest.raises(errors.AuthenticationFailure):
        driver.broker_context(world.context('alice', password='wrong'))
    identity.update_user(world.admin, world.users['bob']['id'], enabled=False)
    with pytest.raises(errors.AuthenticationFailure):
        driver.broker_context(world.context('bob'))
    with pytest.raises(errors.AuthenticationFailure):
        driver.broker_context(world.context('nobody', password='whatever'))
