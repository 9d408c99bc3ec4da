"""The state service inside broker-api workers ([state] embedded), started per worker."""

import logging
import threading

from broker_core import conf as broker_conf
from broker_core.state import service as service_mod

LOG = logging.getLogger(__name__)


class Embedded:
    """The handle broker-api keeps: ``stop()`` when the worker exits.

    broker-api calls the plug-ins of the ``iaas.api.background`` entry-point group in each
    gunicorn worker once it has loaded the app (never in the master, which forks), and
    stops them when the worker exits. The service is built on a thread of its own, so a
    slow coordination backend or message bus does not hold up the worker's first request.
    """

    def __init__(self, conf):
        self.conf = conf
        self.service = None
        self._lock = threading.Lock()
        self._stopped = False
        self._thread = threading.Thread(target=self._start, name='state-service-start',
                                        daemon=True)

    def _start(self):
        try:
            service = service_mod.StateService(
                self.conf, publisher=service_mod.build_publisher(self.conf))
            with self._lock:
                if self._stopped:
                    return
                self.service = service
                service.start()
            LOG.info('Embedded state service started')
        except Exception:  # noqa: B902 - the API keeps serving without state tracking
            LOG.exception('The embedded state service could not start')

    def stop(self, timeout=10.0):
        with self._lock:
            self._stopped = True
            service = self.service
        if service is not None:
            service.stop(timeout)


def start(conf):
    """Start the state service of this worker; None when [state] embedded is off."""
    broker_conf.register_opts(conf)
    if not conf.state.embedded:
        return None
    handle = Embedded(conf)
    handle._thread.start()
    return handle
