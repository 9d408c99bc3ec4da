"""``broker-api``: serve the IaaS front ends and the mounted apps with gunicorn."""

import logging
import sys

from gunicorn.app import base as gunicorn_base
from gunicorn.http import wsgi as gunicorn_wsgi
from oslo_config import cfg
from stevedore import extension

from iaas import conf as iaas_conf
from iaas import errors
from iaas.api import app

LOG = logging.getLogger(__name__)
# Services a worker runs beside serving requests (the broker's state tracker): each entry
# point is ``start(conf)`` returning a handle with ``stop()``, or None.
BACKGROUND_NAMESPACE = 'iaas.api.background'

CLI_OPTS = [
    cfg.HostAddressOpt('host', help='Address to listen on (overrides [api] host).'),
    cfg.PortOpt('port', help='Port to listen on (overrides [api] port).'),
    cfg.IntOpt('workers', min=1, help='Worker processes (overrides [api] workers).'),
]


class Server(gunicorn_base.BaseApplication):
    """gunicorn with our settings; each worker builds its own app after the fork."""

    def __init__(self, conf, settings):
        self.conf = conf
        self.settings = settings
        super().__init__()

    def load_config(self):
        for key, value in self.settings.items():
            self.cfg.set(key, value)
        self.cfg.set('post_worker_init', self.post_worker_init)
        self.cfg.set('worker_exit', self.worker_exit)
        use_deltacloud_server_header()

    def load(self):
        return app.create_app(self.conf)

    def post_worker_init(self, worker):
        self.background = start_background(self.conf)

    def worker_exit(self, server, worker):
        stop_background(getattr(self, 'background', ()))


def start_background(conf, namespace=BACKGROUND_NAMESPACE):
    """Start the background services of this worker; one that fails is logged and skipped.

    Called in each worker after the fork, never in the master: threads do not survive a
    fork, and the master serves nothing.
    """
    handles = []
    for ext in extension.ExtensionManager(namespace, on_load_failure_callback=_load_failed):
        try:
            handle = ext.plugin(conf)
        except Exception:
            LOG.exception('Background service %s could not start', ext.name)
            continue
        if handle is not None:
            handles.append(handle)
    return handles


def stop_background(handles):
    for handle in handles:
        try:
            handle.stop()
        except Exception:
            LOG.exception('Background service %r did not stop cleanly', handle)


def _load_failed(manager, entrypoint, exc):
    LOG.error('Background service %s cannot be loaded: %s', entrypoint.name, exc)


def use_deltacloud_server_header():
    """Answer with Deltacloud's ``Server`` header, which clients compare with the API version.

    gunicorn drops a ``Server`` header set by the application and sends its own, read from
    this module attribute for every response; it has no setting for it.
    """
    from iaas.api.deltacloud import session
    gunicorn_wsgi.SERVER = session.SERVER


def server_settings(conf):
    """gunicorn settings from the configuration, command-line values winning."""
    host = conf.host or conf.api.host
    port = conf.port or conf.api.port
    return {
        'bind': '[%s]:%d' % (host, port) if ':' in host else '%s:%d' % (host, port),
        'workers': conf.workers or conf.api.workers,
        'timeout': conf.api.timeout,
        'max_requests': conf.api.max_requests,
        'max_requests_jitter': conf.api.max_requests_jitter,
        'proc_name': 'broker-api',
        'accesslog': '-',
        # Thread-free sync workers: the drivers do blocking I/O and the mock uses SQLite.
        'worker_class': 'sync',
    }


def parse_config(argv):
    conf = cfg.ConfigOpts()
    iaas_conf.register_opts(conf)
    conf.register_cli_opts(CLI_OPTS)
    conf(argv, project='broker', prog='broker-api')
    return conf


def main(argv=None):
    logging.basicConfig(level=logging.INFO,
                        format='%(asctime)s %(process)d %(levelname)s %(name)s %(message)s')
    conf = parse_config(sys.argv[1:] if argv is None else argv)
    try:
        # Load every enabled driver and app now: a failure stops here with its name,
        # not in every gunicorn worker after the fork.
        app.create_app(conf)
    except (errors.DriverLoadError, app.AppLoadError) as exc:
        LOG.error('%s', exc)
        return 1
    Server(conf, server_settings(conf)).run()
    return 0


if __name__ == '__main__':
    sys.exit(main())
