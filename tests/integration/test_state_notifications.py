"""Events published as oslo.messaging notifications reach a listener on the local RabbitMQ."""

import queue
import socket
import uuid
import warnings

import pytest

from broker_core import conf as broker_conf
from broker_core import crypto
from broker_core import notifications
from broker_core import services
from broker_core.state import tracker as tracker_mod
from broker_core.webhooks import deliveries
from broker_core.webhooks import dispatcher as dispatcher_mod
from broker_core.webhooks import subscriptions
from tests.broker_db import *  # noqa: F401,F403 (fixtures)
from tests.conftest import service_unavailable
from tests.functional.broker_core.state import clouds as clouds_mod

pytestmark = [pytest.mark.integration, pytest.mark.parametrize('db_backend', ['sqlite'])]

RABBIT = ('127.0.0.1', 5672)
TRANSPORT_URL = 'rabbit://guest:guest@127.0.0.1:5672/'


def _messaging():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        import oslo_messaging
    return oslo_messaging


class Endpoint:
    """Keeps every notification it is given, whatever its priority."""

    def __init__(self):
        self.received = queue.Queue()

    def _keep(self, ctxt, publisher_id, event_type, payload, metadata):
        self.received.put((event_type, payload, metadata))

    info = error = warn = _keep


@pytest.fixture
def conf(tmp_path):
    try:
        socket.create_connection(RABBIT, timeout=2).close()
    except OSError as exc:
        service_unavailable('RabbitMQ at %s:%d: %s' % (RABBIT + (exc,)))
    config = broker_conf.build([])
    config.set_override('state_path', str(tmp_path))
    config.set_override('fernet_keys', [crypto.generate_key()], group='crypto')
    config.set_override('backend_url', '', group='coordination')
    return config


@pytest.fixture
def listener(conf):
    messaging = _messaging()
    topic = 'broker_test_%s' % uuid.uuid4().hex[:12]
    transport = messaging.get_notification_transport(conf, url=TRANSPORT_URL)
    endpoint = Endpoint()
    server = messaging.get_notification_listener(
        transport, [messaging.Target(topic=topic)], [endpoint], executor='threading')
    server.start()
    yield topic, endpoint
    server.stop()
    server.wait()
    transport.cleanup()


def test_a_tracked_change_is_published_as_a_notification(database, conf, listener):
    topic, endpoint = listener
    conf.set_override('driver', ['messagingv2'], group='oslo_messaging_notifications')
    conf.set_override('transport_url', TRANSPORT_URL, group='oslo_messaging_notifications')
    conf.set_override('topics', [topic], group='oslo_messaging_notifications')
    publisher = notifications.Publisher(conf)
    broker = services.Broker(conf)
    clouds = clouds_mod.Clouds(conf, broker, names=('cloud-a',), per_account=1)
    subscriptions.set_notification_channel(clouds.admin, publisher.enabled)
    record = clouds.records['cloud-a'][0]
    clouds.stop(record)
    tracker = tracker_mod.Tracker(conf, broker)
    dispatcher = dispatcher_mod.Dispatcher(conf, broker, 'worker-1', publisher=publisher)
    try:
        tracker.run_cycle()
        assert dispatcher.run_once(clouds.admin) == {'delivered': 1}
        event_type, payload, metadata = endpoint.received.get(timeout=10)
    finally:
        tracker.close()
        dispatcher.close()
        publisher.close()
    assert event_type == 'broker.instance.state_changed'
    assert payload['instance']['id'] == record
    assert payload['event']['details'] == {'from': 'RUNNING', 'to': 'STOPPED',
                                           'provider_state': 'STOPPED'}
    [delivery] = deliveries.list_deliveries(clouds.admin, channel='notification')
    assert metadata['message_id'] == delivery['id']
    assert delivery['status'] == 'delivered'
