"""The driver contract: what every provider driver (and the broker driver) implements."""

import abc

from iaas import collections
from iaas import errors
from iaas import features as features_mod
from iaas import states


def not_supported(operation):
    """Raise the typed error for an operation this driver does not implement."""
    raise errors.OperationNotSupported(operation)


class Driver(abc.ABC):
    """A cloud as the IaaS front ends see it.

    Every operation takes a :class:`iaas.models.RequestContext` first. The required operations
    are abstract; optional ones raise :class:`errors.OperationNotSupported` here, and a driver
    supports exactly the ones it overrides (see :meth:`operations`). ``FEATURES`` declares the
    Deltacloud features per collection. One instance serves one provider (region, endpoint or
    simulated cloud) and must be safe to share between threads.
    """

    #: The entry-point name in ``iaas.drivers``.
    name = None
    #: Shown in ``/api/drivers``.
    display_name = None
    #: ``{collection: (feature, ...)}``; every feature must exist in :mod:`iaas.features`.
    FEATURES = {}
    #: The instance state machine this cloud follows.
    state_machine = states.DEFAULT

    def __init__(self, conf, provider=None):
        self.conf = conf
        self.provider = provider

    # -- capabilities ---------------------------------------------------------------------

    @classmethod
    def operations(cls):
        """The operation names (``instances.create``) this driver class implements.

        An operation is implemented when the class overrides its method; a show is
        implemented with its index, since the base class finds the object in the list.
        """
        def overridden(method):
            return getattr(cls, method) is not getattr(Driver, method)

        implemented = set()
        for collection in collections.COLLECTIONS.values():
            for op in collection.operations:
                method = collection.method_name(op)
                if op == 'show':
                    method_overridden = overridden(method) or overridden(
                        collection.method_name('index'))
                else:
                    method_overridden = overridden(method)
                if method_overridden:
                    implemented.add(collections.operation_name(collection.name, op))
        return frozenset(implemented)

    def supported_operations(self, context):
        """What ``/api`` advertises for this provider; remote drivers may ask the remote side."""
        return self.operations()

    def supported_features(self, context):
        """``{collection: [Feature, ...]}`` for the collections this provider supports."""
        ops = self.supported_operations(context)
        result = {}
        for collection, names in self.FEATURES.items():
            if collections.operation_name(collection, 'index') in ops:
                result[collection] = [features_mod.lookup(collection, n) for n in names]
        return result

    def supports(self, context, operation):
        return operation in self.supported_operations(context)

    def has_feature(self, context, collection, feature):
        return any(f.name == feature for f in self.supported_features(context).get(collection, ()))

    @classmethod
    def providers(cls, conf):
        """The providers (regions, endpoints) this driver knows of, for ``/api/drivers/<name>``."""
        return []

    # -- credentials ----------------------------------------------------------------------

    def authenticate(self, context):
        """Raise AuthenticationFailure unless the context's credentials are valid here."""
        if context.credentials is None:
            raise errors.AuthenticationFailure()
        self.list_realms(context)

    # -- required -------------------------------------------------------------------------

    @abc.abstractmethod
    def list_realms(self, context, **filters):
        """Realms (availability zones, locations) the caller can launch into."""

    @abc.abstractmethod
    def list_hardware_profiles(self, context, **filters):
        """Hardware profiles; must work without credentials."""

    @abc.abstractmethod
    def list_images(self, context, **filters):
        """Images; filter ``owner_id`` (``self`` is the caller) and ``architecture``."""

    @abc.abstractmethod
    def list_instances(self, context, **filters):
        """The caller's instances; filters ``id``, ``state`` and ``realm_id``."""

    @abc.abstractmethod
    def create_instance(self, context, spec):
        """Launch ``spec`` (an InstanceSpec, already validated); return the list of instances."""

    @abc.abstractmethod
    def destroy_instance(self, context, instance_id):
        """Destroy an instance the state machine allows to be destroyed (405 otherwise)."""

    # -- shows: found in the list unless a driver has a cheaper way ----------------------

    def _find(self, lister, context, object_id):
        for obj in lister(context, id=object_id):
            if obj.id == object_id:
                return obj
        raise errors.NotFound()

    def get_realm(self, context, realm_id):
        return self._find(self.list_realms, context, realm_id)

    def get_hardware_profile(self, context, profile_id):
        return self._find(self.list_hardware_profiles, context, profile_id)

    def get_image(self, context, image_id):
        return self._find(self.list_images, context, image_id)

    def get_instance(self, context, instance_id):
        return self._find(self.list_instances, context, instance_id)

    # -- optional: images and instances ---------------------------------------------------

    def create_image(self, context, instance_id, name=None, description=None):
        not_supported('images.create')

    def destroy_image(self, context, image_id):
        not_supported('images.destroy')

    def start_instance(self, context, instance_id):
        not_supported('instances.start')

    def stop_instance(self, context, instance_id):
        not_supported('instances.stop')

    def reboot_instance(self, context, instance_id):
        not_supported('instances.reboot')

    # -- optional: keys --------------------------------------------------------------------

    def list_keys(self, context, **filters):
        not_supported('keys.index')

    def get_key(self, context, key_id):
        return self._find(self.list_keys, context, key_id)

    def create_key(self, context, name, public_key=None):
        not_supported('keys.create')

    def destroy_key(self, context, key_id):
        not_supported('keys.destroy')

    # -- optional: storage ----------------------------------------------------------------

    def list_storage_volumes(self, context, **filters):
        not_supported('storage_volumes.index')

    def get_storage_volume(self, context, volume_id):
        return self._find(self.list_storage_volumes, context, volume_id)

    def create_storage_volume(self, context, capacity=None, name=None, description=None,
                              realm_id=None, snapshot_id=None):
        not_supported('storage_volumes.create')

    def destroy_storage_volume(self, context, volume_id):
        not_supported('storage_volumes.destroy')

    def attach_storage_volume(self, context, volume_id, instance_id, device=None):
        not_supported('storage_volumes.attach')

    def detach_storage_volume(self, context, volume_id):
        not_supported('storage_volumes.detach')

    def list_storage_snapshots(self, context, **filters):
        not_supported('storage_snapshots.index')

    def get_storage_snapshot(self, context, snapshot_id):
        return self._find(self.list_storage_snapshots, context, snapshot_id)

    def create_storage_snapshot(self, context, volume_id, name=None, description=None):
        not_supported('storage_snapshots.create')

    def destroy_storage_snapshot(self, context, snapshot_id):
        not_supported('storage_snapshots.destroy')

    # -- optional: addresses --------------------------------------------------------------

    def list_addresses(self, context, **filters):
        not_supported('addresses.index')

    def get_address(self, context, address_id):
        return self._find(self.list_addresses, context, address_id)

    def create_address(self, context):
        not_supported('addresses.create')

    def destroy_address(self, context, address_id):
        not_supported('addresses.destroy')

    def associate_address(self, context, address_id, instance_id):
        not_supported('addresses.associate')

    def disassociate_address(self, context, address_id):
        not_supported('addresses.disassociate')

    # -- optional: firewalls --------------------------------------------------------------

    def list_firewalls(self, context, **filters):
        not_supported('firewalls.index')

    def get_firewall(self, context, firewall_id):
        return self._find(self.list_firewalls, context, firewall_id)

    def create_firewall(self, context, name, description=None):
        not_supported('firewalls.create')

    def destroy_firewall(self, context, firewall_id):
        not_supported('firewalls.destroy')

    def create_rule_firewall(self, context, firewall_id, protocol, port_from, port_to,
                             sources):
        """Add a rule to a firewall and return the firewall.

        ``sources`` is a list of ``{'type': 'address', 'address': cidr}`` or
        ``{'type': 'group', 'name': group, 'owner': owner}``.
        """
        not_supported('firewalls.create_rule')

    def destroy_rule_firewall(self, context, firewall_id, rule_id):
        not_supported('firewalls.destroy_rule')

    # -- optional: networks ---------------------------------------------------------------

    def list_networks(self, context, **filters):
        not_supported('networks.index')

    def get_network(self, context, network_id):
        return self._find(self.list_networks, context, network_id)

    def create_network(self, context, name=None, address_block=None):
        not_supported('networks.create')

    def destroy_network(self, context, network_id):
        not_supported('networks.destroy')

    def list_subnets(self, context, **filters):
        not_supported('subnets.index')

    def get_subnet(self, context, subnet_id):
        return self._find(self.list_subnets, context, subnet_id)

    def create_subnet(self, context, network_id, address_block, name=None):
        not_supported('subnets.create')

    def destroy_subnet(self, context, subnet_id):
        not_supported('subnets.destroy')

    def list_network_interfaces(self, context, **filters):
        not_supported('network_interfaces.index')

    def get_network_interface(self, context, nic_id):
        return self._find(self.list_network_interfaces, context, nic_id)

    def create_network_interface(self, context, instance_id, network_id, name=None):
        not_supported('network_interfaces.create')

    def destroy_network_interface(self, context, nic_id):
        not_supported('network_interfaces.destroy')

    # -- optional: load balancers ---------------------------------------------------------

    def list_load_balancers(self, context, **filters):
        not_supported('load_balancers.index')

    def get_load_balancer(self, context, lb_id):
        return self._find(self.list_load_balancers, context, lb_id)

    def create_load_balancer(self, context, name, realm_id, listeners):
        not_supported('load_balancers.create')

    def destroy_load_balancer(self, context, lb_id):
        not_supported('load_balancers.destroy')

    def register_load_balancer(self, context, lb_id, instance_id):
        not_supported('load_balancers.register')

    def unregister_load_balancer(self, context, lb_id, instance_id):
        not_supported('load_balancers.unregister')

    # -- optional: object storage ---------------------------------------------------------

    def list_buckets(self, context, **filters):
        not_supported('buckets.index')

    def get_bucket(self, context, bucket_id):
        return self._find(self.list_buckets, context, bucket_id)

    def create_bucket(self, context, name, location=None):
        not_supported('buckets.create')

    def destroy_bucket(self, context, bucket_id):
        """Destroy an empty bucket; a bucket with blobs is a 409 Conflict."""
        not_supported('buckets.destroy')

    def list_blobs(self, context, bucket_id, **filters):
        not_supported('blobs.index')

    def get_blob(self, context, bucket_id, blob_id):
        for blob in self.list_blobs(context, bucket_id, id=blob_id):
            if blob.id == blob_id:
                return blob
        raise errors.NotFound()

    def create_blob(self, context, bucket_id, blob_id, data, content_type=None,
                    user_metadata=None):
        not_supported('blobs.create')

    def destroy_blob(self, context, bucket_id, blob_id):
        not_supported('blobs.destroy')

    def content_blob(self, context, bucket_id, blob_id):
        """The blob's bytes."""
        not_supported('blobs.content')

    def update_metadata_blob(self, context, bucket_id, blob_id, user_metadata):
        not_supported('blobs.update_metadata')

    # -- optional: metrics ----------------------------------------------------------------

    def list_metrics(self, context, **filters):
        not_supported('metrics.index')

    def get_metric(self, context, metric_id):
        return self._find(self.list_metrics, context, metric_id)


def apply_filters(objects, **filters):
    """Keep the objects whose attributes equal every non-empty filter.

    Ids compare exactly, states case-insensitively; for drivers that cannot filter at the source.
    """
    result = list(objects)
    for attr, wanted in filters.items():
        if wanted in (None, ''):
            continue
        if attr == 'state':
            result = [o for o in result if str(getattr(o, attr, '')).upper() == str(wanted).upper()]
        else:
            result = [o for o in result if getattr(o, attr, None) == wanted]
    return result
