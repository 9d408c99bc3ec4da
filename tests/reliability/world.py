"""broker-api under gunicorn over a broker world of mock clouds, with HTTP clients per user.

The world (providers, accounts, pool, catalogs, users) is made in-process with broker_core
in the test's database and state directory; broker-api then serves that same database and
those same mock clouds, as the quick start's ``broker-manage demo`` and ``broker-api`` do::

    site = Site(tmp_path, conf, database)
    with site.serve(placement={'circuit_open_seconds': 1}) as server:
        server.api('alice').request('GET', '/instances')
"""

import contextlib

import requests

from broker_core import identity
from broker_core import roles
from iaas.drivers.mock import core as mock_core
from iaas.drivers.mock import knobs
from tests.broker_world import BrokerWorld
from tests.broker_world import PASSWORDS
from tests.integration import servers

ADMIN = ('root', 'root-password-reliability')
BROKER = {'X-Deltacloud-Driver': 'broker', 'Accept': 'application/json'}
STATE_DIR = 'state'  # where tests.integration.servers puts the server's state_path
TIMEOUT = 60


def config_text(sections):
    """oslo.config file text of ``{section: {option: value}}``; lists are comma-joined."""
    lines = []
    for section, options in sections.items():
        lines.append('[%s]' % section)
        for name, value in options.items():
            if isinstance(value, (list, tuple)):
                value = ','.join(value)
            lines.append('%s = %s' % (name, value))
    return '\n'.join(lines) + '\n'


class Client:
    """Requests to one prefix (``/api`` or ``/broker/v1``) as one user; answers as they come.

    Every answer is also appended to ``seen`` (a list shared by the server's clients).
    """

    def __init__(self, base, auth, headers=None, seen=None):
        self.base, self.auth, self.headers = base, auth, dict(headers or {})
        self.seen = [] if seen is None else seen

    def request(self, method, path, headers=None, **kwargs):
        response = requests.request(method, self.base + path, auth=self.auth, timeout=TIMEOUT,
                                    headers=dict(self.headers, **(headers or {})), **kwargs)
        self.seen.append(response)
        return response

    def json(self, method, path, expect=200, **kwargs):
        """The JSON answer of a request that must answer ``expect``."""
        response = self.request(method, path, **kwargs)
        assert response.status_code == expect, '%s %s: %s %s' % (
            method, path, response.status_code, response.text)
        return response.json() if response.content else None


class Server:
    """One running broker-api: its URL, its gunicorn master, clients and its log."""

    def __init__(self, site, base, process):
        self.site, self.base, self.process = site, base, process
        self.seen = []  # every answer any client of this server got

    def api(self, user, password=None):
        """/api with driver broker as ``user`` (its world password unless told otherwise)."""
        password = PASSWORDS.get(user) if password is None else password
        return Client(self.base + '/api', (user, password), BROKER, self.seen)

    def mgmt(self, auth=ADMIN):
        return Client(self.base + '/broker/v1', auth, seen=self.seen)

    def worker_pids(self):
        """The gunicorn workers, the master's children."""
        return servers.child_pids(self.process.pid)


class Site:
    """A broker world in the test's database and state directory, served on demand.

    ``world_options`` go to BrokerWorld; ``mock_login`` is the (user, password) the mock
    clouds accept and the accounts hold.
    """

    def __init__(self, tmp_path, conf, database, mock_login=None, **world_options):
        self.tmp_path, self.conf, self.database = tmp_path, conf, database
        if mock_login is not None:
            conf.set_override('username', mock_login[0], group='mock')
            conf.set_override('password', mock_login[1], group='mock')
        self.world = BrokerWorld(conf, credentials={'username': conf.mock.username,
                                                    'password': conf.mock.password},
                                 **world_options)
        add_admin(self.world)
        # The mock clouds' own instances (seeded), which are not the broker's.
        self.seeded = set(provider_instances(conf, self.world.providers))

    @property
    def log_path(self):
        return self.tmp_path / 'broker-api.log'

    def config(self, sections):
        """The server's configuration: this site's database and mock login, then ``sections``."""
        url = self.database.url.render_as_string(hide_password=False)
        base = {'database': {'connection': url},
                'mock': {'username': self.conf.mock.username,
                         'password': self.conf.mock.password}}
        for section, options in sections.items():
            base[section] = dict(base.get(section, {}), **options)
        return config_text(base)

    @contextlib.contextmanager
    def serve(self, workers=2, env=None, **sections):
        """broker-api over this site; ``sections`` are more options, ``{group: {name: value}}``."""
        with servers.broker_api_process(self.tmp_path, workers, self.config(sections),
                                        timeout=TIMEOUT, env=env) as (base, process):
            yield Server(self, base, process)


def add_admin(world):
    """The broker administrator ADMIN, as ``broker-manage bootstrap`` makes it."""
    admin = identity.create_user(world.admin, *ADMIN)
    roles.grant_role(world.admin, 'admin', user_id=admin['id'])
    return admin


def state_path(tmp_path):
    """The state_path broker-api gets from tests.integration.servers under ``tmp_path``."""
    return tmp_path / STATE_DIR


def provider_instances(conf, providers):
    """``{(provider, id): Instance}`` of every instance the mock clouds hold.

    Read from the clouds' own stores: not through the broker, and without their knobs.
    """
    found = {}
    for name in providers:
        with knobs.open_store(conf, name).read() as txn:
            for row in txn.list('instance'):
                instance = mock_core.load_instance(row)
                found[(name, instance.id)] = instance
    return found
