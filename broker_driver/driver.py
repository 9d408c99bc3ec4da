"""The ``broker`` driver: the collections of the broker driver composed into one class."""

from broker_driver import access
from broker_driver import balancing
from broker_driver import compute
from broker_driver import network
from broker_driver import objects
from broker_driver import storage


class BrokerDriver(compute.ComputeMixin, access.AccessMixin, network.NetworkMixin,
                   storage.StorageMixin, balancing.BalancingMixin, objects.ObjectsMixin):
    """Pools of provider accounts served as one cloud; each mixin adds its collections."""

    name = 'broker'
    display_name = 'Broker'
    FEATURES = {
        'instances': ('user_name', 'user_data', 'authentication_key', 'firewalls',
                      'realm_filter'),
        'images': ('owner_id',),
        'storage_volumes': ('volume_name', 'volume_description', 'volume_instance'),
        'buckets': ('bucket_location',),
    }
