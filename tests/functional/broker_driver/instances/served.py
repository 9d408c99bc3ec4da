"""The broker served by the real WSGI app, with the world behind it, for end-to-end tests.

The app's broker driver is the world's, so a test can turn its clock and read what it
recorded. The ``served`` fixture is in this directory's conftest.
"""

import base64
import urllib.parse

import falcon.testing

from broker_core import instances
from broker_core import quotas
from broker_driver import conf as driver_conf
from iaas.api import app as app_mod
from iaas import loader
from tests.broker_world import BrokerWorld
from tests.broker_world import PASSWORDS


def basic(user, password):
    token = base64.b64encode(('%s:%s' % (user, password)).encode()).decode()
    return 'Basic ' + token


class Served:
    """A WSGI client speaking to the broker driver as ``user``, and the world behind it."""

    def __init__(self, conf, world, app):
        self.conf, self.world, self.driver = conf, world, world.driver
        self.client = falcon.testing.TestClient(app)

    def request(self, method, path, params=None, user='alice', password=None, headers=None):
        sent = {'Accept': 'application/json', 'X-Deltacloud-Driver': 'broker',
                'Authorization': basic(user, PASSWORDS[user] if password is None else password)}
        sent.update(headers or {})
        body = None
        if params is not None:
            body = urllib.parse.urlencode(params)
            sent['Content-Type'] = 'application/x-www-form-urlencoded'
        return self.client.simulate_request(method, path, body=body, headers=sent)

    def launch(self, user='alice', headers=None, **params):
        """POST /api/instances; defaults: the i386 image, m1-small, realm gold."""
        form = {'image_id': self.world.images['fedora']['id'], 'hwp_id': 'm1-small',
                'realm_id': 'gold'}
        form.update({key: value for key, value in params.items() if value is not None})
        return self.request('POST', '/api/instances', form, user=user, headers=headers)

    def act(self, instance_id, action, user='alice'):
        return self.request('POST', '/api/instances/%s/%s' % (instance_id, action), {},
                            user=user)

    def bctx(self, user='alice'):
        """The broker context the driver builds for ``user``."""
        return self.driver.broker_context(self.world.context(user))

    def record(self, instance_id):
        return instances.get(self.world.admin, instance_id, include_deleted=True)

    def records(self):
        return instances.list_instances(self.world.admin, include_deleted=True)

    def in_use(self, user='alice', resource='instances'):
        user_id = self.world.users[user]['id']
        return quotas.usage(self.world.admin, 'user', user_id)['resources'][resource]['in_use']

    def where(self, instance_id):
        """The provider (mock cloud name) whose account holds the instance."""
        account_id = self.record(instance_id)['account_id']
        return {a['id']: name for name, a in self.world.accounts.items()}[account_id]


def make_served(conf, **world_options):
    # Only what these tests speak to: the broker, and the mock behind it.
    conf.set_override('enabled_drivers', ['mock', 'broker'], group='api')
    conf.set_override('enabled_apps', [], group='api')
    driver_conf.register_opts(conf)
    conf.set_override('reconcile_on_start', False, group='broker_driver')
    registry = loader.DriverRegistry(conf)
    app = app_mod.create_app(conf, registry)
    world = BrokerWorld(conf, driver=registry.get('broker'), **world_options)
    return Served(conf, world, app)
