"""Load balancer records and their members: live instances of the owner, once each."""

import pytest

from broker_core import errors
from broker_core import events
from broker_core import instances
from broker_core import load_balancers
from tests.functional.broker_core.domain import conftest as domain

HTTP = {'protocol': 'http', 'load_balancer_port': 80, 'instance_port': 8080}


def _balancer(world, user='alice'):
    context = world[user + '_ctx']
    balancer = load_balancers.create_pending(context, owner_id=world[user],
                                             pool_id=world['pool'], name='web',
                                             listeners=[HTTP])
    return load_balancers.record_placement(context, balancer['id'], world['account'],
                                           'lb-' + balancer['id'][:8], provider_realm_id='us',
                                           public_addresses=['web.lb.example.com'])


def _instance(admin_context, world, user='alice'):
    return domain.add_instance(admin_context, world[user], pool_id=world['pool'],
                               account_id=world['account'], state='RUNNING')


def test_a_balancer_is_recorded_placed_and_deleted(world, admin_context):
    pending = load_balancers.create_pending(world['alice_ctx'], owner_id=world['alice'],
                                            pool_id=world['pool'], name='web',
                                            listeners=[HTTP])
    assert (pending['state'], pending['account_id'], pending['instance_ids']) == (
        'PENDING', None, [])
    assert pending['listeners'] == [dict(HTTP, protocol='HTTP')]
    placed = load_balancers.record_placement(world['alice_ctx'], pending['id'],
                                             world['account'], 'lb-1', provider_realm_id='us',
                                             public_addresses=['web.lb.example.com'])
    assert (placed['state'], placed['provider_load_balancer_id'], placed['provider_realm_id'],
            placed['public_addresses']) == ('AVAILABLE', 'lb-1', 'us', ['web.lb.example.com'])
    assert [b['id'] for b in load_balancers.list_load_balancers(world['alice_ctx'])] == [
        placed['id']]
    load_balancers.mark_deleted(world['alice_ctx'], placed['id'])
    load_balancers.mark_deleted(world['alice_ctx'], placed['id'])
    assert load_balancers.list_load_balancers(world['alice_ctx']) == []
    with pytest.raises(errors.ObjectNotFound):
        load_balancers.get(world['alice_ctx'], placed['id'])
    assert [e['type'] for e in events.query(admin_context, object_id=placed['id'])] == [
        'load_balancer.delete', 'load_balancer.place', 'load_balancer.create']


def test_members_are_live_instances_of_the_owner_once_each(world, admin_context):
    balancer = _balancer(world)
    first, second = _instance(admin_context, world), _instance(admin_context, world)
    load_balancers.add_member(world['alice_ctx'], balancer['id'], first)
    load_balancers.add_member(world['alice_ctx'], balancer['id'], second)
    again = load_balancers.add_member(world['alice_ctx'], balancer['id'], first)
    assert again['instance_ids'] == [first, second]
    with pytest.raises(errors.ObjectNotFound):
        load_balancers.add_member(world['alice_ctx'], balancer['id'],
                                  _instance(admin_context, world, user='bob'))
    removed = load_balancers.remove_member(world['alice_ctx'], balancer['id'], first)
    assert removed['instance_ids'] == [second]
    with pytest.raises(errors.Invalid):
        load_balancers.remove_member(world['alice_ctx'], balancer['id'], first)
    # An instance closed (destroyed or vanished) is let go in the same transaction.
    closed = instances.mark_deleted(admin_context, second)
    assert load_balancers.get(world['alice_ctx'], balancer['id'])['instance_ids'] == []
    newest = events.query(admin_context, object_id=balancer['id'],
                          type='load_balancer.unregister')[0]
    assert newest['details'] == {'instance_id': closed['id'], 'reason': 'instance gone'}


def test_a_deleted_balancer_lets_its_members_go(world, admin_context):
    balancer = _balancer(world)
    instance = _instance(admin_context, world)
    load_balancers.add_member(world['alice_ctx'], balancer['id'], instance)
    closed = load_balancers.mark_deleted(world['alice_ctx'], balancer['id'])
    assert closed['instance_ids'] == []
    assert instances.mark_deleted(admin_context, instance)['state'] == 'FINISH'


def test_a_failed_balancer_is_history_only(world, admin_context):
    pending = load_balancers.create_pending(world['alice_ctx'], owner_id=world['alice'],
                                            pool_id=world['pool'], name='web',
                                            listeners=[HTTP])
    failed = load_balancers.mark_failed(world['alice_ctx'], pending['id'], 'no account')
    assert (failed['state'], failed['last_error']) == ('ERROR', 'no account')
    assert failed['deleted_at'] is not None
    assert load_balancers.list_load_balancers(world['alice_ctx']) == []


@pytest.mark.parametrize('name, listeners', [
    (None, [HTTP]), ('', [HTTP]), ('web', []), ('web', None),
    ('web', [dict(HTTP, protocol='GOPHER')]), ('web', [dict(HTTP, load_balancer_port=0)]),
    ('web', [dict(HTTP, instance_port='80')]), ('web', [dict(HTTP, instance_port=70000)]),
    ('web', ['HTTP:80']),
])
def test_bad_balancers_are_refused_and_record_nothing(world, admin_context, name, listeners):
    with pytest.raises(errors.Invalid):
        load_balancers.create_pending(world['alice_ctx'], owner_id=world['alice'],
                                      pool_id=world['pool'], name=name, listeners=listeners)
    assert load_balancers.list_load_balancers(admin_context, include_deleted=True) == []


def test_other_users_balancers_are_not_found(world, admin_context):
    balancer = _balancer(world)
    bobs = _instance(admin_context, world, user='bob')
    for call, args in ((load_balancers.get, (balancer['id'],)),
                       (load_balancers.mark_deleted, (balancer['id'],)),
                       (load_balancers.add_member, (balancer['id'], bobs)),
                       (load_balancers.remove_member, (balancer['id'], bobs))):
        with pytest.raises(errors.ObjectNotFound):
            call(world['bob_ctx'], *args)
    assert load_balancers.list_load_balancers(world['bob_ctx']) == []
