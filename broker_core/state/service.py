"""The state service: the tracker and the outbox dispatcher, each looping on its own thread."""

import logging
import threading
import time

from broker_core import conf as broker_conf
from broker_core.db import api as db_api
from broker_core import services
from broker_core.state import partition as partition_mod
from broker_core.state import tracker as tracker_mod
from broker_core.webhooks import dispatcher as dispatcher_mod
from broker_core.webhooks import subscriptions

LOG = logging.getLogger(__name__)


def build_publisher(conf):
    """The notification publisher, or None when notifications are off or cannot start."""
    try:
        from broker_core import notifications
        publisher = notifications.Publisher(conf)
    except Exception:  # noqa: B902 - a bad transport must not stop state tracking
        LOG.exception('Notifications cannot start; events are not published')
        return None
    return publisher if publisher.enabled else None


class StateService:
    """Start it, stop it; ``tracker`` and ``dispatcher`` may also be driven step by step.

    ``broker-state`` runs one in the foreground; with [state] embedded, every broker-api
    worker runs one in the background (``embedded.start``). Both share the accounts through
    the coordination backend and the outbox through its leases.
    """

    def __init__(self, conf, broker=None, partition=None, publisher=None, http=None):
        broker_conf.register_opts(conf)
        self.conf = conf
        db_api.configure(conf)
        self.broker = broker or services.Broker(conf)
        self.partition = partition or partition_mod.from_conf(conf)
        self.publisher = publisher
        self.tracker = tracker_mod.Tracker(conf, self.broker, self.partition)
        worker = getattr(self.partition, 'member', None) or partition_mod.member_id()
        self.dispatcher = dispatcher_mod.Dispatcher(conf, self.broker, worker.decode(),
                                                    publisher=publisher, http=http)
        self._stop = threading.Event()
        self._threads = []

    def start(self):
        """Join the coordination group and start both loops (daemon threads)."""
        self.partition.start()
        self._sync_notification_channel()
        for name, interval, step in (
                ('state-tracker', self.conf.state.interval, self.tracker.run_cycle),
                ('webhook-dispatcher', self.conf.webhooks.dispatch_interval,
                 self._dispatch)):
            thread = threading.Thread(target=self._loop, args=(name, interval, step),
                                      name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _sync_notification_channel(self):
        try:
            if subscriptions.set_notification_channel(self.tracker.context,
                                                      self.publisher is not None):
                LOG.info('Notification channel %s', 'opened' if self.publisher else 'closed')
        except Exception:  # noqa: B902 - retried at the next start; tracking goes on
            LOG.exception('Could not update the notification channel')

    def _dispatch(self):
        # Keep sending while whole batches come back: a backlog drains without pauses.
        while not self._stop.is_set():
            outcomes = self.dispatcher.run_once(self.tracker.context)
            if sum(outcomes.values()) < self.conf.webhooks.batch_size:
                return

    def _loop(self, name, interval, step):
        LOG.info('%s started (every %.1f s)', name, interval)
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                step()
            except Exception:  # noqa: B902 - a failed step is logged; the loop goes on
                LOG.exception('%s: step failed', name)
            self._stop.wait(max(0.0, interval - (time.monotonic() - started)))

    def stop(self, timeout=10.0):
        """Stop both loops, leave the group (others take the accounts at once), clean up."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
        self.partition.stop()
        self.tracker.close()
        self.dispatcher.close()
        if self.publisher is not None:
            self.publisher.close()

    def wait(self):
        """Block until stopped (by a signal handler calling ``stop``)."""
        while not self._stop.wait(1.0):
            pass
