"""Signed webhook deliveries of tracked changes: outbox, retries, order, the delivery log."""

import hashlib
import hmac
import threading

import pytest
import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core.webhooks import deliveries
from broker_core.webhooks import dispatcher as dispatcher_mod
from broker_core.webhooks import signing
from broker_core.webhooks import subscriptions

SECRET = 'a-secret-of-the-receiver'
SQLITE = pytest.mark.parametrize('db_backend', ['sqlite'])


@pytest.fixture
def dispatcher(conf, broker):
    dispatcher = dispatcher_mod.Dispatcher(conf, broker, 'worker-1')
    yield dispatcher
    dispatcher.close()


def subscribe(clouds, url, **filters):
    return subscriptions.create_subscription(clouds.admin, clouds.broker, url, SECRET,
                                             **filters)


def drain(dispatcher, clouds, rounds=5):
    for _ in range(rounds):
        if not dispatcher.run_once(clouds.admin):
            return


def test_a_receiver_gets_signed_deliveries_of_what_changed(clouds, tracker, dispatcher,
                                                           receiver):
    hook = subscribe(clouds, receiver.url, event_types=['instance.*'])
    record = clouds.records['cloud-a'][0]
    clouds.stop(record)
    address = clouds.give_address(clouds.records['cloud-b'][0])
    tracker.run_cycle()

    drain(dispatcher, clouds)

    got = {doc['event']['type']: (doc, request) for doc, request in
           zip(receiver.received(), receiver.requests)}
    assert set(got) == {'instance.state_changed', 'instance.addresses_changed'}
    document, request = got['instance.state_changed']
    assert document['instance']['id'] == record
    assert document['instance']['state'] == 'STOPPED'
    assert document['event']['details']['to'] == 'STOPPED'
    expected = 'sha256=' + hmac.new(SECRET.encode(), request['body'],
                                    hashlib.sha256).hexdigest()
    assert request['headers']['X-Broker-Signature'] == expected
    assert signing.verify(SECRET, request['body'], expected)
    assert request['headers']['X-Broker-Delivery'] == document['delivery_id']
    assert request['headers']['X-Broker-Event'] == 'instance.state_changed'
    assert got['instance.addresses_changed'][0]['event']['details'][
        'public_addresses']['to'] == [address]
    log = deliveries.list_deliveries(clouds.admin, hook['id'])
    assert [(d['status'], d['attempts'], d['last_status_code']) for d in log] == \
        [('delivered', 1, 200)] * 2


@SQLITE
def test_a_failing_receiver_gets_retries_then_the_log_shows_the_failure(
        clouds, tracker, dispatcher, receiver, conf):
    conf.set_override('max_attempts', 3, group='webhooks')
    hook = subscribe(clouds, receiver.url, event_types=['instance.state_changed'])
    record = clouds.records['cloud-a'][0]
    receiver.fail_next(500, 503, 500)
    clouds.stop(record)
    tracker.run_cycle()

    drain(dispatcher, clouds)

    assert len(receiver.requests) == 3
    assert len({r['headers']['X-Broker-Delivery'] for r in receiver.requests}) == 1
    [delivery] = deliveries.list_deliveries(clouds.admin, hook['id'])
    assert delivery['status'] == 'failed' and delivery['gave_up_at'] is not None
    assert delivery['attempts'] == 3 and delivery['last_status_code'] == 500
    assert 'HTTP 500' in delivery['last_error']
    log = deliveries.list_attempts(clouds.admin, hook['id'])
    assert [(a['attempt'], a['status_code'], a['outcome']) for a in log] == [
        (3, 500, 'failed'), (2, 503, 'retry'), (1, 500, 'retry')]


@SQLITE
def test_one_instance_s_deliveries_keep_their_order(clouds, tracker, dispatcher, receiver,
                                                    conf):
    subscribe(clouds, receiver.url, event_types=['instance.*'])
    record = clouds.records['cloud-a'][0]
    clouds.stop(record)
    tracker.run_cycle()
    clouds.act(record, 'start_instance')
    tracker.run_cycle()
    receiver.fail_next(500)

    sent = [dispatcher.run_once(clouds.admin) for _ in range(4)]

    assert sent[:3] == [{'retry': 1}, {'delivered': 1}, {'delivered': 1}]
    states = [doc['event']['details']['to'] for doc in receiver.received()]
    assert states == ['STOPPED', 'STOPPED', 'RUNNING']


@SQLITE
def test_the_next_delivery_goes_once_the_earlier_one_is_given_up(clouds, tracker, dispatcher,
                                                                 receiver, conf):
    conf.set_override('max_attempts', 1, group='webhooks')
    subscribe(clouds, receiver.url, event_types=['instance.*'])
    record = clouds.records['cloud-a'][0]
    clouds.stop(record)
    tracker.run_cycle()
    clouds.act(record, 'start_instance')
    tracker.run_cycle()
    receiver.fail_next(500)

    assert dispatcher.run_once(clouds.admin) == {'failed': 1}
    assert dispatcher.run_once(clouds.admin) == {'delivered': 1}
    assert receiver.received()[-1]['event']['details']['to'] == 'RUNNING'


@SQLITE
def test_the_launch_callback_gets_the_instance_s_events_signed_with_its_key(
        clouds, tracker, dispatcher, receiver, conf):
    conf.set_override('callback_secret', 'callback-key', group='webhooks')
    _set_callback(clouds.admin, clouds.records['cloud-b'][1], receiver.url + '/cb')
    clouds.stop(clouds.records['cloud-b'][1])
    clouds.stop(clouds.records['cloud-b'][0])
    tracker.run_cycle()

    drain(dispatcher, clouds)

    [request] = receiver.requests
    assert request['path'] == '/hook/cb'
    assert signing.verify('callback-key', request['body'],
                          request['headers']['X-Broker-Signature'])
    assert receiver.received()[0]['instance']['id'] == clouds.records['cloud-b'][1]


@SQLITE
def test_filters_by_event_type_and_pool(clouds, tracker, dispatcher, receiver):
    subscribe(clouds, receiver.url + '/vanished', event_types=['instance.vanished'])
    subscribe(clouds, receiver.url + '/pool', pool_ids=[clouds.pool_id],
              event_types=['instance.*'])
    clouds.stop(clouds.records['cloud-a'][0])
    clouds.destroy(clouds.records['cloud-a'][1])
    tracker.run_cycle()

    drain(dispatcher, clouds)

    by_path = sorted((r['path'], doc['event']['type'])
                     for r, doc in zip(receiver.requests, receiver.received()))
    assert by_path == [('/hook/pool', 'instance.state_changed'),
                       ('/hook/pool', 'instance.vanished'),
                       ('/hook/vanished', 'instance.vanished')]


@SQLITE
def test_the_brokers_own_management_api_is_no_receiver(clouds, conf, tracker, dispatcher):
    for url in ('http://127.0.0.1:%d/broker/v1/pools' % conf.api.port,
                'http://localhost:%d/broker' % conf.api.port,
                'ftp://example.com/hook', 'http://user:pw@example.com/hook'):
        with pytest.raises(errors.Invalid):
            subscribe(clouds, url)
    conf.set_override('own_base_urls', ['https://broker.example.com/'], group='webhooks')
    with pytest.raises(errors.Invalid):
        subscribe(clouds, 'https://broker.example.com:443/anything')
    subscribe(clouds, 'http://127.0.0.1:%d/api/hook' % conf.api.port, event_types=['none'])
    # A callback stored before the options said so is refused when it is due.
    _set_callback(clouds.admin, clouds.records['cloud-a'][0],
                  'https://broker.example.com/broker/v1/users')
    clouds.stop(clouds.records['cloud-a'][0])
    tracker.run_cycle()
    outcomes = dispatcher.run_once(clouds.admin)
    assert outcomes.get('failed') == 1
    refused = deliveries.list_deliveries(clouds.admin, channel='callback')
    assert refused[0]['status'] == 'failed' and 'refused' in refused[0]['last_error']


@SQLITE
def test_the_secret_is_encrypted_at_rest_and_never_shown(clouds):
    hook = subscribe(clouds, 'https://example.com/hook')
    assert 'secret' not in hook and hook['secret_set'] is True
    assert SECRET not in _stored_secret(clouds.admin, hook['id'])
    assert subscriptions.secret_of(clouds.admin, clouds.broker, hook['id']) == SECRET
    assert SECRET not in str(events.query(clouds.admin, type='webhook.create'))
    with pytest.raises(errors.Invalid):
        subscriptions.update_subscription(clouds.admin, clouds.broker, hook['id'],
                                          secret='short')


@SQLITE
def test_an_event_rolled_back_leaves_nothing_to_deliver(clouds):
    subscribe(clouds, 'https://example.com/hook')
    with pytest.raises(RuntimeError):
        _record_then_fail(clouds.admin)
    assert _count(clouds.admin, models.WebhookDelivery) == 1  # the subscription's own event


def test_two_dispatchers_never_send_one_delivery_at_once(clouds, tracker, conf, broker,
                                                         receiver):
    subscribe(clouds, receiver.url)
    for record in clouds.records['cloud-a'] + clouds.records['cloud-b']:
        clouds.stop(record)
    tracker.run_cycle()
    workers = [dispatcher_mod.Dispatcher(conf, broker, 'worker-%d' % n) for n in range(2)]
    try:
        threads = [threading.Thread(target=drain, args=(worker, clouds)) for worker in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        for worker in workers:
            worker.close()
    ids = [request['headers']['X-Broker-Delivery'] for request in receiver.requests]
    assert len(ids) == len(set(ids)) == 5  # webhook.create and four state changes


@db_api.writer
def _set_callback(context, instance_id, url):
    context.session.get(models.Instance, instance_id).callback_url = url


@db_api.reader
def _stored_secret(context, subscription_id):
    return context.session.get(models.WebhookSubscription, subscription_id).secret


@db_api.writer
def _record_then_fail(context):
    events.record(context, 'test.rolled_back', 'instance', 'x')
    raise RuntimeError('the change failed')


@db_api.reader
def _count(context, model):
    return context.session.scalar(sa.select(sa.func.count()).select_from(model))
