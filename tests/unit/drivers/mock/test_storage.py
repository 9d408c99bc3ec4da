"""Mock volumes, snapshots, buckets and blobs."""

import pytest

from iaas import errors


def test_create_volume(mock, ctx):
    first = mock.create_storage_volume(ctx)
    assert (first.id, first.capacity, first.state, first.realm_id) == (
        'volume_1', 1, 'AVAILABLE', None)
    second = mock.create_storage_volume(ctx, capacity='10', name='v10', description='ten',
                                        realm_id='eu')
    assert (second.id, second.capacity, second.name, second.description, second.realm_id) == (
        'volume_2', 10, 'v10', 'ten', 'eu')
    mock.destroy_storage_volume(ctx, 'volume_2')
    assert mock.create_storage_volume(ctx).id == 'volume_3'  # ids are never reused


@pytest.mark.parametrize('fields', [
    {'capacity': '0'}, {'capacity': 'big'}, {'capacity': 10 ** 6},
    {'realm_id': 'mars'}, {'realm_id': '500'}, {'snapshot_id': 'nope'},
])
def test_invalid_volumes(mock, ctx, fields):
    before = mock.list_storage_volumes(ctx)
    with pytest.raises(errors.ValidationError):
        mock.create_storage_volume(ctx, **fields)
    assert mock.list_storage_volumes(ctx) == before


def test_volume_from_snapshot_takes_its_size(mock, ctx):
    source = mock.create_storage_volume(ctx, capacity=7)
    snapshot = mock.create_storage_snapshot(ctx, source.id)
    volume = mock.create_storage_volume(ctx, snapshot_id=snapshot.id)
    assert (volume.capacity, volume.extra) == (7, {'snapshot_id': snapshot.id})


def test_attach_and_detach(mock, ctx):
    attached = mock.attach_storage_volume(ctx, 'vol1', 'inst1', '/dev/sdc')
    assert (attached.state, attached.instance_id, attached.device) == (
        'IN-USE', 'inst1', '/dev/sdc')
    assert mock.get_instance(ctx, 'inst1').storage_volume_ids == ['vol1']
    with pytest.raises(errors.Conflict):
        mock.attach_storage_volume(ctx, 'vol1', 'inst0')
    with pytest.raises(errors.Conflict):
        mock.attach_storage_volume(ctx, 'vol2', 'inst1', '/dev/sdc')
    with pytest.raises(errors.Conflict):
        mock.destroy_storage_volume(ctx, 'vol1')
    detached = mock.detach_storage_volume(ctx, 'vol1')
    assert (detached.state, detached.instance_id, detached.device) == ('AVAILABLE', None, None)
    assert mock.get_instance(ctx, 'inst1').storage_volume_ids == []
    with pytest.raises(errors.Conflict):
        mock.detach_storage_volume(ctx, 'vol1')
    mock.destroy_storage_volume(ctx, 'vol1')


def test_attach_picks_a_free_device(mock, ctx):
    assert mock.attach_storage_volume(ctx, 'vol1', 'inst0').device == '/dev/sdb'
    assert mock.attach_storage_volume(ctx, 'vol2', 'inst0').device == '/dev/sdc'


def test_attach_to_a_missing_instance(mock, ctx):
    with pytest.raises(errors.ValidationError):
        mock.attach_storage_volume(ctx, 'vol1', 'nope')
    with pytest.raises(errors.NotFound):
        mock.attach_storage_volume(ctx, 'nope', 'inst1')
    assert mock.get_storage_volume(ctx, 'vol1').state == 'AVAILABLE'


def test_snapshots(mock, ctx):
    snapshot = mock.create_storage_snapshot(ctx, 'vol1', name='s', description='d')
    assert (snapshot.id, snapshot.storage_volume_id, snapshot.state, snapshot.name) == (
        'store_snapshot_1', 'vol1', 'COMPLETED', 's')
    with pytest.raises(errors.MissingParameter):
        mock.create_storage_snapshot(ctx, None)
    with pytest.raises(errors.ValidationError):
        mock.create_storage_snapshot(ctx, 'nope')
    mock.destroy_storage_snapshot(ctx, 'snap2')
    assert [s.id for s in mock.list_storage_snapshots(ctx)] == ['snap1', 'snap3', snapshot.id]


def test_buckets(mock, ctx):
    bucket = mock.create_bucket(ctx, 'b3', location='eu')
    assert (bucket.id, bucket.name, bucket.size, bucket.extra) == (
        'b3', 'b3', 0, {'location': 'eu'})
    with pytest.raises(errors.Conflict):
        mock.create_bucket(ctx, 'b3')
    with pytest.raises(errors.ValidationError):
        mock.create_bucket(ctx, 'a/b')
    with pytest.raises(errors.Conflict):
        mock.destroy_bucket(ctx, 'bucket1')  # Deltacloud said BucketNotEmpty
    mock.destroy_bucket(ctx, 'b3')
    with pytest.raises(errors.NotFound):
        mock.destroy_bucket(ctx, 'b3')


def test_blobs(mock, ctx):
    blob = mock.create_blob(ctx, 'bucket2', 'blobx', 'hello blob', 'text/plain', {'author': 'me'})
    assert (blob.content_length, blob.content_type, blob.user_metadata) == (
        10, 'text/plain', {'author': 'me'})
    assert mock.get_bucket(ctx, 'bucket2').blob_ids == ['blob4', 'blob5', 'blobx']
    replaced = mock.create_blob(ctx, 'bucket2', 'blobx', b'\x89PNG')
    assert (replaced.content_length, replaced.content_type) == (4, 'application/octet-stream')
    assert mock.content_blob(ctx, 'bucket2', 'blobx') == b'\x89PNG'
    updated = mock.update_metadata_blob(ctx, 'bucket2', 'blobx', {'v': '2'})
    assert mock.get_blob(ctx, 'bucket2', 'blobx').user_metadata == {'v': '2'} == (
        updated.user_metadata)
    mock.destroy_blob(ctx, 'bucket2', 'blobx')
    assert [b.id for b in mock.list_blobs(ctx, 'bucket2')] == ['blob4', 'blob5']


def test_blobs_of_missing_buckets(mock, ctx):
    with pytest.raises(errors.NotFound):
        mock.list_blobs(ctx, 'nope')
    with pytest.raises(errors.NotFound):
        mock.create_blob(ctx, 'nope', 'x', b'')
    with pytest.raises(errors.NotFound):
        mock.get_blob(ctx, 'bucket1', 'blob4')  # blob4 lives in bucket2
    with pytest.raises(errors.NotFound):
        mock.content_blob(ctx, 'bucket1', 'nope')
