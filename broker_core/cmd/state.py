"""``broker-state``: the state tracker and the webhook dispatcher as a service of their own."""

import logging
import signal
import sys

from broker_core import conf as broker_conf
from broker_core.state import service as service_mod

LOG = logging.getLogger(__name__)


def main(argv=None):
    logging.basicConfig(level=logging.INFO,
                        format='%(asctime)s %(process)d %(levelname)s %(name)s %(message)s')
    conf = broker_conf.build(sys.argv[1:] if argv is None else argv)
    service = service_mod.StateService(conf, publisher=service_mod.build_publisher(conf))

    def stop(signum, frame):
        LOG.info('Signal %d: stopping', signum)
        service.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    service.start()
    service.wait()
    return 0


if __name__ == '__main__':
    sys.exit(main())
