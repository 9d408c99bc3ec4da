"""Role grants, roles held through groups, and the contexts authorize decides on."""

import pytest

from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import identity
from broker_core import policy
from broker_core import roles
from tests.functional.broker_core.domain import seeds

PASSWORD = 'a long enough password'


@pytest.fixture
def world(database, admin_context):
    """Two pools, a user in a group, and an outsider."""
    names = {'gold': seeds.add_pool(admin_context, 'gold'),
             'silver': seeds.add_pool(admin_context, 'silver')}
    names['alice'] = seeds.add_user(admin_context, 'alice')
    names['bob'] = seeds.add_user(admin_context, 'bob')
    names['ops'] = identity.create_group(admin_context, 'ops')['id']
    identity.add_member(admin_context, names['ops'], names['alice'])
    return names


def test_roles_come_directly_and_through_groups(world, admin_context):
    roles.grant_role(admin_context, 'pool_user', user_id=world['alice'], pool_id=world['gold'])
    roles.grant_role(admin_context, 'pool_admin', group_id=world['ops'], pool_id=world['silver'])
    roles.grant_role(admin_context, 'viewer', group_id=world['ops'])

    assert roles.roles_for(admin_context, world['alice']) == {
        ('pool_user', world['gold']), ('pool_admin', world['silver']), ('viewer', None)}
    assert roles.roles_for(admin_context, world['bob']) == frozenset()

    identity.set_password(admin_context, world['alice'], PASSWORD)
    context = roles.authenticated_context(admin_context, 'Alice', PASSWORD, request_id='req-1')
    assert (context.user_id, context.user_name, context.request_id) == (
        world['alice'], 'alice', 'req-1')
    assert not context.is_admin
    gold, silver = {'pool_id': world['gold']}, {'pool_id': world['silver']}
    policy.authorize(context, 'pool:use', gold)
    policy.authorize(context, 'pool:update', silver)      # through the group
    policy.authorize(context, 'instance:read', {'pool_id': world['gold'],
                                                'owner_id': world['bob']})  # viewer, global
    for action, target in (('pool:update', gold), ('pool:delete', silver),
                           ('instance:act', {'pool_id': world['gold'],
                                             'owner_id': world['bob']})):
        with pytest.raises(errors.NotAuthorized):
            policy.authorize(context, action, target)

    identity.remove_member(admin_context, world['ops'], world['alice'])
    context = roles.user_context(admin_context, identity.get_user(admin_context, world['alice']))
    assert not policy.is_allowed(context, 'pool:update', silver)


def test_an_admin_grant_through_a_group_makes_an_admin(world, admin_context):
    roles.grant_role(admin_context, 'admin', group_id=world['ops'])
    context = roles.user_context(admin_context, identity.get_user(admin_context, world['alice']))
    assert context.is_admin
    policy.authorize(context, 'provider:delete')


@pytest.mark.parametrize('kwargs, field', [
    ({'role': 'root', 'user_id': 'x'}, 'role'),
    ({'role': 'viewer'}, 'grantee'),
    ({'role': 'viewer', 'user_id': 'x', 'group_id': 'y'}, 'grantee'),
    ({'role': 'admin', 'user_id': 'x', 'pool_id': 'p'}, 'pool_id'),
])
def test_malformed_grants_are_invalid(world, admin_context, kwargs, field):
    kwargs = dict(kwargs)  # the parameters are shared by every backend's run
    role = kwargs.pop('role')
    with pytest.raises(errors.Invalid) as caught:
        roles.grant_role(admin_context, role, **kwargs)
    assert caught.value.kwargs['field'] == field


def test_grants_of_unknown_things_or_twice_store_nothing(world, admin_context):
    for kwargs in ({'user_id': 'no-user'}, {'group_id': 'no-group'},
                   {'user_id': world['bob'], 'pool_id': 'no-pool'}):
        with pytest.raises(errors.ObjectNotFound):
            roles.grant_role(admin_context, 'viewer', **kwargs)
    roles.grant_role(admin_context, 'viewer', user_id=world['bob'])
    roles.grant_role(admin_context, 'viewer', user_id=world['bob'], pool_id=world['gold'])
    for pool_id in (None, world['gold']):
        with pytest.raises(errors.ObjectExists):
            roles.grant_role(admin_context, 'viewer', user_id=world['bob'], pool_id=pool_id)
    assert seeds.count(admin_context, models.RoleGrant) == 2
    assert len(events.query(admin_context, type='role.grant')) == 2


def test_pool_admins_manage_users_of_their_own_pool_only(world, admin_context):
    roles.grant_role(admin_context, 'pool_admin', user_id=world['alice'], pool_id=world['gold'])
    manager = seeds.context_of(world['alice'], ('pool_admin', world['gold']))

    grant = roles.grant_role(manager, 'pool_user', user_id=world['bob'], pool_id=world['gold'])
    for role, pool in (('pool_admin', world['gold']), ('pool_user', world['silver']),
                       ('viewer', None), ('admin', None)):
        with pytest.raises(errors.NotAuthorized):
            roles.grant_role(manager, role, user_id=world['bob'], pool_id=pool)
    assert [g['id'] for g in roles.list_grants(manager, pool_id=world['gold'])] == [
        roles.list_grants(admin_context, user_id=world['alice'])[0]['id'], grant['id']]
    with pytest.raises(errors.NotAuthorized):
        roles.list_grants(manager)
    roles.revoke_role(manager, grant['id'])
    assert roles.roles_for(admin_context, world['bob']) == frozenset()
    [own] = roles.list_grants(manager, pool_id=world['gold'])
    with pytest.raises(errors.NotAuthorized):
        roles.revoke_role(manager, own['id'])  # its own pool_admin grant


def test_users_see_their_own_grants_only(world, admin_context):
    mine = roles.grant_role(admin_context, 'pool_user', user_id=world['bob'],
                            pool_id=world['gold'])
    theirs = roles.grant_role(admin_context, 'pool_user', user_id=world['alice'],
                              pool_id=world['gold'])
    bob = seeds.context_of(world['bob'], ('pool_user', world['gold']))

    assert roles.list_grants(bob, user_id=world['bob']) == [mine]
    assert roles.get_grant(bob, mine['id']) == mine
    with pytest.raises(errors.ObjectNotFound):
        roles.get_grant(bob, theirs['id'])
    with pytest.raises(errors.NotAuthorized):
        roles.list_grants(bob, user_id=world['alice'])
    with pytest.raises(errors.ObjectNotFound):
        roles.revoke_role(bob, theirs['id'])
    with pytest.raises(errors.NotAuthorized):
        roles.revoke_role(bob, mine['id'])
    with pytest.raises(errors.ObjectNotFound):
        roles.revoke_role(admin_context, 'no-such-grant')
    assert [e['type'] for e in events.query(admin_context, type='role.revoke')] == []


def test_deleting_a_group_takes_its_grants(world, admin_context):
    roles.grant_role(admin_context, 'viewer', group_id=world['ops'])
    identity.delete_group(admin_context, world['ops'])
    assert roles.list_grants(admin_context) == []
    assert roles.roles_for(admin_context, world['alice']) == frozenset()
