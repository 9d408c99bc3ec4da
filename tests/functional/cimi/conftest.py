"""The CIMI front end in-process, over the mock driver and over the broker on two mock clouds.

``cloud`` is parametrised over both drivers and ``fmt`` over JSON and XML, so a test that
takes ``cimi`` runs four times. ``cloud.names`` holds what differs between the drivers:
ids of a config, an image and a realm, and the credentials.
"""

import dataclasses

import pytest

from broker_driver import conf as driver_conf
from iaas.api import app as app_mod
from iaas import loader
from tests.broker_db import *  # noqa: F401,F403 (the database fixture)
from tests.broker_world import BrokerWorld
from tests.broker_world import PASSWORDS
from tests.functional.cimi import client as client_mod


@pytest.fixture
def db_backend():
    """SQLite: these tests are about the front end; the DB layer is tested elsewhere."""
    return 'sqlite'


@dataclasses.dataclass
class Cloud:
    """The app and what a test needs to know of the driver behind it."""

    driver: str
    registry: object
    app: object
    user: str
    password: str
    config: str          # a machine configuration the image fits
    image: str
    other_image: str
    realm: str
    world: object = None

    def client(self, fmt, user=None, password=None):
        return client_mod.Cimi(self.app, fmt, user or self.user,
                               self.password if password is None else password,
                               headers={'X-Deltacloud-Driver': self.driver})


def _app(conf):
    conf.set_override('enabled_drivers', ['mock', 'broker'], group='api')
    conf.set_override('enabled_apps', [], group='api')
    driver_conf.register_opts(conf)
    conf.set_override('reconcile_on_start', False, group='broker_driver')
    registry = loader.DriverRegistry(conf)
    return registry, app_mod.create_app(conf, registry)


def mock_cloud(conf):
    registry, app = _app(conf)
    return Cloud('mock', registry, app, 'mockuser', 'mockpassword', config='m1-small', image='img2',
                 other_image='img1', realm='us')


def broker_cloud(conf, request):
    request.getfixturevalue('database')
    registry, app = _app(conf)
    world = BrokerWorld(conf, driver=registry.get('broker'))
    return Cloud('broker', registry, app, 'alice', PASSWORDS['alice'], config='m1-small',
                 image=world.images['fedora']['id'],
                 other_image=world.images['fedora64']['id'], realm='gold', world=world)


@pytest.fixture(params=['mock', 'broker'])
def cloud(request, conf):
    if request.param == 'mock':
        return mock_cloud(conf)
    return broker_cloud(conf, request)


@pytest.fixture(params=['json', 'xml'])
def fmt(request):
    return request.param


@pytest.fixture
def cimi(cloud, fmt):
    """A client of ``cloud`` in ``fmt``, as its usual user."""
    return cloud.client(fmt)
