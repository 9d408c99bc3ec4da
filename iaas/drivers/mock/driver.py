"""The ``mock`` driver: Deltacloud 1.1.3's mock cloud, durable and shared across processes."""

import random
import time

from iaas import models
from iaas import states
from iaas.drivers.mock import access
from iaas.drivers.mock import compute
from iaas.drivers.mock import core
from iaas.drivers.mock import network
from iaas.drivers.mock import seed
from iaas.drivers.mock import storage
from iaas.drivers.mock import store as store_mod

# The properties of an instance's metric in the original mock, with the unit of each.
METRIC_PROPERTIES = (
    ('cpuUtilization', 'Percent'), ('diskReadRequestCount', 'Count'),
    ('diskReadSector', 'Count'), ('diskWriteRequestCount', 'Count'),
    ('diskWriteSector', 'Count'), ('nicInputByte', 'Bytes'), ('nicInputPacket', 'Count'),
    ('nicOutputByte', 'Bytes'), ('nicOutputPacket', 'Count'),
)
METRIC_SAMPLES = 6


def metric_samples(instance_id, name, unit, now):
    """Six per-second samples, the same for the same instance, property and second."""
    samples = []
    for age in range(METRIC_SAMPLES):
        timestamp = int(now) - age
        rng = random.Random('%s:%s:%d' % (instance_id, name, timestamp))
        if unit == 'Percent':
            low, high = sorted(round(rng.random(), 2) for _ in range(2))
            average = round((low + high) / 2, 3)
        else:
            low, high = sorted(rng.randint(0, 100) for _ in range(2))
            average = (low + high) // 2
        samples.append({'minimum': low, 'maximum': high, 'average': average,
                        'timestamp': timestamp, 'unit': unit})
    return samples


class MockDriver(compute.ComputeMixin, access.AccessMixin, storage.StorageMixin,
                 network.NetworkMixin):
    """A simulated cloud per provider; see :mod:`iaas.drivers.mock.knobs` to tune one."""

    name = 'mock'
    display_name = 'Mock'
    state_machine = states.DEFAULT
    FEATURES = {
        'instances': ('metrics', 'realm_filter', 'user_name', 'authentication_key', 'user_data',
                      'firewalls', 'instance_count', 'attach_snapshot',
                      'register_to_load_balancer'),
        'images': ('owner_id', 'image_name', 'image_description'),
        'keys': ('import_key',),
        'storage_volumes': ('volume_name', 'volume_description'),
        'buckets': ('bucket_location',),
    }

    @classmethod
    def providers(cls, conf):
        """Every simulated cloud with a state file, the default one always included."""
        names = set(store_mod.existing_providers(conf)) | {store_mod.DEFAULT_PROVIDER}
        return [models.Provider(name) for name in sorted(names)]

    # -- realms ---------------------------------------------------------------------------

    @core.operation('realms.index')
    def list_realms(self, context, **filters):
        return core.filtered([models.Realm(r.id, r.name, r.state, r.limit)
                              for r in seed.REALMS], filters)

    @core.operation('realms.show')
    def get_realm(self, context, realm_id):
        if realm_id in seed.ERROR_REALMS:
            raise seed.ERROR_REALMS[realm_id]()
        return self._find(self.list_realms, context, realm_id)

    # -- hardware profiles ----------------------------------------------------------------

    @core.operation('hardware_profiles.index', auth=False)
    def list_hardware_profiles(self, context, **filters):
        """Profiles with their price knob in ``extra['price_per_hour']``; no credentials."""
        prices = self._knobs.prices
        profiles = seed.hardware_profiles()
        for profile in profiles:
            if profile.id in prices:
                profile.extra['price_per_hour'] = prices[profile.id]
        architecture = filters.pop('architecture', None)
        if architecture:
            profiles = [p for p in profiles if 'architecture' in p.properties
                        and p.properties['architecture'].accepts(architecture)]
        return core.filtered(profiles, filters)

    get_hardware_profile = core.show('hardware_profiles', 'list_hardware_profiles')

    # -- metrics --------------------------------------------------------------------------

    @core.operation('metrics.index')
    def list_metrics(self, context, **filters):
        """One metric per instance of the caller, its properties without values."""
        metrics = [models.Metric(i.id, i.name, [models.MetricProperty(name, unit)
                                                for name, unit in METRIC_PROPERTIES])
                   for i in self.list_instances(context)]
        return core.filtered(metrics, filters)

    @core.operation('metrics.show')
    def get_metric(self, context, metric_id):
        """The instance's metric with sample values."""
        instance = self.get_instance(context, metric_id)
        now = time.time()
        properties = [models.MetricProperty(name, unit,
                                            metric_samples(instance.id, name, unit, now))
                      for name, unit in METRIC_PROPERTIES]
        return models.Metric(instance.id, instance.name, properties)
