"""Volumes and snapshots of the broker driver: placed like launches, attached within an account."""

import falcon.testing
import pytest

from broker_core import accounts
from broker_core import events
from broker_core import instances
from broker_core import pools
from broker_core import quotas
from broker_core import volumes
from iaas.api import app as app_mod
from iaas.drivers.mock import knobs
from iaas import errors
from tests.functional.broker_driver.conftest import destroy, launch, set_members
from tests.functional import conftest as api_helpers


def provider_volumes(world, provider):
    found = world.driver.account_call(world.admin, world.account_id(provider),
                                      'list_storage_volumes')
    return {v.id: v for v in found if (v.name or '').startswith('broker-')}


def record(world, volume):
    return volumes.get(world.admin, volume.id, include_deleted=True)


def storage_in_use(world, scope_type, scope_id):
    usage = quotas.usage(world.admin, scope_type, scope_id)
    return usage['resources']['storage_gb']['in_use']


def only(world, provider):
    """Leave ``provider``'s account alone enabled in the pool."""
    set_members(world, {name: name == provider for name in world.accounts})


def test_volumes_through_the_deltacloud_api(world, conf):
    conf.set_override('enabled_apps', [], group='api')  # the /api front end alone
    client = falcon.testing.TestClient(app_mod.create_app(conf))
    api = api_helpers.Api(client)
    headers = dict(api_helpers.basic('alice', 'alice-password'),
                   **{'X-Deltacloud-Driver': 'broker'})
    created = api.post('/api/storage_volumes', {'capacity': '2', 'name': 'data',
                                                'realm_id': 'gold'}, headers=headers)
    assert created.status_code == 201, created.text
    volume = created.json['storage_volume']
    assert (volume['capacity'], volume['name'], volume['realm']['id']) == (2, 'data', 'gold')
    listed = api.get('/api/storage_volumes', headers=headers).json['storage_volumes']
    assert [v['id'] for v in listed] == [volume['id']]
    other = dict(headers, **api_helpers.basic('bob', 'bob-password'))
    assert api.get('/api/storage_volumes/' + volume['id'], headers=other).status_code == 404
    gone = api.delete('/api/storage_volumes/' + volume['id'], headers=headers)
    assert gone.status_code == 204
    assert api.get('/api/storage_volumes/' + volume['id'], headers=headers).status_code == 404


def test_the_deltacloud_api_places_a_volume_beside_the_instance_it_names(world, conf):
    conf.set_override('enabled_apps', [], group='api')
    api = api_helpers.Api(falcon.testing.TestClient(app_mod.create_app(conf)))
    headers = dict(api_helpers.basic('alice', 'alice-password'),
                   **{'X-Deltacloud-Driver': 'broker'})
    instance = launch(world, provider='cloud-b')
    created = api.post('/api/storage_volumes', {'capacity': '1', 'instance_id': instance.id},
                       headers=headers)
    assert created.status_code == 201, created.text
    placed = volumes.get(world.admin, created.json['storage_volume']['id'])
    assert placed['account_id'] == world.account_id('cloud-b')
    features = api.get('/api', headers=headers).json['api']['links']
    volume_link = [link for link in features if link['rel'] == 'storage_volumes'][0]
    assert 'volume_instance' in [f[0]['name'] for f in volume_link['features']]
    other = dict(headers, **api_helpers.basic('bob', 'bob-password'))
    refused = api.post('/api/storage_volumes', {'capacity': '1', 'instance_id': instance.id},
                       headers=other)
    assert refused.status_code == 400, refused.text
    assert volumes.list_volumes(world.admin, owner_id=world.users['bob']['id']) == []


def test_a_volume_holds_its_storage_quota_from_creation_to_destruction(world):
    drv, ctx = world.driver, world.context()
    alice = world.users['alice']['id']
    quotas.set_limits(world.admin, 'user', alice, {'storage_gb': 5})
    volume = drv.create_storage_volume(ctx, capacity=3, name='data', description='db')
    placed = record(world, volume)
    assert (placed['state'], placed['capacity_gb'], placed['description']) == (
        'AVAILABLE', 3, 'db')
    provider = next(p for p in world.accounts if world.account_id(p) == placed['account_id'])
    assert provider_volumes(world, provider)[placed['provider_volume_id']].capacity == 3
    assert storage_in_use(world, 'user', alice) == 3
    assert storage_in_use(world, 'account', placed['account_id']) == 3
    with pytest.raises(errors.Forbidden):
        drv.create_storage_volume(ctx, capacity=3)
    assert [v.id for v in drv.list_storage_volumes(ctx)] == [volume.id]
    drv.destroy_storage_volume(ctx, volume.id)
    assert storage_in_use(world, 'user', alice) == 0
    assert provider_volumes(world, provider) == {}
    drv.create_storage_volume(ctx, capacity=5)


def test_a_volume_fails_over_and_gives_its_quota_back_when_no_account_creates_it(world):
    drv, ctx = world.driver, world.context()
    alice = world.users['alice']['id']
    for provider in world.accounts:
        world.knobs(provider, fail_next={'storage_volumes.create': 1})
    with pytest.raises(errors.ProviderError) as failed:
        drv.create_storage_volume(ctx, capacity=2)
    assert failed.value.message.count("Account 'main'") == 2
    assert drv.list_storage_volumes(ctx) == []
    assert storage_in_use(world, 'user', alice) == 0

    # cloud-a first by priority; it fails, so the volume goes to cloud-b.
    pools.update_pool(world.admin, world.pool['id'],
                      policy={'weighers': [{'name': 'priority', 'multiplier': 1.0}]})
    accounts.update_account(world.admin, world.account_id('cloud-b'), priority=10)
    world.knobs('cloud-a', fail_next={'storage_volumes.create': 1})
    volume = drv.create_storage_volume(ctx, capacity=2)
    assert knobs.get_knobs(world.conf, 'cloud-a').fail_next == {}
    assert record(world, volume)['account_id'] == world.account_id('cloud-b')
    assert storage_in_use(world, 'account', world.account_id('cloud-b')) == 2
    assert storage_in_use(world, 'account', world.account_id('cloud-a')) == 0


def test_a_volume_made_for_an_instance_lands_beside_it_and_attaches(world):
    drv, ctx = world.driver, world.context()
    instance = launch(world, provider='cloud-b')
    volume = drv.create_storage_volume(ctx, capacity=1, instance_id=instance.id)
    placed, launched = record(world, volume), instances.get(world.admin, instance.id)
    assert placed['account_id'] == launched['account_id'] == world.account_id('cloud-b')
    assert placed['provider_realm_id'] == launched['provider_realm_id']
    attached = drv.attach_storage_volume(ctx, volume.id, instance.id, '/dev/sdf')
    assert (attached.state, attached.instance_id, attached.device) == (
        'IN-USE', instance.id, '/dev/sdf')
    at_provider = provider_volumes(world, 'cloud-b')[placed['provider_volume_id']]
    assert at_provider.instance_id == launched['provider_instance_id']
    with pytest.raises(errors.Conflict):
        drv.destroy_storage_volume(ctx, volume.id)
    detached = drv.detach_storage_volume(ctx, volume.id)
    assert (detached.state, detached.instance_id) == ('AVAILABLE', None)
    with pytest.raises(errors.Conflict):
        drv.detach_storage_volume(ctx, volume.id)
    types = [e['type'] for e in events.query(world.admin, object_id=volume.id)]
    assert types[:3] == ['volume.state', 'volume.state', 'volume.place']


def test_a_volume_attaches_only_to_an_instance_of_its_account(world):
    drv, ctx = world.driver, world.context()
    only(world, 'cloud-a')
    volume = drv.create_storage_volume(ctx, capacity=1)
    elsewhere = launch(world, provider='cloud-b')
    with pytest.raises(errors.Conflict) as refused:
        drv.attach_storage_volume(ctx, volume.id, elsewhere.id)
    assert 'only to an instance of its own account' in refused.value.message
    assert drv.get_storage_volume(ctx, volume.id).instance_id is None
    with pytest.raises(errors.ValidationError):
        drv.attach_storage_volume(ctx, volume.id, 'no-such-instance')
    bobs = launch(world, user='bob', provider='cloud-a')
    with pytest.raises(errors.ValidationError):
        drv.attach_storage_volume(ctx, volume.id, bobs.id)


def test_a_destroyed_instance_lets_its_volumes_go(world):
    drv, ctx = world.driver, world.context()
    instance = launch(world, provider='cloud-a')
    volume = drv.create_storage_volume(ctx, capacity=1, instance_id=instance.id)
    drv.attach_storage_volume(ctx, volume.id, instance.id)
    destroy(world, instance.id)
    assert drv.get_storage_volume(ctx, volume.id).state == 'AVAILABLE'
    drv.destroy_storage_volume(ctx, volume.id)


def test_snapshots_are_taken_in_the_volume_account_and_restore_there(world):
    drv, ctx = world.driver, world.context()
    only(world, 'cloud-b')
    volume = drv.create_storage_volume(ctx, capacity=4, name='data')
    only(world, 'cloud-a')
    snapshot = drv.create_storage_snapshot(ctx, volume.id, name='nightly')
    assert (snapshot.storage_volume_id, snapshot.name) == (volume.id, 'nightly')
    assert [s.id for s in drv.list_storage_snapshots(ctx)] == [snapshot.id]
    restored = drv.create_storage_volume(ctx, snapshot_id=snapshot.id)
    assert record(world, restored)['account_id'] == world.account_id('cloud-b')
    assert restored.capacity == 4
    drv.destroy_storage_snapshot(ctx, snapshot.id)
    with pytest.raises(errors.NotFound):
        drv.get_storage_snapshot(ctx, snapshot.id)
    with pytest.raises(errors.ValidationError):
        drv.create_storage_snapshot(ctx, 'no-such-volume')


def test_other_users_volumes_and_snapshots_do_not_exist_for_them(world):
    drv, alice, bob = world.driver, world.context('alice'), world.context('bob')
    volume = drv.create_storage_volume(alice, capacity=1)
    snapshot = drv.create_storage_snapshot(alice, volume.id)
    assert drv.list_storage_volumes(bob) == drv.list_storage_snapshots(bob) == []
    bobs = launch(world, user='bob')
    for call, args in ((drv.get_storage_volume, (volume.id,)),
                       (drv.destroy_storage_volume, (volume.id,)),
                       (drv.attach_storage_volume, (volume.id, bobs.id)),
                       (drv.detach_storage_volume, (volume.id,)),
                       (drv.get_storage_snapshot, (snapshot.id,)),
                       (drv.destroy_storage_snapshot, (snapshot.id,))):
        with pytest.raises(errors.NotFound):
            call(bob, *args)
    with pytest.raises(errors.ValidationError):
        drv.create_storage_snapshot(bob, volume.id)
    with pytest.raises(errors.ValidationError):
        drv.create_storage_volume(bob, snapshot_id=snapshot.id)
