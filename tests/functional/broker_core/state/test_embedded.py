"""The state service a broker-api worker starts through the iaas.api.background plug-in."""

import time

import pytest

from broker_core.webhooks import subscriptions
from iaas.cmd import api

pytestmark = pytest.mark.parametrize('db_backend', ['sqlite'])


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, 'timed out'
        time.sleep(0.1)


def test_a_worker_runs_the_tracker_and_the_dispatcher_and_stops_them(clouds, conf, receiver):
    conf.set_override('interval', 0.2, group='state')
    conf.set_override('dispatch_interval', 0.1, group='webhooks')
    conf.set_override('backend_url', 'file://%s/coordination' % conf.state_path,
                      group='coordination')
    subscriptions.create_subscription(clouds.admin, clouds.broker, receiver.url,
                                      'a-secret-of-the-receiver', event_types=['instance.*'])
    record = clouds.records['cloud-a'][0]
    clouds.stop(record)

    [handle] = api.start_background(conf)
    try:
        wait_for(lambda: clouds.record(record)['state'] == 'STOPPED')
        wait_for(lambda: len(receiver.requests) == 1)
        service = handle.service
        assert service.partition.members == {service.partition.member}
    finally:
        api.stop_background([handle])
    assert not any(thread.is_alive() for thread in service._threads)
    assert service.partition.coordinator is None


def test_embedded_false_starts_nothing(conf, database):
    conf.set_override('embedded', False, group='state')
    assert api.start_background(conf) == []
