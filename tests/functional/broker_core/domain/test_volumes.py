"""Storage volume records: storage quota held from reservation to failure or deletion."""

import concurrent.futures
import threading

import pytest

from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import instances
from broker_core import quotas
from broker_core import volumes
from tests.functional.broker_core.domain import seeds


def _create(world, owner='alice', capacity=10, **kwargs):
    return volumes.create_reserved(world[owner + '_ctx'], owner_id=world[owner],
                                   pool_id=world['pool'], capacity_gb=capacity, **kwargs)


def _storage(admin_context, scope_type, scope_id):
    return quotas.usage(admin_context, scope_type, scope_id)['resources']['storage_gb']['in_use']


def test_a_volume_holds_its_capacity_until_deleted_once(world, admin_context):
    volume = _create(world, name='data', description='for the db')
    assert (volume['state'], volume['capacity_gb'], volume['name']) == ('PENDING', 10, 'data')
    assert _storage(admin_context, 'user', world['alice']) == 10
    assert quotas.usage(admin_context, 'pool', world['pool'])['resources']['instances'][
        'in_use'] == 0

    placed = volumes.record_placement(world['alice_ctx'], volume['id'], world['account'],
                                      'vol-1', state='AVAILABLE')
    assert (placed['provider_volume_id'], placed['state']) == ('vol-1', 'AVAILABLE')
    assert _storage(admin_context, 'account', world['account']) == 10
    with pytest.raises(errors.ObjectExists):
        volumes.record_placement(admin_context, _create(world)['id'], world['account'], 'vol-1')

    volumes.mark_deleted(world['alice_ctx'], volume['id'])
    volumes.mark_deleted(world['alice_ctx'], volume['id'])
    assert _storage(admin_context, 'account', world['account']) == 0
    assert _storage(admin_context, 'user', world['alice']) == 10  # the second volume
    assert [e['type'] for e in events.query(admin_context, object_id=volume['id'])] == [
        'volume.delete', 'volume.place', 'volume.create']


def test_storage_quota_refuses_and_failures_give_back_once(world, admin_context):
    quotas.set_limits(admin_context, 'pool', world['pool'], {'storage_gb': 25})
    first = _create(world, capacity=20)
    with pytest.raises(errors.QuotaExceeded) as caught:
        _create(world, owner='bob', capacity=10)
    assert caught.value.kwargs['resource'] == 'storage_gb'

    volumes.mark_failed(world['alice_ctx'], first['id'], 'no space left')
    volumes.mark_failed(world['alice_ctx'], first['id'], 'no space left')
    volumes.mark_deleted(admin_context, first['id'])
    assert _storage(admin_context, 'pool', world['pool']) == 0
    _create(world, owner='bob', capacity=25)
    assert seeds.count(admin_context, models.StorageVolume) == 2


@pytest.mark.parametrize('kwargs, error', [
    ({'capacity_gb': 0}, errors.Invalid), ({'capacity_gb': 1.5}, errors.Invalid),
    ({'capacity_gb': '10'}, errors.Invalid), ({'capacity_gb': 2 ** 31}, errors.Invalid),
    ({'description': 'x' * 2000}, errors.Invalid),
    ({'pool_id': 'no-such-pool'}, errors.ObjectNotFound),
    ({'account_id': 'no-such-account'}, errors.ObjectNotFound),
])
def test_bad_volumes_store_nothing(world, admin_context, kwargs, error):
    kwargs = dict({'owner_id': world['alice'], 'pool_id': world['pool'], 'capacity_gb': 5},
                  **kwargs)
    with pytest.raises(error):
        volumes.create_reserved(admin_context, **kwargs)
    assert seeds.count(admin_context, models.StorageVolume) == 0
    assert set(seeds.usage_rows(admin_context).values()) <= {0}


def test_attaching_records_the_instance_the_owner_may_see(world, admin_context):
    volume = _create(world)
    mine = instances.create_reserved(world['alice_ctx'], owner_id=world['alice'],
                                     pool_id=world['pool'])
    theirs = instances.create_reserved(world['bob_ctx'], owner_id=world['bob'],
                                       pool_id=world['pool'])
    with pytest.raises(errors.ObjectNotFound):
        volumes.update_state(world['alice_ctx'], volume['id'], 'IN-USE',
                             instance_id=theirs['id'])
    with pytest.raises(errors.Invalid):
        volumes.update_state(world['alice_ctx'], volume['id'], 'ATTACHED')
    attached = volumes.update_state(world['alice_ctx'], volume['id'], 'IN-USE',
                                    instance_id=mine['id'], device='/dev/sdb')
    assert (attached['instance_id'], attached['device']) == (mine['id'], '/dev/sdb')
    detached = volumes.update_state(world['alice_ctx'], volume['id'], 'AVAILABLE',
                                    instance_id=None, device=None)
    assert (detached['instance_id'], detached['device']) == (None, None)


def test_others_volumes_are_not_found_and_lists_are_narrowed(world, admin_context):
    mine = _create(world)
    theirs = _create(world, owner='bob')
    for call in (lambda: volumes.get(world['bob_ctx'], mine['id']),
                 lambda: volumes.mark_deleted(world['bob_ctx'], mine['id']),
                 lambda: volumes.mark_failed(world['bob_ctx'], mine['id'], 'x')):
        with pytest.raises(errors.ObjectNotFound):
            call()
    viewer = seeds.context_of(world['bob'], ('viewer', world['pool']))
    with pytest.raises(errors.NotAuthorized):
        volumes.mark_deleted(viewer, mine['id'])

    assert [v['id'] for v in volumes.list_volumes(world['alice_ctx'])] == [mine['id']]
    assert [v['id'] for v in volumes.list_volumes(viewer)] == [mine['id'], theirs['id']]
    volumes.mark_deleted(admin_context, theirs['id'])
    assert [v['id'] for v in volumes.list_volumes(admin_context)] == [mine['id']]
    assert [v['id'] for v in volumes.list_volumes(admin_context, include_deleted=True,
                                                  owner_id=world['bob'])] == [theirs['id']]
    assert volumes.get(admin_context, theirs['id'], include_deleted=True)['deleted_at']


def test_parallel_volumes_never_exceed_the_storage_quota(world, admin_context):
    quotas.set_limits(admin_context, 'user', world['alice'], {'storage_gb': 50})
    barrier = threading.Barrier(16)

    def create(_):
        barrier.wait()
        try:
            return _create(world, capacity=10)
        except errors.QuotaExceeded as exc:
            return exc

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(create, range(16)))
    assert sum(isinstance(result, dict) for result in results) == 5
    assert _storage(admin_context, 'user', world['alice']) == 50
    assert quotas.recount(admin_context) == []
