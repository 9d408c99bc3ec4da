"""Events published as oslo.messaging notifications, from the outbox like any other delivery."""

import logging
import socket
import warnings

from oslo_utils import timeutils

LOG = logging.getLogger(__name__)

GROUP = 'oslo_messaging_notifications'
DRIVER_NAMESPACE = 'oslo.messaging.notify.drivers'
NOOP = 'noop'
# Connection retries per publication when the option asks for "forever" (-1): the
# outbox retries with backoff, and a dispatcher must not hang on a broker that is down.
RETRIES = 2
EVENT_TYPE_PREFIX = 'broker.'


def _oslo_messaging():
    with warnings.catch_warnings():
        # oslo.messaging imports eventlet (without patching anything), which warns.
        warnings.simplefilter('ignore')
        import oslo_messaging
        from oslo_messaging import opts  # noqa: F401 (list_opts below)
    return oslo_messaging


def list_opts():
    """[oslo_messaging_notifications] and the transport_url it falls back to."""
    listed = dict(_oslo_messaging().opts.list_opts())
    default = [opt for opt in listed[None] if opt.name in ('transport_url', 'control_exchange')]
    return [('DEFAULT', default), (GROUP, listed[GROUP])]


class Publisher:
    """The configured notification drivers; ``publish`` raises when one of them fails.

    Switched by oslo.messaging's own option: [oslo_messaging_notifications] driver
    (``messagingv2`` to the broker of transport_url, ``log``, or ``noop``/empty for none).
    oslo.messaging is imported only when a Publisher is built: it is slow to import and
    only the state service publishes.

    The drivers are called directly rather than through ``oslo_messaging.Notifier``, which
    logs and swallows a failed send: the outbox must see the failure to retry the delivery.
    The notification's ``message_id`` is the delivery id, so a consumer can drop the
    duplicate that at-least-once delivery may bring.
    """

    def __init__(self, conf, publisher_id=None):
        messaging = _oslo_messaging()
        self.transport = messaging.get_notification_transport(conf)
        options = conf[GROUP]
        self.names = [name for name in options.driver if name != NOOP]
        self.publisher_id = publisher_id or 'broker.%s' % socket.gethostname()
        self.retry = options.retry if options.retry is not None and options.retry >= 0 \
            else RETRIES
        self._drivers = []
        if self.names:
            from stevedore import named
            manager = named.NamedExtensionManager(
                DRIVER_NAMESPACE, names=self.names, invoke_on_load=True,
                invoke_args=[conf],
                invoke_kwds={'topics': options.topics, 'transport': self.transport},
                on_missing_entrypoints_callback=self._missing)
            self._drivers = [extension.obj for extension in manager.extensions]

    @staticmethod
    def _missing(names):
        raise ValueError('Unknown notification drivers: %s' % ', '.join(sorted(names)))

    @property
    def enabled(self):
        return bool(self._drivers)

    def publish(self, message_id, event_type, payload, failed=False):
        """Send one notification through every driver; the first failure is raised."""
        priority = 'ERROR' if failed else 'INFO'
        message = {'message_id': message_id, 'publisher_id': self.publisher_id,
                   'event_type': EVENT_TYPE_PREFIX + event_type, 'priority': priority,
                   'payload': payload, 'timestamp': str(timeutils.utcnow())}
        for driver in self._drivers:
            driver.notify({}, message, priority, self.retry)

    def close(self):
        self.transport.cleanup()
