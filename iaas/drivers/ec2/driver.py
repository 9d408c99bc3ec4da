"""The ``ec2`` driver: one EC2 region through boto3, the caller's keys as HTTP Basic credentials."""

import dataclasses
import threading
import time

from iaas import errors
from iaas import models
from iaas import states
from iaas.drivers.ec2 import access
from iaas.drivers.ec2 import compute
from iaas.drivers.ec2 import core
from iaas.drivers.ec2 import mappers
from iaas.drivers.ec2 import network
from iaas.drivers.ec2 import storage

AWS_ENDPOINT = 'https://ec2.%s.amazonaws.com'


def profile_order(profile):
    """Smallest first, so a launch without hwp_id gets the smallest type that fits its image."""
    props = profile.properties
    return (props['cpu'].value, props['memory'].value, profile.id)


class ProfileCache:
    """A region's hardware profiles for a while: instance types are the same for every caller."""

    def __init__(self, seconds):
        self.seconds = seconds
        self._profiles, self._expires = None, 0.0
        self._lock = threading.Lock()

    def get(self):
        with self._lock:
            if self._profiles is not None and time.monotonic() < self._expires:
                return self._profiles
        return None

    def put(self, profiles):
        with self._lock:
            self._profiles, self._expires = profiles, time.monotonic() + self.seconds


class EC2Driver(compute.ComputeMixin, access.AccessMixin, storage.StorageMixin,
                network.NetworkMixin):
    """Amazon EC2 (or an EC2-compatible endpoint) in the region the provider names."""

    name = 'ec2'
    display_name = 'Amazon Elastic Compute Cloud'
    state_machine = states.EC2_LIKE
    FEATURES = {
        'instances': ('user_name', 'user_data', 'authentication_key', 'firewalls',
                      'instance_count', 'realm_filter', 'attach_snapshot'),
        'images': ('owner_id', 'image_name', 'image_description'),
        'keys': ('import_key',),
        'storage_volumes': ('volume_name', 'volume_description'),
    }

    def __init__(self, conf, provider=None):
        super().__init__(conf, provider)
        self._profiles = ProfileCache(conf.ec2.hardware_profile_cache_seconds)

    @classmethod
    def providers(cls, conf):
        endpoint = conf.ec2.endpoint_url
        return [models.Provider(region, endpoint or AWS_ENDPOINT % region)
                for region in conf.ec2.regions]

    # -- realms ---------------------------------------------------------------------------

    def list_realms(self, context, **filters):
        """The region's availability zones (not its local or wavelength zones)."""
        conn = self._connect(context)
        zones = conn.items('describe_availability_zones', 'AvailabilityZones')
        return core.filtered([mappers.realm(zone) for zone in zones
                              if zone.get('ZoneType', 'availability-zone')
                              == 'availability-zone'], filters)

    # -- hardware profiles ----------------------------------------------------------------

    def list_hardware_profiles(self, context, **filters):
        """The region's instance types, smallest first; copies, so the cache stays intact."""
        profiles = self._catalog(context)
        architecture = filters.pop('architecture', None)
        if architecture:
            profiles = [p for p in profiles if 'architecture' in p.properties
                        and p.properties['architecture'].accepts(architecture)]
        return [dataclasses.replace(p, properties=dict(p.properties), extra=dict(p.extra))
                for p in core.filtered(profiles, filters)]

    def _catalog(self, context):
        cached = self._profiles.get()
        if cached is not None:
            return cached
        conn = self._catalog_connection(context)
        wanted = self.conf.ec2.instance_types
        params = {'Filters': [{'Name': 'instance-type', 'Values': wanted}]} if wanted else {}
        items = conn.items('describe_instance_types', 'InstanceTypes', **params)
        profiles = sorted((mappers.hardware_profile(item) for item in items), key=profile_order)
        self._profiles.put(profiles)
        return profiles

    def _catalog_connection(self, context):
        """The caller's credentials, else the [ec2] catalog ones: EC2 answers signed calls only."""
        if context is not None and context.credentials is not None:
            return self._connect(context)
        group = self.conf.ec2
        if group.catalog_access_key_id and group.catalog_secret_access_key:
            return self.pool.connect(group.catalog_access_key_id,
                                     group.catalog_secret_access_key)
        raise errors.AuthenticationFailure(
            'Listing EC2 instance types needs credentials until they are cached; '
            'configure [ec2] catalog_access_key_id and catalog_secret_access_key')
