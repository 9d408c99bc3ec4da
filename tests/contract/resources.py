"""Contract: create -> list -> show -> destroy round trips of every other collection."""

import time

import pytest

from iaas import collections
from iaas import errors
from iaas import models
from tests.contract import fixtures


def ids(objects):
    return {o.id for o in objects}


def assert_round_trip(contract, collection, created, destroy):
    """``created`` is listed and shown; after ``destroy()`` it is neither."""
    spec = collections.COLLECTIONS[collection]
    lister = getattr(contract.driver, spec.method_name('index'))
    getter = getattr(contract.driver, spec.method_name('show'))
    assert created.id in ids(lister(contract.context)), collection
    assert getter(contract.context, created.id).id == created.id
    destroy()
    with pytest.raises(errors.NotFound):
        getter(contract.context, created.id)
    assert created.id not in ids(lister(contract.context))


def wait_for(contract, probe, what):
    deadline = time.monotonic() + contract.timeout
    while not probe():
        if time.monotonic() > deadline:
            raise AssertionError('timed out waiting for %s' % what)
        time.sleep(contract.poll_interval)


class ResourceContract:
    """Keys, storage, addresses, firewalls, networks, balancers, buckets, images, metrics."""

    def _need(self, contract, *operations):
        if not contract.supports(*operations):
            pytest.skip('not advertised: %s' % ', '.join(operations))

    def _instance(self, contract, cleanup):
        self._need(contract, 'instances.create', 'instances.index', 'instances.destroy')
        return fixtures.launch(contract, cleanup)[0]

    # -- keys -----------------------------------------------------------------------------

    def test_key_round_trip(self, contract, cleanup):
        self._need(contract, 'keys.index', 'keys.create', 'keys.destroy')
        drv, ctx = contract.driver, contract.context
        key = drv.create_key(ctx, contract.unique('key'))
        cleanup.add(drv.destroy_key, ctx, key.id)
        assert isinstance(key, models.Key) and (key.fingerprint or key.pem_rsa_key)
        with pytest.raises(errors.Forbidden):  # Deltacloud: 403 for a taken key name
            drv.create_key(ctx, key.id)
        assert_round_trip(contract, 'keys', key, lambda: drv.destroy_key(ctx, key.id))

    def test_import_key(self, contract, cleanup):
        self._need(contract, 'keys.create', 'keys.destroy')
        if not contract.has_feature('keys', 'import_key'):
            pytest.skip('import_key not declared')
        drv, ctx = contract.driver, contract.context
        key = drv.create_key(ctx, contract.unique('key'), public_key=contract.public_key)
        cleanup.add(drv.destroy_key, ctx, key.id)
        assert key.fingerprint and not key.pem_rsa_key

    # -- storage --------------------------------------------------------------------------

    def _volume(self, contract, cleanup, **fields):
        drv, ctx = contract.driver, contract.context
        volume = drv.create_storage_volume(ctx, capacity=1, realm_id=contract.realm_id,
                                           **fields)
        cleanup.add(drv.destroy_storage_volume, ctx, volume.id)
        return volume

    def test_storage_volume_round_trip(self, contract, cleanup):
        self._need(contract, 'storage_volumes.index', 'storage_volumes.create',
                   'storage_volumes.destroy')
        fields = {}
        if contract.has_feature('storage_volumes', 'volume_name'):
            fields['name'] = contract.unique('volume')
        if contract.has_feature('storage_volumes', 'volume_description'):
            fields['description'] = 'made by the driver contract'
        volume = self._volume(contract, cleanup, **fields)
        assert int(volume.capacity) == 1
        for field, value in fields.items():
            assert getattr(volume, field) == value
        assert_round_trip(contract, 'storage_volumes', volume,
                          lambda: contract.driver.destroy_storage_volume(contract.context,
                                                                         volume.id))

    def test_storage_volume_attach_detach(self, contract, cleanup):
        self._need(contract, 'storage_volumes.create', 'storage_volumes.attach',
                   'storage_volumes.detach')
        drv, ctx = contract.driver, contract.context
        instance = self._instance(contract, cleanup)
        volume = self._volume(contract, cleanup)
        cleanup.add(drv.detach_storage_volume, ctx, volume.id)
        attached = drv.attach_storage_volume(ctx, volume.id, instance.id,
                                             contract.attach_device)
        assert attached.id == volume.id
        wait_for(contract, lambda: drv.get_storage_volume(ctx, volume.id).instance_id
                 == instance.id, 'the volume to attach')
        with pytest.raises(errors.Conflict):
            drv.destroy_storage_volume(ctx, volume.id)
        drv.detach_storage_volume(ctx, volume.id)
        wait_for(contract, lambda: drv.get_storage_volume(ctx, volume.id).state == 'AVAILABLE',
                 'the volume to detach')
        assert drv.get_storage_volume(ctx, volume.id).instance_id is None

    def test_storage_snapshot_round_trip(self, contract, cleanup):
        self._need(contract, 'storage_snapshots.index', 'storage_snapshots.create',
                   'storage_snapshots.destroy', 'storage_volumes.create')
        drv, ctx = contract.driver, contract.context
        volume = self._volume(contract, cleanup)
        snapshot = drv.create_storage_snapshot(ctx, volume.id)
        cleanup.add(drv.destroy_storage_snapshot, ctx, snapshot.id)
        assert snapshot.storage_volume_id == volume.id
        assert_round_trip(contract, 'storage_snapshots', snapshot,
                          lambda: drv.destroy_storage_snapshot(ctx, snapshot.id))

    # -- addresses ------------------------------------------------------------------------

    def test_address_round_trip(self, contract, cleanup):
        self._need(contract, 'addresses.index', 'addresses.create', 'addresses.destroy')
        drv, ctx = contract.driver, contract.context
        address = drv.create_address(ctx)
        cleanup.add(drv.destroy_address, ctx, address.id)
        assert not address.associated
        assert_round_trip(contract, 'addresses', address,
                          lambda: drv.destroy_address(ctx, address.id))

    def test_address_associate_disassociate(self, contract, cleanup):
        self._need(contract, 'addresses.create', 'addresses.associate',
                   'addresses.disassociate')
        drv, ctx = contract.driver, contract.context
        instance = self._instance(contract, cleanup)
        address = drv.create_address(ctx)
        cleanup.add(drv.destroy_address, ctx, address.id)
        cleanup.add(drv.disassociate_address, ctx, address.id)
        drv.associate_address(ctx, address.id, instance.id)
        assert drv.get_address(ctx, address.id).instance_id == instance.id
        drv.disassociate_address(ctx, address.id)
        assert not drv.get_address(ctx, address.id).associated

    # -- firewalls ------------------------------------------------------------------------

    def test_firewall_and_rules(self, contract, cleanup):
        self._need(contract, 'firewalls.index', 'firewalls.create', 'firewalls.destroy',
                   'firewalls.create_rule', 'firewalls.destroy_rule')
        drv, ctx = contract.driver, contract.context
        firewall = drv.create_firewall(ctx, contract.unique('fw'), 'made by the contract')
        cleanup.add(drv.destroy_firewall, ctx, firewall.id)
        source = {'type': 'address', 'address': '10.1.0.0/16'}
        updated = drv.create_rule_firewall(ctx, firewall.id, 'tcp', 80, 80, [source])
        rule, = [r for r in updated.rules if r.port_from == 80]
        assert (rule.allow_protocol, rule.port_to) == ('tcp', 80)
        with pytest.raises(errors.ValidationError):
            drv.create_rule_firewall(ctx, firewall.id, 'tcp', 81, 81,
                                     [{'type': 'address', 'address': '10.1.0.0/33'}])
        drv.destroy_rule_firewall(ctx, firewall.id, rule.id)
        assert rule.id not in ids(drv.get_firewall(ctx, firewall.id).rules)
        assert_round_trip(contract, 'firewalls', firewall,
                          lambda: drv.destroy_firewall(ctx, firewall.id))

    def test_firewall_in_use_is_not_destroyed(self, contract, cleanup):
        self._need(contract, 'firewalls.create', 'firewalls.destroy')
        if not contract.has_feature('instances', 'firewalls'):
            pytest.skip('firewalls launch feature not declared')
        drv, ctx = contract.driver, contract.context
        firewall = drv.create_firewall(ctx, contract.unique('fw'), 'made by the contract')
        cleanup.add(drv.destroy_firewall, ctx, firewall.id)
        self._need(contract, 'instances.create', 'instances.destroy')
        fixtures.launch(contract, cleanup, firewall_ids=[firewall.id])
        with pytest.raises(errors.Conflict):
            drv.destroy_firewall(ctx, firewall.id)

    # -- networks -------------------------------------------------------------------------

    def test_network_subnet_interface(self, contract, cleanup):
        self._need(contract, 'networks.index', 'networks.create', 'networks.destroy',
                   'subnets.index', 'subnets.create', 'subnets.destroy')
        drv, ctx = contract.driver, contract.context
        network = drv.create_network(ctx, contract.unique('net'), contract.network_block)
        cleanup.add(drv.destroy_network, ctx, network.id)
        subnet = drv.create_subnet(ctx, network.id, contract.subnet_block,
                                   contract.unique('subnet'))
        cleanup.add(drv.destroy_subnet, ctx, subnet.id)
        assert subnet.network_id == network.id
        if contract.supports('network_interfaces.create', 'network_interfaces.destroy',
                             'instances.create'):
            instance = self._instance(contract, cleanup)
            nic = drv.create_network_interface(ctx, instance.id, subnet.id)
            cleanup.add(drv.destroy_network_interface, ctx, nic.id)
            assert nic.instance_id == instance.id
            assert_round_trip(contract, 'network_interfaces', nic,
                              lambda: drv.destroy_network_interface(ctx, nic.id))
        assert_round_trip(contract, 'subnets', subnet, lambda: drv.destroy_subnet(ctx, subnet.id))
        assert_round_trip(contract, 'networks', network,
                          lambda: drv.destroy_network(ctx, network.id))

    # -- load balancers -------------------------------------------------------------------

    def test_load_balancer(self, contract, cleanup):
        self._need(contract, 'load_balancers.index', 'load_balancers.create',
                   'load_balancers.destroy', 'load_balancers.register',
                   'load_balancers.unregister')
        drv, ctx = contract.driver, contract.context
        instance = self._instance(contract, cleanup)
        balancer = drv.create_load_balancer(ctx, contract.unique('lb'), instance.realm_id,
                                            [models.Listener('HTTP', 80, 8080)])
        cleanup.add(drv.destroy_load_balancer, ctx, balancer.id)
        drv.register_load_balancer(ctx, balancer.id, instance.id)
        assert instance.id in drv.get_load_balancer(ctx, balancer.id).instance_ids
        drv.unregister_load_balancer(ctx, balancer.id, instance.id)
        assert instance.id not in drv.get_load_balancer(ctx, balancer.id).instance_ids
        assert_round_trip(contract, 'load_balancers', balancer,
                          lambda: drv.destroy_load_balancer(ctx, balancer.id))

    # -- buckets and blobs ----------------------------------------------------------------

    def test_bucket_and_blobs(self, contract, cleanup):
        self._need(contract, 'buckets.index', 'buckets.create', 'buckets.destroy',
                   'blobs.index', 'blobs.create', 'blobs.destroy', 'blobs.content')
        drv, ctx = contract.driver, contract.context
        bucket = drv.create_bucket(ctx, contract.unique('bucket'))
        cleanup.add(drv.destroy_bucket, ctx, bucket.id)
        blob = drv.create_blob(ctx, bucket.id, 'greeting', b'hello', 'text/plain', {'k': 'v'})
        cleanup.add(drv.destroy_blob, ctx, bucket.id, blob.id)
        assert blob.id in ids(drv.list_blobs(ctx, bucket.id))
        shown = drv.get_blob(ctx, bucket.id, blob.id)
        assert (shown.content_length, shown.user_metadata) == (5, {'k': 'v'})
        assert drv.content_blob(ctx, bucket.id, blob.id) == b'hello'
        if contract.supports('blobs.update_metadata'):
            drv.update_metadata_blob(ctx, bucket.id, blob.id, {'k': 'w'})
            assert drv.get_blob(ctx, bucket.id, blob.id).user_metadata == {'k': 'w'}
        with pytest.raises(errors.Conflict):
            drv.destroy_bucket(ctx, bucket.id)
        drv.destroy_blob(ctx, bucket.id, blob.id)
        with pytest.raises(errors.NotFound):
            drv.get_blob(ctx, bucket.id, blob.id)
        assert_round_trip(contract, 'buckets', bucket, lambda: drv.destroy_bucket(ctx, bucket.id))

    # -- images and metrics ---------------------------------------------------------------

    def test_image_from_instance(self, contract, cleanup):
        self._need(contract, 'images.create', 'images.destroy')
        drv, ctx = contract.driver, contract.context
        instance = self._instance(contract, cleanup)
        image = drv.create_image(ctx, instance.id, contract.unique('image'), 'contract image')
        cleanup.add(drv.destroy_image, ctx, image.id)
        assert image.owner_id == ctx.username
        if contract.has_feature('images', 'owner_id'):
            mine = drv.list_images(ctx, owner_id='self')
            assert image.id in ids(mine) and {i.owner_id for i in mine} == {ctx.username}
        assert_round_trip(contract, 'images', image, lambda: drv.destroy_image(ctx, image.id))

    def test_metrics_of_an_instance(self, contract, cleanup):
        self._need(contract, 'metrics.index', 'metrics.show')
        instance = self._instance(contract, cleanup)
        drv, ctx = contract.driver, contract.context
        assert instance.id in ids(drv.list_metrics(ctx))
        metric = drv.get_metric(ctx, instance.id)
        assert metric.properties and all(p.name for p in metric.properties)
