"""A broker over simulated clouds for driver tests: mock providers, a pool, catalogs and users.

Built only with broker_core's own functions, as an operator would set it up::

    world = BrokerWorld(conf, providers=('cloud-a', 'cloud-b'))
    world.driver.list_realms(world.context('alice'))

Every provider is a ``mock`` cloud of its own (its state under the conf's state_path), held
by one account with the mock's credentials; the pool ``gold`` has every account as a
member; the broker's hardware profiles copy the mock's, and two images map to the mock's
``img2`` (i386) and ``img1`` (x86_64). ``alice`` may use the pool; ``bob`` may too and
``carol`` may not.
"""

from broker_core.catalog import hardware_profiles
from broker_core.catalog import images
from broker_core import context as broker_context
from broker_core import discovery
from broker_core import hardware
from broker_core import identity
from broker_core import accounts
from broker_core import pool_members
from broker_core import pools
from broker_core import providers as providers_mod
from broker_core import roles
from broker_driver import conf as driver_conf
from broker_driver import driver as broker_driver
from iaas.drivers.mock import knobs
from iaas.drivers.mock import seed
from iaas import models

MOCK_CREDENTIALS = {'username': 'mockuser', 'password': 'mockpassword'}
PASSWORDS = {'alice': 'alice-password', 'bob': 'bob-password', 'carol': 'carol-password'}
POOL_USERS = ('alice', 'bob')
IMAGES = (('fedora', 'i386', 'img2'), ('fedora64', 'x86_64', 'img1'))


class BrokerWorld:
    """The broker driver and what it serves; ``admin`` is an operator's broker context."""

    def __init__(self, conf, providers=('cloud-a', 'cloud-b'), pool_policy=None,
                 driver=None, account_name='main', credentials=None):
        self.conf = conf
        # The accounts' credentials: the mock's ([mock] username and password) by default.
        self.credentials = dict(credentials or MOCK_CREDENTIALS)
        # Launches left behind are repaired by the tests that want it, when they want it.
        driver_conf.register_opts(conf)
        conf.set_override('reconcile_on_start', False, group='broker_driver')
        self.account_name = account_name
        self.driver = driver or broker_driver.BrokerDriver(conf)
        self.broker = self.driver.broker
        self.admin = broker_context.RequestContext.admin(user_name='operator')
        self.providers, self.accounts = {}, {}
        for name in providers:
            self.add_provider(name)
        self.pool = pools.create_pool(self.admin, 'gold', description='Gold pool',
                                      policy=pool_policy)
        for account in self.accounts.values():
            pool_members.add_member(self.admin, self.pool['id'], account['id'])
        self.profiles = {p.id: hardware_profiles.create_hardware_profile(
            self.admin, p.id, hardware.dump_properties(p.properties))
            for p in seed.hardware_profiles()}
        self.images = {}
        for name, architecture, provider_image in IMAGES:
            self.add_image(name, architecture, provider_image)
        self.users = {name: identity.create_user(self.admin, name, password)
                      for name, password in PASSWORDS.items()}
        for name in POOL_USERS:
            self.grant(name, self.pool)

    def add_provider(self, name, sync=True, **account_fields):
        """A mock cloud ``name`` with one account of the mock's credentials.

        The account is called ``account_name`` (the provider's name when that is None).
        """
        provider = providers_mod.create_provider(self.admin, name, 'mock', provider=name)
        account = accounts.create_account(self.admin, self.broker, provider['id'],
                                          self.account_name or name, self.credentials,
                                          **account_fields)
        self.providers[name], self.accounts[name] = provider, account
        if sync:
            discovery.sync_account(self.admin, self.broker, account['id'])
        return account

    def add_image(self, name, architecture, provider_image):
        image = images.create_image(self.admin, name, architecture=architecture)
        for provider in self.providers.values():
            images.set_image_mapping(self.admin, image['id'], provider_image,
                                     provider_id=provider['id'])
        self.images[name] = image
        return image

    def grant(self, user, pool, role='pool_user'):
        return roles.grant_role(self.admin, role, user_id=self.users[user]['id'],
                                pool_id=pool['id'])

    def context(self, user='alice', password=None, provider=None):
        """The driver request context of ``user`` (its own password unless told otherwise)."""
        return models.RequestContext(
            models.Credentials(user, PASSWORDS.get(user, '') if password is None else password),
            provider=provider)

    def account_id(self, provider):
        return self.accounts[provider]['id']

    def knobs(self, provider, **values):
        """Turn the knobs of a mock cloud (failures, prices, capacity...)."""
        knobs.set_knobs(self.conf, provider, **values)

    def sync(self, provider=None):
        for name in [provider] if provider else list(self.accounts):
            discovery.sync_account(self.admin, self.broker, self.account_id(name))

    def provider_instances(self, provider):
        """The instances the broker's account has at the mock cloud ``provider``."""
        account = self.accounts[provider]
        return self.driver.account_call(self.admin, account['id'], 'list_instances')

    def launched_at(self, provider):
        """Provider instances at ``provider`` the broker launched (named with a broker id)."""
        return [i for i in self.provider_instances(provider)
                if i.extra.get('broker_instance_id') or _looks_like_uuid(i.name)]


def _looks_like_uuid(name):
    return isinstance(name, str) and len(name) == 36 and name.count('-') == 4
