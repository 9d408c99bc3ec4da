"""The state tracker follows the clouds within one cycle, one list call per account."""

import datetime
import time

import pytest

from broker_core.catalog import addresses
from broker_core import events
from broker_core import health
from broker_core import quotas
from broker_core import volumes
from broker_core.state import tracker as tracker_mod
from iaas.drivers.mock import knobs

# Tracking rules need one backend; what the DB must guarantee runs on every one.
SQLITE = pytest.mark.parametrize('db_backend', ['sqlite'])


def _types(clouds, record_id):
    return [event['type'] for event in reversed(
        events.query(clouds.admin, object_type='instance', object_id=record_id))]


def test_one_cycle_follows_the_clouds_and_the_next_one_changes_nothing(clouds, tracker, drivers):
    stopped, destroyed = clouds.records['cloud-a']
    addressed, untouched = clouds.records['cloud-b']
    account = clouds.accounts['cloud-a']
    held = quotas.usage(clouds.admin, 'account', account)
    clouds.stop(stopped)
    clouds.destroy(destroyed)
    address = clouds.give_address(addressed)
    drivers.calls.clear()

    report = tracker.run_cycle()

    assert dict(drivers.calls) == {'cloud-a': 1, 'cloud-b': 1}
    assert report.provider_calls == 2
    assert clouds.record(stopped)['state'] == 'STOPPED'
    gone = clouds.record(destroyed)
    assert gone['state'] == 'FINISH' and gone['deleted_at'] is not None
    assert gone['quota_scopes'] is None
    assert clouds.record(addressed)['public_addresses'] == [address]
    assert clouds.record(untouched)['state'] == 'RUNNING'
    assert _types(clouds, stopped)[-1] == 'instance.state_changed'
    assert _types(clouds, destroyed)[-1] == 'instance.vanished'
    assert _types(clouds, addressed)[-1] == 'instance.addresses_changed'
    assert _types(clouds, untouched)[-1] == 'instance.place'
    released = quotas.usage(clouds.admin, 'account', account)
    in_use = {key: usage['resources']['instances']['in_use'] for key, usage in
              (('before', held), ('after', released))}
    assert in_use == {'before': 2, 'after': 1}
    count = len(events.query(clouds.admin, limit=1000))

    again = tracker.run_cycle()

    assert again.changes == {'changed': 0, 'vanished': 0, 'stuck': 0}
    assert len(events.query(clouds.admin, limit=1000)) == count
    assert quotas.usage(clouds.admin, 'account', account) == released


def test_a_vanished_instance_lets_go_of_its_volume_and_address(clouds, tracker):
    record = clouds.records['cloud-a'][1]
    account = clouds.accounts['cloud-a']
    volume = volumes.create_reserved(clouds.admin, owner_id=clouds.user_id,
                                     pool_id=clouds.pool_id, capacity_gb=1, account_id=account)
    volumes.record_placement(clouds.admin, volume['id'], account, 'vol-at-provider',
                             state='AVAILABLE')
    volumes.update_state(clouds.admin, volume['id'], 'IN-USE', instance_id=record,
                         device='/dev/sdf')
    address = addresses.create_address(clouds.admin, clouds.user_id, clouds.pool_id)
    addresses.record_association(clouds.admin, address['id'], record)
    clouds.destroy(record)

    tracker.run_cycle()

    detached = volumes.get(clouds.admin, volume['id'])
    assert (detached['state'], detached['instance_id'], detached['device']) == (
        'AVAILABLE', None, None)
    assert addresses.get_address(clouds.admin, address['id'])['instance_id'] is None
    [vanished] = events.query(clouds.admin, object_id=record, type='instance.vanished')
    assert vanished['details']['let_go'] == {
        'volumes': [volume['id']], 'addresses': [address['id']], 'load_balancers': []}


@SQLITE
def test_details_of_the_events_say_what_changed(clouds, tracker):
    record = clouds.records['cloud-a'][0]
    clouds.stop(record)
    tracker.run_cycle()
    [event] = events.query(clouds.admin, object_id=record, type='instance.state_changed')
    assert event['details'] == {'from': 'RUNNING', 'to': 'STOPPED',
                                'provider_state': 'STOPPED'}
    assert event['account_id'] == clouds.accounts['cloud-a']
    assert event['pool_id'] == clouds.pool_id


@SQLITE
def test_a_slow_account_does_not_delay_the_others(clouds, tracker, conf):
    conf.set_override('account_timeout', 0.5, group='state')
    quick = clouds.records['cloud-b'][0]
    clouds.stop(quick)
    knobs.set_knobs(conf, 'cloud-a', latency=3.0)

    started = time.monotonic()
    report = tracker.run_cycle()

    assert time.monotonic() - started < 2.0
    assert report.outcomes[clouds.accounts['cloud-a']] == 'timeout'
    assert clouds.record(quick)['state'] == 'STOPPED'
    slow = health.get_health(clouds.admin, clouds.accounts['cloud-a'])
    assert slow['consecutive_failures'] == 1
    assert 'timed out' in slow['last_error']
    # Still hanging in the next cycle: skipped, not asked twice.
    assert tracker.run_cycle().outcomes[clouds.accounts['cloud-a']] == 'busy'


@SQLITE
def test_a_failing_account_records_a_health_failure_not_a_crash(clouds, tracker, conf):
    knobs.set_knobs(conf, 'cloud-a', fail_next={'instances.index': 1})
    clouds.stop(clouds.records['cloud-b'][0])

    report = tracker.run_cycle()

    assert report.outcomes[clouds.accounts['cloud-a']] == 'failed'
    assert report.changes['changed'] == 1
    failed = health.get_health(clouds.admin, clouds.accounts['cloud-a'])
    assert failed['consecutive_failures'] == 1
    assert 'Injected failure' in failed['last_error']
    assert 'mockpassword' not in failed['last_error']
    assert clouds.record(clouds.records['cloud-a'][0])['state'] == 'RUNNING'


@SQLITE
def test_an_instance_stuck_pending_goes_to_error_with_the_reason(clouds, conf, broker):
    knobs.set_knobs(conf, 'cloud-a', boot_time=3600)
    record = clouds.launch('cloud-a')
    assert clouds.record(record)['state'] == 'PENDING'
    later = datetime.datetime.utcnow() + datetime.timedelta(
        seconds=conf.state.pending_timeout + 60)
    tracker = tracker_mod.Tracker(conf, broker, clock=lambda: later)
    try:
        tracker.run_cycle()
        stuck = clouds.record(record)
        assert stuck['state'] == 'ERROR'
        assert 'stuck in PENDING' in stuck['last_error']
        assert _types(clouds, record)[-2:] == ['instance.state_changed', 'instance.stuck']
        # The provider still says PENDING: the record stays in ERROR, no flapping.
        tracker.run_cycle()
        assert clouds.record(record)['state'] == 'ERROR'
        assert _types(clouds, record)[-1] == 'instance.stuck'
    finally:
        tracker.close()


@SQLITE
def test_a_record_written_after_the_listing_is_left_for_the_next_cycle(clouds, conf, broker):
    record = clouds.records['cloud-a'][0]
    clouds.stop(record)
    earlier = datetime.datetime.utcnow() - datetime.timedelta(seconds=60)
    tracker = tracker_mod.Tracker(conf, broker, clock=lambda: earlier)
    try:
        tracker.run_cycle()
    finally:
        tracker.close()
    assert clouds.record(record)['state'] == 'RUNNING'


@SQLITE
def test_accounts_without_live_records_are_not_asked(clouds, tracker, drivers):
    for record in clouds.records['cloud-b']:
        clouds.destroy(record)
    tracker.run_cycle()
    drivers.calls.clear()
    report = tracker.run_cycle()
    assert dict(drivers.calls) == {'cloud-a': 1}
    assert report.accounts == [clouds.accounts['cloud-a']]
