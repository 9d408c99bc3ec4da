"""Fixtures of the EC2 driver's tests against moto: the server, a fresh account, the driver.

Import them with ``from tests.integration.ec2.fixtures import *`` where a test needs them.
"""

import base64

import falcon.testing
import pytest

from iaas.api import app as app_mod
from iaas import models
from iaas.drivers.ec2 import driver as ec2_driver_mod
from tests.conftest import service_unavailable
from tests.integration.ec2 import moto

__all__ = ['moto_server', 'ec2_account', 'ec2_conf', 'ec2_driver', 'ec2_context', 'ec2_client',
           'cimi']
CIMI_TYPE = 'http://schemas.dmtf.org/cimi/1/'


@pytest.fixture(scope='session')
def moto_server():
    try:
        return moto.server()
    except moto.MotoUnavailable as exc:
        service_unavailable(str(exc))


@pytest.fixture
def ec2_account(moto_server):
    """An empty cloud that checks signatures: only this account's credentials work."""
    return moto_server.account()


@pytest.fixture
def ec2_conf(conf, ec2_account):
    conf.set_override('endpoint_url', ec2_account.endpoint, 'ec2')
    # moto takes seconds to describe all its instance types; a curated list, as operators do.
    conf.set_override('instance_types', moto.INSTANCE_TYPES, 'ec2')
    conf.set_override('catalog_access_key_id', ec2_account.access_key, 'ec2')
    conf.set_override('catalog_secret_access_key', ec2_account.secret_key, 'ec2')
    return conf


@pytest.fixture
def ec2_driver(ec2_conf):
    return ec2_driver_for(ec2_conf)


def ec2_driver_for(conf, region=moto.REGION):
    return ec2_driver_mod.EC2Driver(conf, provider=region)


def context_for(account, region=moto.REGION, secret=None):
    credentials = models.Credentials(account.access_key, secret or account.secret_key)
    return models.RequestContext(credentials, provider=region)


@pytest.fixture
def ec2_context(ec2_account):
    return context_for(ec2_account)


@pytest.fixture
def ec2_client(ec2_account):
    """A plain boto3 client of the same account, to set up and inspect what the driver did."""
    return ec2_account.client()


@pytest.fixture
def cimi(ec2_conf, ec2_account):
    """``cimi(method, path, doc=None, root=None)``: the CIMI app as the account, in JSON.

    A ``root`` (``VolumeCreate``) becomes the resourceURI of the ``doc`` sent.
    """
    ec2_conf.set_override('enabled_drivers', ['mock', 'ec2'], 'api')
    ec2_conf.set_override('enabled_apps', [], 'api')
    client = falcon.testing.TestClient(app_mod.create_app(ec2_conf))
    token = base64.b64encode(
        ('%s:%s' % (ec2_account.access_key, ec2_account.secret_key)).encode()).decode()
    headers = {'X-Deltacloud-Driver': 'ec2', 'X-Deltacloud-Provider': moto.REGION,
               'Accept': 'application/json', 'Authorization': 'Basic ' + token}

    def call(method, path, doc=None, root=None):
        kw = {}
        if doc is not None:
            kw['json'] = doc if root is None else dict({'resourceURI': CIMI_TYPE + root}, **doc)
        return client.simulate_request(method, '/cimi' + path, headers=headers, **kw)
    return call
