"""Buckets and blobs of the broker driver: buckets placed by policy, blobs in their account."""

from lxml import etree
import pytest

from broker_core import buckets
from broker_core import events
from iaas import errors
from tests.functional.broker_driver.conftest import headers, prefer, set_members
from tests.functional import checks


def record(world, name, user='alice'):
    return buckets.get_by_name(world.admin, world.users[user]['id'], name)


def provider_buckets(world, provider):
    """The buckets the broker made at the mock cloud ``provider`` (it has seeded ones too)."""
    found = world.driver.account_call(world.admin, world.account_id(provider), 'list_buckets')
    return {b.id: b for b in found if b.id.startswith('broker-')}


def test_a_bucket_goes_to_the_account_the_pool_policy_ranks_first(world):
    drv, ctx = world.driver, world.context()
    for name, first in (('photos', 'cloud-b'), ('music', 'cloud-a')):
        prefer(world, first)
        bucket = drv.create_bucket(ctx, name)
        assert (bucket.id, bucket.name, bucket.size, bucket.blob_ids) == (name, name, 0, [])
        placed = record(world, name)
        assert placed['account_id'] == world.account_id(first)
        assert placed['provider_bucket_id'] == 'broker-' + placed['id']
        assert set(provider_buckets(world, first)) == {placed['provider_bucket_id']}


def test_a_bucket_fails_over_and_no_account_leaves_a_closed_record(world):
    drv, ctx = world.driver, world.context()
    prefer(world, 'cloud-a')
    world.knobs('cloud-a', fail_next={'buckets.create': 1})
    drv.create_bucket(ctx, 'photos')
    assert record(world, 'photos')['account_id'] == world.account_id('cloud-b')
    assert provider_buckets(world, 'cloud-a') == {}

    for provider in world.accounts:
        world.knobs(provider, fail_next={'buckets.create': 1})
    with pytest.raises(errors.ProviderError) as failed:
        drv.create_bucket(ctx, 'music')
    assert failed.value.message.count("Account 'main'") == 2
    assert [b.id for b in drv.list_buckets(ctx)] == ['photos']
    closed, = [b for b in buckets.list_buckets(world.admin, include_deleted=True)
               if b['name'] == 'music']
    assert (closed['state'], closed['provider_bucket_id']) == ('ERROR', None)
    assert [e['type'] for e in events.query(world.admin, object_id=closed['id'])] == [
        'bucket.fail', 'bucket.create']
    assert drv.create_bucket(ctx, 'music').id == 'music'  # the name is free again


def test_a_taken_name_is_a_conflict_until_its_bucket_is_gone(world):
    drv, alice, bob = world.driver, world.context('alice'), world.context('bob')
    first = drv.create_bucket(alice, 'photos')
    with pytest.raises(errors.Conflict):
        drv.create_bucket(alice, 'photos')
    assert drv.create_bucket(bob, 'photos').id == 'photos'  # bob's own, elsewhere at the provider
    assert record(world, 'photos')['provider_bucket_id'] != record(
        world, 'photos', 'bob')['provider_bucket_id']
    drv.destroy_bucket(alice, first.id)
    assert drv.create_bucket(alice, 'photos').id == 'photos'


@pytest.mark.parametrize('name, location, error', [
    (None, None, errors.ValidationError), ('', None, errors.ValidationError),
    ('a/b', None, errors.ValidationError), ('photos', 'silver', errors.ValidationError),
])
def test_bad_buckets_are_refused_before_anything_is_made(world, name, location, error):
    with pytest.raises(error):
        world.driver.create_bucket(world.context(), name, location)
    assert buckets.list_buckets(world.admin, include_deleted=True) == []
    assert all(provider_buckets(world, provider) == {} for provider in world.accounts)


def test_location_names_the_pool_and_a_pool_the_user_may_not_use_is_refused(world):
    drv = world.driver
    assert drv.create_bucket(world.context(), 'photos', 'gold').extra['location'] == 'gold'
    assert record(world, 'photos')['pool_id'] == world.pool['id']
    with pytest.raises(errors.Forbidden):
        drv.create_bucket(world.context('carol'), 'carols')
    assert [b['name'] for b in buckets.list_buckets(world.admin, include_deleted=True)] == [
        'photos']


def test_blobs_live_in_the_bucket_account_under_the_client_name(world):
    drv, ctx = world.driver, world.context()
    set_members(world, {'cloud-a': False})
    drv.create_bucket(ctx, 'photos')
    blob = drv.create_blob(ctx, 'photos', 'cat.jpg', b'meow', 'image/jpeg', {'who': 'cat'})
    assert (blob.id, blob.bucket_id, blob.content_length) == ('cat.jpg', 'photos', 4)
    provider_bucket = record(world, 'photos')['provider_bucket_id']
    at_provider = world.driver.account_call(world.admin, world.account_id('cloud-b'),
                                            'list_blobs', provider_bucket)
    assert [b.id for b in at_provider] == ['cat.jpg']
    assert [(b.id, b.bucket_id) for b in drv.list_blobs(ctx, 'photos')] == [
        ('cat.jpg', 'photos')]
    assert drv.get_blob(ctx, 'photos', 'cat.jpg').user_metadata == {'who': 'cat'}
    assert drv.content_blob(ctx, 'photos', 'cat.jpg') == b'meow'
    updated = drv.update_metadata_blob(ctx, 'photos', 'cat.jpg', {'who': 'dog'})
    assert (updated.bucket_id, updated.user_metadata) == ('photos', {'who': 'dog'})
    shown = drv.get_bucket(ctx, 'photos')
    assert (shown.size, shown.blob_ids) == (1, ['cat.jpg'])

    with pytest.raises(errors.Conflict):
        drv.destroy_bucket(ctx, 'photos')
    assert drv.get_bucket(ctx, 'photos').blob_ids == ['cat.jpg']
    drv.destroy_blob(ctx, 'photos', 'cat.jpg')
    with pytest.raises(errors.NotFound):
        drv.get_blob(ctx, 'photos', 'cat.jpg')
    drv.destroy_bucket(ctx, 'photos')
    assert provider_buckets(world, 'cloud-b') == {}
    with pytest.raises(errors.NotFound):
        drv.list_blobs(ctx, 'photos')


def test_other_users_buckets_and_blobs_do_not_exist_for_them(world):
    drv, alice, bob = world.driver, world.context('alice'), world.context('bob')
    drv.create_bucket(alice, 'photos')
    drv.create_blob(alice, 'photos', 'secret.txt', b'mine')
    assert drv.list_buckets(bob) == []
    for call, args in ((drv.get_bucket, ('photos',)), (drv.destroy_bucket, ('photos',)),
                       (drv.list_blobs, ('photos',)), (drv.get_blob, ('photos', 'secret.txt')),
                       (drv.content_blob, ('photos', 'secret.txt')),
                       (drv.create_blob, ('photos', 'mine.txt', b'x')),
                       (drv.update_metadata_blob, ('photos', 'secret.txt', {'a': 'b'})),
                       (drv.destroy_blob, ('photos', 'secret.txt'))):
        with pytest.raises(errors.NotFound):
            call(bob, *args)
    assert [b.id for b in drv.list_blobs(alice, 'photos')] == ['secret.txt']
    assert drv.content_blob(alice, 'photos', 'secret.txt') == b'mine'


def test_listing_asks_no_provider_and_showing_asks_the_bucket_account(world):
    drv, ctx = world.driver, world.context()
    drv.create_bucket(ctx, 'photos')
    for provider in world.accounts:
        world.knobs(provider, failure_rates={'*': 1.0})
    listed, = drv.list_buckets(ctx)
    assert (listed.id, listed.size, listed.blob_ids) == ('photos', None, [])
    with pytest.raises(errors.ProviderError):
        drv.get_bucket(ctx, 'photos')


@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_buckets_and_blobs_through_the_deltacloud_api(world, api, fmt):
    created = api.post('/api/buckets', {'name': 'b3', 'location': 'gold'}, headers=headers(),
                       fmt=fmt)
    assert created.status_code == 201, created.text
    assert created.headers['location'].endswith('/api/buckets/b3')
    blob = api.post('/api/buckets/b3', {'blob_id': 'x1', 'blob_data': 'hello',
                                        'meta_params': '1', 'meta_name1': 'Author',
                                        'meta_value1': 'me'}, headers=headers(), fmt=fmt)
    assert blob.status_code == 201, blob.text
    assert blob.headers['location'].endswith('/api/buckets/b3/x1')
    shown = api.get('/api/buckets/b3', headers=headers(), fmt=fmt)
    if fmt == 'json':
        assert [b['id'] for b in shown.json['bucket']['blob_list']] == ['x1']
        assert api.get('/api/buckets/b3/x1', headers=headers()).json['blob']['bucket'][
            'id'] == 'b3'
    else:
        assert [b.get('id') for b in etree.fromstring(shown.content).findall('blob')] == ['x1']
    content = api.request('GET', '/api/buckets/b3/x1/content', headers=headers(), fmt=None)
    assert content.content == b'hello'
    assert api.ids('buckets', headers=headers()) == ['b3']
    checks.error(api.get('/api/buckets/b3', headers=headers('bob'), fmt=fmt), 404, fmt)
    checks.error(api.get('/api/buckets/b3/x1', headers=headers('bob'), fmt=fmt), 404, fmt)
    checks.error(api.post('/api/buckets', {'name': 'b3'}, headers=headers(), fmt=fmt),
                 409, fmt)
    checks.error(api.delete('/api/buckets/b3', headers=headers(), fmt=fmt), 409, fmt)
    assert api.delete('/api/buckets/b3/x1', headers=headers(), fmt=fmt).status_code == 204
    assert api.delete('/api/buckets/b3', headers=headers(), fmt=fmt).status_code == 204
    assert api.ids('buckets', headers=headers()) == []


def test_the_broker_advertises_balancers_buckets_and_bucket_location(world, api):
    links = {link['rel']: link for link in
             api.get('/api', headers=headers()).json['api']['links']}
    assert {'load_balancers', 'buckets'} <= set(links)
    # Deltacloud lists each feature in a list of its own.
    assert [f['name'] for group in links['buckets']['features'] for f in group] == [
        'bucket_location']
    operations = world.driver.supported_operations(world.context())
    assert {collection + '.' + op
            for collection, ops in (('load_balancers', ('index', 'show', 'create', 'destroy',
                                                        'register', 'unregister')),
                                    ('buckets', ('index', 'show', 'create', 'destroy')),
                                    ('blobs', ('index', 'show', 'create', 'destroy', 'content',
                                               'update_metadata')))
            for op in ops} <= operations
