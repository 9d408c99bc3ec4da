"""Instance records along the launch saga: reservations, placement, failure, deletion, reads."""

import concurrent.futures
import decimal
import threading

from oslo_db import exception as db_exc
import pytest

from broker_core.db import models
from broker_core.db import rows
from broker_core import errors
from broker_core import events
from broker_core import identity
from broker_core import instances
from broker_core import quotas
from tests.functional.broker_core.domain import seeds

HARDWARE = {'cpu': 2, 'memory': 1740.8, 'storage': 160, 'architecture': 'x86_64'}


@pytest.fixture
def world(database, admin_context):
    pool = seeds.add_pool(admin_context)
    names = {'pool': pool, 'account': seeds.add_account(admin_context),
             'image': seeds.add_image(admin_context),
             'alice': seeds.add_user(admin_context, 'alice'),
             'bob': seeds.add_user(admin_context, 'bob')}
    names['alice_ctx'] = seeds.context_of(names['alice'], ('pool_user', pool), name='alice')
    names['bob_ctx'] = seeds.context_of(names['bob'], ('pool_user', pool), name='bob')
    return names


def _launch(world, context=None, owner='alice', **kwargs):
    context = context or world[owner + '_ctx']
    kwargs.setdefault('hardware', HARDWARE)
    return instances.create_reserved(context, owner_id=world[owner], pool_id=world['pool'],
                                     name='web', image_id=world['image'], **kwargs)


def _in_use(admin_context, scope_type, scope_id, resource='instances'):
    return quotas.usage(admin_context, scope_type, scope_id)['resources'][resource]['in_use']


def test_a_launch_reserves_and_records_in_one_step(world, admin_context):
    instance = _launch(world, cost_per_hour='0.085', callback_url='https://example.com/hook')

    assert instance['state'] == 'PENDING' and instance['owner_id'] == world['alice']
    assert (instance['vcpus'], instance['memory_mb'], instance['storage_gb']) == (2, 1741, 160)
    assert instance['hardware'] == HARDWARE
    assert instance['cost_per_hour'] == decimal.Decimal('0.085')
    assert instance['account_id'] is None and instance['provider_instance_id'] is None
    assert [tuple(scope) for scope in instance['quota_scopes']] == [
        ('user', world['alice']), ('pool', world['pool'])]
    for scope_type in ('user', 'pool'):
        scope_id = world['alice'] if scope_type == 'user' else world['pool']
        resources = quotas.usage(admin_context, scope_type, scope_id)['resources']
        assert resources['instances']['in_use'] == 1
        assert resources['memory_mb']['in_use'] == 1741
        assert resources['cost_per_hour']['in_use'] == decimal.Decimal('0.085')
    [event] = events.query(admin_context, type='instance.create')
    assert (event['object_id'], event['pool_id'], event['actor_id']) == (
        instance['id'], world['pool'], world['alice'])


@pytest.mark.parametrize('kwargs, error', [
    ({'pool_id': 'no-such-pool'}, errors.ObjectNotFound),
    ({'image_id': 'no-such-image'}, errors.ObjectNotFound),
    ({'hardware_profile_id': 'no-such-profile'}, errors.ObjectNotFound),
    ({'key_id': 'no-such-key'}, errors.ObjectNotFound),
    ({'account_id': 'no-such-account'}, errors.ObjectNotFound),
    ({'hardware': {'cpu': -1}}, errors.Invalid),
    ({'hardware': {'cpu': 'two'}}, errors.Invalid),
    ({'hardware': {'gpu': 1}}, errors.Invalid),
    ({'hardware': [2]}, errors.Invalid),
    ({'hardware': {'memory': float('inf')}}, errors.Invalid),
    ({'name': 'x' * 256}, errors.Invalid),
    ({'idempotency_key': ''}, errors.Invalid),
    ({'callback_url': 'ftp://example.com'}, errors.Invalid),
    ({'firewall_ids': 'fw-1'}, errors.Invalid),
    ({'cost_per_hour': -1}, errors.Invalid),
])
def test_bad_launches_store_nothing(world, admin_context, kwargs, error):
    kwargs = dict({'owner_id': world['alice'], 'pool_id': world['pool']}, **kwargs)
    with pytest.raises(error):
        instances.create_reserved(admin_context, **kwargs)
    assert seeds.count(admin_context, models.Instance) == 0
    assert set(seeds.usage_rows(admin_context).values()) <= {0}


def test_launching_needs_a_role_on_the_pool_and_an_enabled_pool_and_owner(world, admin_context):
    outsider = seeds.context_of(world['alice'])
    with pytest.raises(errors.NotAuthorized):
        _launch(world, outsider)
    with pytest.raises(errors.NotAuthorized):  # for someone else
        _launch(world, world['bob_ctx'], owner='alice')
    viewer = seeds.context_of(world['alice'], ('viewer', world['pool']))
    with pytest.raises(errors.NotAuthorized):
        _launch(world, viewer)
    identity.set_enabled(admin_context, world['bob'], False)
    with pytest.raises(errors.Invalid):
        _launch(world, owner='bob')
    disabled = seeds.add_pool(admin_context, 'closed', enabled=False)
    with pytest.raises(errors.Invalid):
        instances.create_reserved(admin_context, owner_id=world['alice'], pool_id=disabled)
    assert seeds.count(admin_context, models.Instance) == 0


def test_a_refusal_over_quota_stores_only_an_event(world, admin_context):
    quotas.set_limits(admin_context, 'pool', world['pool'], {'vcpus': 3})
    _launch(world)
    with pytest.raises(errors.QuotaExceeded) as caught:
        _launch(world, owner='bob')
    assert caught.value.kwargs['resource'] == 'vcpus'
    assert seeds.count(admin_context, models.Instance) == 1
    assert _in_use(admin_context, 'user', world['bob']) == 0
    [refusal] = events.query(admin_context, type='instance.create', user_id=world['bob'])
    assert refusal['outcome'] == 'refused' and refusal['object_id'] is None


def test_a_repeated_idempotency_key_returns_the_first_instance(world, admin_context):
    first = _launch(world, idempotency_key='req-1')
    again = _launch(world, idempotency_key='req-1', hardware={'cpu': 8})
    other_owner = _launch(world, owner='bob', idempotency_key='req-1')

    assert again == first
    assert other_owner['id'] != first['id']
    assert _in_use(admin_context, 'user', world['alice']) == 1
    assert _in_use(admin_context, 'pool', world['pool']) == 2


def _race(count, function):
    """Run ``function(i)`` in ``count`` threads released at once; results and errors."""
    barrier = threading.Barrier(count)

    def run(number):
        barrier.wait()
        try:
            return function(number)
        except errors.QuotaExceeded as exc:
            return exc

    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_racing_requests_with_one_key_make_one_instance(world, admin_context):
    results = _race(8, lambda number: _launch(world, seeds.context_of(
        world['alice'], ('pool_user', world['pool'])), idempotency_key='same'))

    assert len({result['id'] for result in results}) == 1
    assert seeds.count(admin_context, models.Instance) == 1
    assert _in_use(admin_context, 'user', world['alice']) == 1
    assert _in_use(admin_context, 'pool', world['pool'], 'vcpus') == 2


def test_a_launch_chosen_as_a_deadlock_victim_runs_again(world, admin_context, monkeypatch):
    reserve, victims = quotas.reserve, []

    def deadlock_once(*args, **kwargs):
        if not victims:
            victims.append(1)
            raise db_exc.DBDeadlock()
        return reserve(*args, **kwargs)

    monkeypatch.setattr(quotas, 'reserve', deadlock_once)
    instance = _launch(world, idempotency_key='once')

    assert victims == [1]
    assert seeds.count(admin_context, models.Instance) == 1
    assert _in_use(admin_context, 'user', world['alice']) == 1
    assert instances.get(admin_context, instance['id'])['state'] == 'PENDING'


def test_64_parallel_launches_against_a_quota_of_10_accept_exactly_10(world, admin_context):
    quotas.set_limits(admin_context, 'pool', world['pool'], {'instances': 10})
    users = [seeds.add_user(admin_context, 'user%02d' % number) for number in range(8)]

    def launch(number):
        owner = users[number % len(users)]
        context = seeds.context_of(owner, ('pool_user', world['pool']))
        return instances.create_reserved(context, owner_id=owner, pool_id=world['pool'],
                                         hardware={'cpu': 1})

    results = _race(64, launch)

    accepted = [result for result in results if isinstance(result, dict)]
    refused = [result for result in results if isinstance(result, errors.QuotaExceeded)]
    assert (len(accepted), len(refused)) == (10, 54)
    assert all(error.kwargs['scope_type'] == 'pool' for error in refused)
    assert seeds.count(admin_context, models.Instance) == 10
    assert _in_use(admin_context, 'pool', world['pool']) == 10
    assert _in_use(admin_context, 'pool', world['pool'], 'vcpus') == 10
    assert sum(_in_use(admin_context, 'user', user) for user in users) == 10

    for instance in accepted:
        instances.mark_deleted(admin_context, instance['id'])
    assert _in_use(admin_context, 'pool', world['pool']) == 0
    assert set(seeds.usage_rows(admin_context).values()) == {0}
    assert quotas.recount(admin_context) == []


def test_placement_moves_the_account_reservation(world, admin_context):
    second = seeds.add_account(admin_context, 'second')
    quotas.set_limits(admin_context, 'account', second, {'instances': 0})
    instance = _launch(world)

    assigned = instances.assign_account(world['alice_ctx'], instance['id'], world['account'])
    assert assigned['account_id'] == world['account']
    assert _in_use(admin_context, 'account', world['account']) == 1
    with pytest.raises(errors.QuotaExceeded):
        instances.assign_account(world['alice_ctx'], instance['id'], second,
                                 cost_per_hour='0.2')
    assert instances.get(admin_context, instance['id'])['cost_per_hour'] is None

    placed = instances.record_placement(
        world['alice_ctx'], instance['id'], world['account'], 'i-123', state='RUNNING',
        provider_state='running', cost_per_hour='0.1', public_addresses=['198.51.100.7'])
    assert (placed['provider_instance_id'], placed['state'], placed['launched_at'] is not None,
            placed['public_addresses']) == ('i-123', 'RUNNING', True, ['198.51.100.7'])
    assert _in_use(admin_context, 'pool', world['pool'], 'cost_per_hour') == decimal.Decimal(
        '0.1')
    assert instances.get_by_provider_id(admin_context, world['account'], 'i-123')['id'] == (
        instance['id'])

    other = _launch(world)
    with pytest.raises(errors.Invalid):
        instances.record_placement(admin_context, other['id'], world['account'], '')
    with pytest.raises(errors.ObjectNotFound):
        instances.record_placement(admin_context, other['id'], 'no-such-account', 'i-9')
    assert instances.get(admin_context, other['id'])['account_id'] is None
    assert [e['type'] for e in events.query(admin_context, object_id=instance['id'])] == [
        'instance.place', 'instance.assign', 'instance.create']

    # The provider hands 'i-123' out again: the instance that had it is gone there.
    instances.record_placement(admin_context, other['id'], world['account'], 'i-123')
    gone = instances.get(admin_context, instance['id'], include_deleted=True)
    assert (gone['state'], gone['provider_instance_id'], gone['quota_scopes']) == (
        'FINISH', None, None)
    assert instances.get_by_provider_id(admin_context, world['account'], 'i-123')['id'] == (
        other['id'])
    assert _in_use(admin_context, 'account', world['account']) == 1


def test_a_failed_launch_gives_its_reservation_back_once(world, admin_context):
    instance = _launch(world)
    failed = instances.mark_failed(world['alice_ctx'], instance['id'], 'provider said no')
    assert (failed['state'], failed['last_error'], failed['quota_scopes']) == (
        'ERROR', 'provider said no', None)
    instances.mark_failed(world['alice_ctx'], instance['id'], 'again')
    with pytest.raises(errors.InUse):  # a failed launch is not placed after all
        instances.record_placement(admin_context, instance['id'], world['account'], 'i-1')
    _launch(world, owner='bob')
    instances.mark_deleted(admin_context, instance['id'])

    assert _in_use(admin_context, 'user', world['alice']) == 0
    assert _in_use(admin_context, 'pool', world['pool']) == 1
    assert len(events.query(admin_context, type='instance.fail')) == 1


def test_deleting_twice_releases_once(world, admin_context):
    instance = _launch(world)
    deleted = instances.mark_deleted(world['alice_ctx'], instance['id'])
    assert deleted['state'] == 'FINISH' and deleted['deleted_at'] is not None
    assert instances.mark_deleted(world['alice_ctx'], instance['id']) == deleted
    assert _in_use(admin_context, 'user', world['alice']) == 0
    with pytest.raises(errors.ObjectNotFound):
        instances.get(world['alice_ctx'], instance['id'])
    assert instances.get(world['alice_ctx'], instance['id'], include_deleted=True) == deleted
    with pytest.raises(errors.ObjectNotFound):
        instances.update_state(admin_context, instance['id'], 'RUNNING')


def test_states_are_checked_and_changes_recorded(world, admin_context):
    instance = _launch(world)
    with pytest.raises(errors.Invalid):
        instances.update_state(admin_context, instance['id'], 'EXPLODED')
    instances.update_state(admin_context, instance['id'], 'RUNNING', provider_state='running')
    instances.update_state(admin_context, instance['id'], 'RUNNING')
    updated = instances.update_state(admin_context, instance['id'], 'ERROR', error='disk')
    assert updated['last_error'] == 'disk' and updated['state_checked_at'] is not None
    assert updated['quota_scopes'] is not None  # it still exists at the provider
    changes = [e['details'] for e in events.query(admin_context, type='instance.state')]
    assert changes == [{'from': 'RUNNING', 'to': 'ERROR'}, {'from': 'PENDING', 'to': 'RUNNING'}]


def test_others_instances_are_not_found_and_cannot_be_touched(world, admin_context):
    mine = _launch(world)
    bob = world['bob_ctx']
    for call in (lambda: instances.get(bob, mine['id']),
                 lambda: instances.mark_deleted(bob, mine['id']),
                 lambda: instances.mark_failed(bob, mine['id'], 'x'),
                 lambda: instances.update_state(bob, mine['id'], 'STOPPED'),
                 lambda: instances.get_by_provider_id(bob, world['account'], 'i-0'),
                 lambda: instances.get(bob, 'no-such-instance')):
        with pytest.raises(errors.ObjectNotFound):
            call()

    viewer = seeds.context_of(world['bob'], ('viewer', world['pool']))
    assert instances.get(viewer, mine['id'])['id'] == mine['id']
    with pytest.raises(errors.NotAuthorized):
        instances.mark_deleted(viewer, mine['id'])
    pool_admin = seeds.context_of(world['bob'], ('pool_admin', world['pool']))
    instances.update_state(pool_admin, mine['id'], 'STOPPED')
    instances.mark_deleted(pool_admin, mine['id'])


def test_lists_filter_and_show_only_what_the_caller_may_see(world, admin_context):
    mine = _launch(world)
    theirs = _launch(world, owner='bob')
    elsewhere = seeds.add_pool(admin_context, 'other')
    far = instances.create_reserved(admin_context, owner_id=world['bob'], pool_id=elsewhere)
    instances.mark_deleted(admin_context, theirs['id'])

    def ids(context, **filters):
        return [i['id'] for i in instances.list_instances(context, **filters)]

    assert ids(admin_context) == [mine['id'], far['id']]
    assert ids(admin_context, include_deleted=True) == [mine['id'], theirs['id'], far['id']]
    assert ids(admin_context, owner_id=world['bob'], include_deleted=True) == [
        theirs['id'], far['id']]
    assert ids(admin_context, pool_id=elsewhere) == [far['id']]
    assert ids(admin_context, state='FINISH', include_deleted=True) == [theirs['id']]
    assert ids(admin_context, account_id=world['account']) == []
    assert ids(admin_context, limit=1) == [mine['id']]
    with pytest.raises(errors.Invalid):
        ids(admin_context, limit=0)
    assert ids(world['alice_ctx']) == [mine['id']]
    assert ids(world['bob_ctx'], include_deleted=True) == [theirs['id'], far['id']]
    assert ids(seeds.context_of(world['alice'], ('viewer', world['pool'])),
               include_deleted=True) == [mine['id'], theirs['id']]
    assert ids(seeds.context_of(world['alice'], 'viewer')) == [mine['id'], far['id']]
    assert ids(seeds.context_of('stranger')) == []


def test_lists_read_in_batches_are_the_records_as_shown_one_by_one(world, admin_context,
                                                                   monkeypatch):
    monkeypatch.setattr(rows, 'BATCH_SIZE', 2)
    launched = [_launch(world, idempotency_key='k%d' % n) for n in range(5)]
    placed = instances.record_placement(admin_context, launched[0]['id'], world['account'],
                                        'i-1', state='RUNNING', public_addresses=['10.0.0.1'])
    listed = instances.list_instances(admin_context)
    assert [record['id'] for record in listed] == [record['id'] for record in launched]
    assert listed == [instances.get(admin_context, record['id']) for record in launched]
    assert listed[0] == placed and listed[0]['hardware'] == HARDWARE
    assert instances.list_instances(admin_context, view=lambda record: record['id'],
                                    limit=3) == [record['id'] for record in launched[:3]]
