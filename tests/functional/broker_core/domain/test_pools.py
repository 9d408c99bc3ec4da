"""Pools: CRUD, placement policy validation and defaults, members and their realms."""

import pytest

from broker_core import discovery
from broker_core import errors
from broker_core import events
from broker_core import pool_members
from broker_core import pools
from tests.functional.broker_core.domain import conftest as fx

POLICY = {'weighers': [{'name': 'price', 'multiplier': 2},
                       {'name': 'error_rate', 'multiplier': -1.5}],
          'filters': ['enabled', 'circuit'], 'choice': 'weighted_random', 'top_k': 2,
          'max_attempts': 4}


def test_pool_lifecycle(database, admin_context):
    created = pools.create_pool(admin_context, 'gold', description='d', policy=POLICY)
    assert created['policy'] == dict(POLICY, weighers=[
        {'name': 'price', 'multiplier': 2.0}, {'name': 'error_rate', 'multiplier': -1.5}])
    assert pools.get_pool(admin_context, created['id']) == created
    assert pools.get_pool_by_name(admin_context, 'gold') == created

    updated = pools.update_pool(admin_context, created['id'], name='silver', enabled=False,
                                policy={'top_k': 1})
    assert (updated['name'], updated['enabled'], updated['policy']) == ('silver', False,
                                                                        {'top_k': 1})
    pools.create_pool(admin_context, 'bronze')
    assert [p['name'] for p in pools.list_pools(admin_context)] == ['bronze', 'silver']
    assert [p['name'] for p in pools.list_pools(admin_context, enabled=True)] == ['bronze']

    pools.delete_pool(admin_context, created['id'])
    with pytest.raises(errors.ObjectNotFound):
        pools.get_pool(admin_context, created['id'])
    assert [e['type'] for e in events.query(admin_context, pool_id=created['id'])] == [
        'pool.delete', 'pool.update', 'pool.create']


def test_missing_policy_keys_come_from_the_configuration(database, conf, admin_context):
    conf.set_override('top_k', 7, group='placement')
    conf.set_override('choice', 'weighted_random', group='placement')
    pool = pools.create_pool(admin_context, 'gold', policy={'max_attempts': 9})

    assert pools.get_policy(admin_context, conf, pool['id']) == {
        'filters': list(pools.KNOWN_FILTERS), 'weighers': [{'name': 'price', 'multiplier': 1.0}],
        'choice': 'weighted_random', 'top_k': 7, 'max_attempts': 9}
    with pytest.raises(errors.ObjectNotFound):
        pools.get_policy(admin_context, conf, 'nope')


@pytest.mark.parametrize('policy, field', [
    ([], 'policy'), ({'colour': 'red'}, 'policy'),
    ({'weighers': 'price'}, 'policy.weighers'),
    ({'weighers': [{'name': 'cheapness'}]}, 'policy.weighers'),
    ({'weighers': [{'name': 'price', 'extra': 1}]}, 'policy.weighers'),
    ({'weighers': [{'name': 'price'}, {'name': 'price'}]}, 'policy.weighers'),
    ({'weighers': [{'name': 'price', 'multiplier': 'x'}]}, 'policy.weighers.price.multiplier'),
    ({'weighers': [{'name': 'price', 'multiplier': float('inf')}]},
     'policy.weighers.price.multiplier'),
    ({'filters': ['nosuch']}, 'policy.filters'), ({'filters': ['realm', 'realm']},
                                                  'policy.filters'),
    ({'filters': 'realm'}, 'policy.filters'),
    ({'choice': 'random'}, 'policy.choice'),
    ({'top_k': 0}, 'policy.top_k'), ({'top_k': '3'}, 'policy.top_k'),
    ({'max_attempts': 0}, 'policy.max_attempts'), ({'max_attempts': -1}, 'policy.max_attempts'),
])
def test_bad_policies_are_refused(database, admin_context, policy, field):
    existing = pools.create_pool(admin_context, 'existing')
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.Invalid) as raised:
        pools.create_pool(admin_context, 'gold', policy=policy)
    assert raised.value.kwargs['field'] == field
    with pytest.raises(errors.Invalid):
        pools.update_pool(admin_context, existing['id'], policy=policy)
    assert fx.row_counts(admin_context) == before
    assert pools.get_pool(admin_context, existing['id']) == existing


@pytest.mark.parametrize('kwargs, field', [
    ({'name': 'Gold'}, 'name'), ({'name': None}, 'name'), ({'enabled': 1}, 'enabled'),
    ({'description': []}, 'description'),
])
def test_bad_pool_fields_are_refused(database, admin_context, kwargs, field):
    with pytest.raises(errors.Invalid) as raised:
        pools.create_pool(admin_context, **dict({'name': 'gold'}, **kwargs))
    assert raised.value.kwargs['field'] == field
    assert pools.list_pools(admin_context) == []


def test_pool_names_are_unique(pool, admin_context):
    other = pools.create_pool(admin_context, 'silver')
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.ObjectExists):
        pools.create_pool(admin_context, 'gold')
    with pytest.raises(errors.ObjectExists):
        pools.update_pool(admin_context, other['id'], name='gold')
    assert fx.row_counts(admin_context) == before


def test_unknown_pools(database, admin_context):
    for call in (pools.get_pool, pools.delete_pool, pools.get_pool_by_name,
                 pool_members.list_members):
        with pytest.raises(errors.ObjectNotFound):
            call(admin_context, 'nope')
    with pytest.raises(errors.ObjectNotFound):
        pools.update_pool(admin_context, 'nope', enabled=True)


def test_a_pool_with_live_instances_is_not_deleted(pool, user_id, admin_context):
    instance_id = fx.add_instance(admin_context, user_id, pool_id=pool['id'])
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.InUse):
        pools.delete_pool(admin_context, pool['id'])
    assert fx.row_counts(admin_context) == before
    fx.mark_deleted(admin_context, instance_id)
    pools.delete_pool(admin_context, pool['id'])


def test_deleting_a_pool_takes_its_members_along(pool, account, admin_context):
    pool_members.add_member(admin_context, pool['id'], account['id'])
    pools.delete_pool(admin_context, pool['id'])
    assert fx.row_counts(admin_context)['pool_members'] == 0


def test_members(pool, account, broker, admin_context):
    discovery.sync_account(admin_context, broker, account['id'])
    member = pool_members.add_member(admin_context, pool['id'], account['id'], realms=['us'])
    assert (member['realms'], member['enabled']) == (['us'], True)
    assert pool_members.list_members(admin_context, pool['id']) == [member]
    assert pool_members.get_member(admin_context, pool['id'], account['id']) == member

    changed = pool_members.update_member(admin_context, pool['id'], account['id'],
                                         realms=None, enabled=False)
    assert (changed['realms'], changed['enabled']) == (None, False)
    assert pool_members.list_members(admin_context, pool['id'], enabled=True) == []

    pool_members.remove_member(admin_context, pool['id'], account['id'])
    assert pool_members.list_members(admin_context, pool['id']) == []
    assert [e['type'] for e in events.query(admin_context, pool_id=pool['id'])][:3] == [
        'pool.member.remove', 'pool.member.update', 'pool.member.add']


def test_member_errors(pool, account, broker, admin_context):
    discovery.sync_account(admin_context, broker, account['id'])
    pool_members.add_member(admin_context, pool['id'], account['id'])
    other = pools.create_pool(admin_context, 'silver')
    before = fx.row_counts(admin_context)

    with pytest.raises(errors.ObjectExists):
        pool_members.add_member(admin_context, pool['id'], account['id'])
    with pytest.raises(errors.ObjectNotFound):
        pool_members.add_member(admin_context, other['id'], 'nope')
    with pytest.raises(errors.ObjectNotFound):
        pool_members.add_member(admin_context, 'nope', account['id'])
    for realms in (['mars'], [], 'us', ['us', 'us'], [5]):
        with pytest.raises(errors.Invalid) as raised:
            pool_members.add_member(admin_context, other['id'], account['id'], realms=realms)
        assert raised.value.kwargs['field'] == 'realms'
        with pytest.raises(errors.Invalid):
            pool_members.update_member(admin_context, pool['id'], account['id'], realms=realms)
    for call in (pool_members.remove_member, pool_members.get_member):
        with pytest.raises(errors.ObjectNotFound):
            call(admin_context, other['id'], account['id'])
    with pytest.raises(errors.ObjectNotFound):
        pool_members.update_member(admin_context, other['id'], account['id'], enabled=False)
    assert fx.row_counts(admin_context) == before
    assert pool_members.get_member(admin_context, pool['id'], account['id'])['realms'] is None


def test_realms_must_be_discovered(pool, account, broker, admin_context):
    with pytest.raises(errors.Invalid):
        pool_members.add_member(admin_context, pool['id'], account['id'], realms=['us'])
    discovery.sync_account(admin_context, broker, account['id'])
    member = pool_members.add_member(admin_context, pool['id'], account['id'],
                                     realms=['us', 'eu'])
    assert member['realms'] == ['us', 'eu']
