"""Real servers for the benchmarks: a broker seeded with the demo data set, served by broker-api."""

import base64
import contextlib
import json
import os
import urllib.parse
import uuid

import sqlalchemy as sa

from benchmarks import http_load
from broker_core import conf as broker_conf
from broker_core import context as broker_context
from broker_core.db import api as db_api
from broker_core.db import migration
from broker_core import demo
from broker_core import identity
from broker_core import quotas
from broker_core import services
from iaas.drivers.mock import knobs
from tests.integration import servers

XML, JSON = 'application/xml', 'application/json'
MOCK_LOGIN = ('mockuser', 'mockpassword')
BROKER_LOGIN = (demo.DEMO_USER, demo.DEMO_PASSWORD)
POSTGRESQL_URL = os.environ.get('BROKER_BENCH_POSTGRESQL_URL',
                                'postgresql+psycopg2://postgres@127.0.0.1:5432/test')
# Servers answer requests and nothing else: the embedded state tracker would list every
# account every 30 s inside a worker, which is not what a request costs.
SERVER_CONFIG = '[state]\nembedded = false\n'


class Unavailable(RuntimeError):
    """A database server the suite would use cannot be reached."""


def headers(login, driver=None, accept=XML):
    """Request headers: Basic auth of ``login``, the driver, the wanted format."""
    token = base64.b64encode(('%s:%s' % login).encode()).decode('ascii')
    found = {'Authorization': 'Basic ' + token, 'Accept': accept}
    if driver:
        found['X-Deltacloud-Driver'] = driver
    return found


def launch_request(client, headers):
    """A POST /api/instances through the broker for the demo image and the small profile."""
    images = json.loads(client.send(http_load.Request('/api/images', headers))[1])['images']
    image = next(image['id'] for image in images if image['name'] == 'fedora-x86_64')
    form = urllib.parse.urlencode({'image_id': image, 'hwp_id': 'small'}).encode()
    return http_load.Request('/api/instances', dict(
        headers, **{'Content-Type': 'application/x-www-form-urlencoded'}),
        method='POST', body=form, expect=201)


class Site:
    """A broker's state directory and config; its DB is what the broker functions use.

    ``conf`` reads the same config file the server will, so the DB, the credential key
    file and the mock clouds are the server's.
    """

    def __init__(self, directory, connection=None, extra_config=''):
        self.directory = directory
        database = '[database]\nconnection = %s\n' % connection if connection else ''
        self.config = SERVER_CONFIG + database + extra_config
        (directory / 'state').mkdir(parents=True, exist_ok=True)
        path = servers.write_config(directory / 'broker.conf', directory / 'state', self.config)
        self.conf = broker_conf.build(['--config-file', str(path)])
        self.manager = db_api.create_context_manager(self.conf.database.connection)
        self.engine = db_api.get_engine(self.manager)
        self.admin = broker_context.RequestContext.admin(user_name='benchmark')

    def seed_demo(self):
        """The demo data set, mock clouds without latency or boot time, no quota in the way."""
        migration.upgrade(None, engine=self.engine)
        for cloud, _, _ in demo.CLOUDS:
            knobs.set_knobs(self.conf, cloud, boot_time=0, latency=0)
        demo.seed(self.admin, services.Broker(self.conf))
        self.demo_user_id = identity.get_user_by_name(self.admin, demo.DEMO_USER)['id']
        quotas.set_limits(self.admin, 'user', self.demo_user_id,
                          dict.fromkeys(quotas.RESOURCES))

    def serve(self, workers=2):
        """``broker-api`` on this site, stopped on any way out; yields (base URL, master)."""
        return servers.broker_api_process(self.directory, workers, self.config)


@contextlib.contextmanager
def site(directory, connection=None, extra_config=''):
    """A seeded Site whose DB the broker functions of this process use until the end."""
    found = Site(directory, connection, extra_config)
    restore = db_api.context_manager.patch_factory(found.manager)
    try:
        found.seed_demo()
        yield found
    finally:
        restore()
        found.manager.dispose_pool()


@contextlib.contextmanager
def postgresql_database(url=POSTGRESQL_URL):
    """The URL of a new, empty PostgreSQL database, dropped at the end; Unavailable if none."""
    admin = sa.create_engine(url, isolation_level='AUTOCOMMIT', poolclass=sa.NullPool,
                             connect_args={'connect_timeout': 3})
    name = 'broker_bench_%s' % uuid.uuid4().hex[:12]
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql('CREATE DATABASE %s' % name)
    except sa.exc.DBAPIError as exc:
        raise Unavailable('PostgreSQL at %s: %s' % (url, ' '.join(str(exc.orig).split()))) from None
    try:
        yield sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql('DROP DATABASE IF EXISTS %s WITH (FORCE)' % name)
        admin.dispose()


def address(base):
    """``(host, port)`` of a base URL ``http://host:port``."""
    host, port = base.rsplit('/', 1)[1].rsplit(':', 1)
    return host, int(port)


def memory_mib(pid):
    """``{'VmHWM': MiB, 'VmRSS': MiB}`` of a process: its peak and current resident set."""
    found = {}
    with open('/proc/%d/status' % pid) as status:
        for line in status:
            key, _, value = line.partition(':')
            if key in ('VmHWM', 'VmRSS'):
                found[key] = int(value.split()[0]) / 1024.0   # the kernel counts kB
    return found
