"""Mock clouds held by broker accounts, with instances launched there and recorded by the broker.

The broker's records are made with broker_core's own functions, as the launch saga
leaves them (quota reserved, provider id recorded). The tests then change the clouds
behind the broker's back, calling the mock driver directly with the mock's credentials.
"""

import collections

from broker_core import accounts
from broker_core import context as broker_context
from broker_core import identity
from broker_core import instances
from broker_core import pools
from broker_core import providers
from iaas.drivers.mock import driver as mock_driver
from iaas import loader
from iaas import models

MOCK_CREDENTIALS = {'username': 'mockuser', 'password': 'mockpassword'}


class CountingDrivers:
    """The broker's driver registry, counting ``list_instances`` calls per provider."""

    def __init__(self, conf):
        self.registry = loader.DriverRegistry(conf, enabled=['mock'])
        self.calls = collections.Counter()

    def names(self):
        return self.registry.names()

    def get(self, name, provider=None):
        return _Counting(self.registry.get(name, provider), provider, self.calls)


class _Counting:
    def __init__(self, driver, provider, calls):
        self._driver, self._provider, self._calls = driver, provider, calls

    def list_instances(self, context, **filters):
        self._calls[self._provider] += 1
        return self._driver.list_instances(context, **filters)

    def __getattr__(self, name):
        return getattr(self._driver, name)


class Clouds:
    """``names`` mock clouds, one account each, ``per_account`` recorded instances in each."""

    def __init__(self, conf, broker, names=('cloud-a', 'cloud-b'), per_account=2):
        self.conf, self.broker = conf, broker
        self.admin = broker_context.RequestContext.admin(user_name='operator')
        self.user_id = identity.create_user(self.admin, 'alice')['id']
        self.pool_id = pools.create_pool(self.admin, 'gold')['id']
        self.accounts, self.records = {}, {}
        self.provider_ids = {}   # record id -> (cloud, provider instance id)
        self._drivers = {}
        for name in names:
            provider = providers.create_provider(self.admin, name, 'mock', provider=name)
            self.accounts[name] = accounts.create_account(
                self.admin, broker, provider['id'], 'main', MOCK_CREDENTIALS)['id']
            self.records[name] = [self.launch(name) for _ in range(per_account)]

    def driver(self, name):
        if name not in self._drivers:
            self._drivers[name] = mock_driver.MockDriver(self.conf, provider=name)
        return self._drivers[name]

    def request(self, name):
        return models.RequestContext(models.Credentials(**MOCK_CREDENTIALS), provider=name)

    def launch(self, name, **spec):
        """A provider instance at ``name`` and the broker's record of it; the record id."""
        spec.setdefault('image_id', 'img1')
        [created] = self.driver(name).create_instance(self.request(name),
                                                      models.InstanceSpec(**spec))
        record = instances.create_reserved(
            self.admin, owner_id=self.user_id, pool_id=self.pool_id,
            account_id=self.accounts[name], hardware={'cpu': 1, 'memory': 512},
            callback_url=None)
        instances.record_placement(
            self.admin, record['id'], self.accounts[name], created.id,
            state=created.state, provider_state=created.state,
            public_addresses=[a.address for a in created.public_addresses],
            private_addresses=[a.address for a in created.private_addresses])
        self.provider_ids[record['id']] = (name, created.id)
        return record['id']

    def act(self, record_id, action, *args):
        """Call the mock driver's ``<action>`` on a recorded instance, behind the broker."""
        name, provider_id = self.provider_ids[record_id]
        method = getattr(self.driver(name), action)
        return method(self.request(name), *args, provider_id) if args else \
            method(self.request(name), provider_id)

    def stop(self, record_id):
        return self.act(record_id, 'stop_instance')

    def destroy(self, record_id):
        self.stop(record_id)
        self.act(record_id, 'destroy_instance')

    def give_address(self, record_id):
        """A new public IP associated with the instance; the address."""
        name, provider_id = self.provider_ids[record_id]
        driver, request = self.driver(name), self.request(name)
        address = driver.create_address(request)
        driver.associate_address(request, address.id, provider_id)
        return address.id

    def record(self, record_id):
        return instances.get(self.admin, record_id, include_deleted=True)
