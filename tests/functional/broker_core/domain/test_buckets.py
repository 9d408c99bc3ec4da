"""Bucket records: a name per owner among live buckets, free again once a bucket is gone."""

import pytest

from broker_core import buckets
from broker_core import errors
from broker_core import events
from broker_core import pools


def _bucket(world, user='alice', name='photos', placed=True):
    context = world[user + '_ctx']
    bucket = buckets.create_pending(context, owner_id=world[user], pool_id=world['pool'],
                                    name=name, location='gold')
    if placed:
        bucket = buckets.record_placement(context, bucket['id'], world['account'],
                                          'broker-' + bucket['id'])
    return bucket


def test_a_bucket_is_recorded_placed_and_deleted(world, admin_context):
    pending = _bucket(world, placed=False)
    assert (pending['state'], pending['name'], pending['location'], pending['account_id']) == (
        'PENDING', 'photos', 'gold', None)
    placed = buckets.record_placement(world['alice_ctx'], pending['id'], world['account'],
                                      'prov-1')
    assert (placed['state'], placed['account_id'], placed['provider_bucket_id']) == (
        'AVAILABLE', world['account'], 'prov-1')
    assert buckets.get_by_name(world['alice_ctx'], world['alice'], 'photos')['id'] == placed['id']
    assert [b['id'] for b in buckets.list_buckets(world['alice_ctx'])] == [placed['id']]
    buckets.mark_deleted(world['alice_ctx'], placed['id'])
    buckets.mark_deleted(world['alice_ctx'], placed['id'])
    assert buckets.list_buckets(world['alice_ctx']) == []
    with pytest.raises(errors.ObjectNotFound):
        buckets.get_by_name(world['alice_ctx'], world['alice'], 'photos')
    assert [e['type'] for e in events.query(admin_context, object_id=placed['id'])] == [
        'bucket.delete', 'bucket.place', 'bucket.create']


def test_a_name_is_taken_among_live_buckets_of_one_owner(world):
    first = _bucket(world)
    with pytest.raises(errors.ObjectExists):
        _bucket(world)
    bobs = _bucket(world, user='bob')  # another owner's names are another owner's
    assert bobs['name'] == first['name']
    buckets.mark_deleted(world['alice_ctx'], first['id'])
    again = _bucket(world)
    buckets.mark_deleted(world['alice_ctx'], again['id'])
    third = _bucket(world)
    assert [b['id'] for b in buckets.list_buckets(world['alice_ctx'],
                                                  owner_id=world['alice'])] == [third['id']]
    assert len(buckets.list_buckets(world['alice_ctx'], owner_id=world['alice'],
                                    include_deleted=True)) == 3


def test_a_failed_bucket_is_closed_and_frees_its_name(world, admin_context):
    pending = _bucket(world, placed=False)
    failed = buckets.mark_failed(world['alice_ctx'], pending['id'], 'no account took it')
    assert (failed['state'], failed['last_error']) == ('ERROR', 'no account took it')
    assert failed['deleted_at'] is not None and failed['live'] is None
    assert buckets.list_buckets(world['alice_ctx']) == []
    assert _bucket(world)['name'] == 'photos'


@pytest.mark.parametrize('name', [None, '', 'a/b', 'with space', '-dash', 'x' * 256])
def test_unusable_names_are_refused_and_record_nothing(world, admin_context, name):
    with pytest.raises(errors.Invalid):
        buckets.create_pending(world['alice_ctx'], owner_id=world['alice'],
                               pool_id=world['pool'], name=name)
    assert buckets.list_buckets(admin_context, include_deleted=True) == []


def test_other_users_buckets_are_not_found_and_a_pool_with_them_stays(world, admin_context):
    bucket = _bucket(world)
    with pytest.raises(errors.ObjectNotFound):
        buckets.get(world['bob_ctx'], bucket['id'])
    with pytest.raises(errors.ObjectNotFound):
        buckets.get_by_name(world['bob_ctx'], world['alice'], 'photos')
    with pytest.raises(errors.ObjectNotFound):
        buckets.mark_deleted(world['bob_ctx'], bucket['id'])
    assert buckets.list_buckets(world['bob_ctx']) == []
    with pytest.raises(errors.InUse):
        pools.delete_pool(admin_context, world['pool'])
