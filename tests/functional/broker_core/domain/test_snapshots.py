"""Storage snapshot records: taken of a placed volume, in its account, read as volumes are."""

import pytest

from broker_core import errors
from broker_core import events
from broker_core import snapshots
from broker_core import volumes


def _volume(world, placed=True):
    volume = volumes.create_reserved(world['alice_ctx'], owner_id=world['alice'],
                                     pool_id=world['pool'], capacity_gb=8)
    if placed:
        volume = volumes.record_placement(world['alice_ctx'], volume['id'], world['account'],
                                          'vol-%s' % volume['id'][:8], state='AVAILABLE',
                                          provider_realm_id='us')
    return volume


def test_a_snapshot_lives_in_its_volume_account_until_deleted(world, admin_context):
    volume = _volume(world)
    pending = snapshots.create_pending(world['alice_ctx'], volume['id'], name='nightly')
    assert (pending['state'], pending['account_id'], pending['owner_id']) == (
        'PENDING', world['account'], world['alice'])
    assert (pending['capacity_gb'], pending['provider_realm_id']) == (8, 'us')
    placed = snapshots.record_placement(world['alice_ctx'], pending['id'], 'snap-1',
                                        state='COMPLETED')
    assert (placed['provider_snapshot_id'], placed['state']) == ('snap-1', 'COMPLETED')
    assert [s['id'] for s in snapshots.list_snapshots(world['alice_ctx'],
                                                      volume_id=volume['id'])] == [placed['id']]
    snapshots.mark_deleted(world['alice_ctx'], placed['id'])
    snapshots.mark_deleted(world['alice_ctx'], placed['id'])
    assert snapshots.list_snapshots(world['alice_ctx']) == []
    assert [e['type'] for e in events.query(admin_context, object_id=placed['id'])] == [
        'snapshot.delete', 'snapshot.place', 'snapshot.create']


def test_a_failed_snapshot_is_history_only(world, admin_context):
    pending = snapshots.create_pending(world['alice_ctx'], _volume(world)['id'])
    failed = snapshots.mark_failed(world['alice_ctx'], pending['id'], 'disk on fire')
    assert (failed['state'], failed['last_error']) == ('ERROR', 'disk on fire')
    assert failed['deleted_at'] is not None
    assert snapshots.list_snapshots(world['alice_ctx']) == []
    assert snapshots.get(admin_context, pending['id'], include_deleted=True)['state'] == 'ERROR'


def test_snapshot_refusals(world, admin_context):
    with pytest.raises(errors.InUse):
        snapshots.create_pending(world['alice_ctx'], _volume(world, placed=False)['id'])
    volume = _volume(world)
    with pytest.raises(errors.ObjectNotFound):
        snapshots.create_pending(world['bob_ctx'], volume['id'])
    mine = snapshots.create_pending(world['alice_ctx'], volume['id'])
    for call in (lambda: snapshots.get(world['bob_ctx'], mine['id']),
                 lambda: snapshots.mark_deleted(world['bob_ctx'], mine['id']),
                 lambda: snapshots.record_placement(world['bob_ctx'], mine['id'], 'x')):
        with pytest.raises(errors.ObjectNotFound):
            call()
    snapshots.record_placement(world['alice_ctx'], mine['id'], 'snap-1')
    other = snapshots.create_pending(world['alice_ctx'], volume['id'])
    with pytest.raises(errors.ObjectExists):
        snapshots.record_placement(world['alice_ctx'], other['id'], 'snap-1')
    with pytest.raises(errors.Invalid):
        snapshots.record_placement(world['alice_ctx'], other['id'], 'snap-2', state='ODD')
    with pytest.raises(errors.Invalid):
        snapshots.create_pending(world['alice_ctx'], volume['id'], description='x' * 2000)
