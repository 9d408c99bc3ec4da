"""Users, groups, memberships and logging in, on every backend."""

import logging

import pytest

from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import identity
from broker_core import instances
from broker_core import passwords
from broker_core import quotas
from tests.functional.broker_core.domain import seeds

PASSWORD = 'Tr0ub4dor&3-horse'


def test_a_user_is_created_lowercase_and_shown_without_its_hash(database, admin_context):
    user = identity.create_user(admin_context, '  Alice ', PASSWORD, description='ops')

    assert user['name'] == 'alice' and user['enabled'] and user['description'] == 'ops'
    assert 'password_hash' not in user
    assert identity.get_user(admin_context, user['id']) == user
    assert identity.get_user_by_name(admin_context, 'ALICE') == user
    assert identity.list_users(admin_context) == [user]
    [event] = events.query(admin_context, type='user.create')
    assert event['object_id'] == user['id'] and event['details']['can_log_in'] is True


def test_names_are_unique_whatever_their_case(database, admin_context):
    identity.create_user(admin_context, 'bob')
    with pytest.raises(errors.ObjectExists):
        identity.create_user(admin_context, 'BOB')
    assert len(identity.list_users(admin_context)) == 1


@pytest.mark.parametrize('name', ['', '1abc', 'a b', 'x' * 65, None, 'ünï', 'a/b'])
def test_malformed_names_are_invalid(database, admin_context, name):
    with pytest.raises(errors.Invalid) as caught:
        identity.create_user(admin_context, name)
    assert caught.value.kwargs['field'] == 'name'
    with pytest.raises(errors.Invalid):
        identity.create_group(admin_context, name)
    assert seeds.count(admin_context, models.User) == 0


def test_a_short_password_is_refused_and_nothing_is_stored(database, admin_context):
    with pytest.raises(errors.Invalid) as caught:
        identity.create_user(admin_context, 'carol', 'short')
    assert caught.value.kwargs['field'] == 'password'
    assert identity.list_users(admin_context) == []
    assert events.query(admin_context) == []


def test_authentication_accepts_the_right_password_only(database, admin_context):
    user = identity.create_user(admin_context, 'dave', PASSWORD)
    assert identity.authenticate(admin_context, 'Dave', PASSWORD) == user

    refusals = []
    for name, password in (('dave', PASSWORD + 'x'), ('nobody', PASSWORD), ('dave', None),
                           (None, PASSWORD), ('dave', ''), ('d ave', PASSWORD)):
        with pytest.raises(errors.NotAuthenticated) as caught:
            identity.authenticate(admin_context, name, password)
        refusals.append((type(caught.value), caught.value.message))
    assert set(refusals) == {(errors.NotAuthenticated, 'Unauthorized')}


def test_disabled_users_and_users_without_password_cannot_log_in(database, admin_context):
    user = identity.create_user(admin_context, 'erin', PASSWORD)
    identity.create_user(admin_context, 'frank')
    identity.set_enabled(admin_context, user['id'], False)

    for name in ('erin', 'frank'):
        with pytest.raises(errors.NotAuthenticated):
            identity.authenticate(admin_context, name, PASSWORD)
    identity.set_enabled(admin_context, user['id'], True)
    assert identity.authenticate(admin_context, 'erin', PASSWORD)['id'] == user['id']
    assert [e['type'] for e in events.query(admin_context, object_id=user['id'])] == [
        'user.enable', 'user.disable', 'user.create']


def test_an_unknown_user_costs_the_same_kdf_as_a_wrong_password(
        database, admin_context, monkeypatch):
    identity.create_user(admin_context, 'gina', PASSWORD)
    passwords._dummy_hash()
    calls = []
    real_kdf = passwords._kdf
    monkeypatch.setattr(passwords, '_kdf', lambda *args: calls.append(args) or real_kdf(*args))

    for name in ('gina', 'nobody', 'not a name!'):
        with pytest.raises(errors.NotAuthenticated):
            identity.authenticate(admin_context, name, 'wrong password')
    assert len(calls) == 3
    assert len({args[2:] for args in calls}) == 1  # the same cost parameters every time


def test_users_change_their_own_password_proving_the_current_one(database, admin_context):
    user = identity.create_user(admin_context, 'hank', PASSWORD)
    own = seeds.context_of(user['id'])
    new = 'a whole new passphrase'

    with pytest.raises(errors.NotAuthenticated):
        identity.set_password(own, user['id'], new, current_password='wrong')
    identity.set_password(own, user['id'], new, current_password=PASSWORD)
    assert identity.authenticate(admin_context, 'hank', new)['id'] == user['id']

    other = identity.create_user(admin_context, 'ivan')
    with pytest.raises(errors.NotAuthorized):
        identity.set_password(own, other['id'], new, current_password=new)
    identity.set_password(admin_context, user['id'], None)  # an admin resets without proof
    with pytest.raises(errors.NotAuthenticated):
        identity.authenticate(admin_context, 'hank', new)


def test_users_see_themselves_but_others_are_not_found(database, admin_context):
    me = identity.create_user(admin_context, 'judy')
    other = identity.create_user(admin_context, 'kim')
    own = seeds.context_of(me['id'])

    assert identity.get_user(own, me['id'])['name'] == 'judy'
    with pytest.raises(errors.ObjectNotFound):
        identity.get_user(own, other['id'])
    with pytest.raises(errors.ObjectNotFound):
        identity.get_user_by_name(own, 'kim')
    with pytest.raises(errors.NotAuthorized):
        identity.list_users(own)
    with pytest.raises(errors.NotAuthorized):
        identity.update_user(own, me['id'], description='mine')
    with pytest.raises(errors.NotAuthorized):
        identity.create_user(own, 'sneaky')
    assert len(identity.list_users(seeds.context_of(me['id'], 'viewer'))) == 2


def test_update_rejects_bad_values_and_records_only_changes(database, admin_context):
    user = identity.create_user(admin_context, 'lena')
    with pytest.raises(errors.Invalid):
        identity.update_user(admin_context, user['id'], enabled='yes')
    with pytest.raises(errors.Invalid):
        identity.update_user(admin_context, user['id'], description='x' * 5000)
    with pytest.raises(errors.ObjectNotFound):
        identity.update_user(admin_context, 'no-such-id', description='x')
    identity.update_user(admin_context, user['id'], description='d')
    identity.update_user(admin_context, user['id'], description='d')
    assert [e['type'] for e in events.query(admin_context, object_id=user['id'])] == [
        'user.update', 'user.create']


def test_delete_user_takes_its_quota_but_not_a_user_with_records(database, admin_context):
    user = identity.create_user(admin_context, 'mike')
    quotas.set_limits(admin_context, 'user', user['id'], {'instances': 3})
    identity.delete_user(admin_context, user['id'])
    assert quotas.list_limits(admin_context) == []
    with pytest.raises(errors.ObjectNotFound):
        identity.delete_user(admin_context, user['id'])

    owner = identity.create_user(admin_context, 'nina')
    pool = seeds.add_pool(admin_context)
    instance = instances.create_reserved(admin_context, owner_id=owner['id'], pool_id=pool)
    instances.mark_deleted(admin_context, instance['id'])
    with pytest.raises(errors.InUse):
        identity.delete_user(admin_context, owner['id'])
    assert identity.get_user(admin_context, owner['id'])


def test_groups_and_memberships(database, admin_context):
    ops = identity.create_group(admin_context, 'Ops', description='operators')
    dev = identity.create_group(admin_context, 'dev')
    alice = identity.create_user(admin_context, 'alice')
    bob = identity.create_user(admin_context, 'bob')
    assert ops['name'] == 'ops'
    with pytest.raises(errors.ObjectExists):
        identity.create_group(admin_context, 'OPS')

    identity.add_member(admin_context, ops['id'], alice['id'])
    identity.add_member(admin_context, ops['id'], bob['id'])
    identity.add_member(admin_context, dev['id'], alice['id'])
    with pytest.raises(errors.ObjectExists):
        identity.add_member(admin_context, ops['id'], alice['id'])
    with pytest.raises(errors.ObjectNotFound):
        identity.add_member(admin_context, ops['id'], 'no-such-user')
    with pytest.raises(errors.ObjectNotFound):
        identity.add_member(admin_context, 'no-such-group', alice['id'])

    assert [u['name'] for u in identity.list_members(admin_context, ops['id'])] == [
        'alice', 'bob']
    assert [g['name'] for g in identity.groups_of(seeds.context_of(alice['id']),
                                                  alice['id'])] == ['dev', 'ops']
    identity.remove_member(admin_context, ops['id'], bob['id'])
    with pytest.raises(errors.ObjectNotFound):
        identity.remove_member(admin_context, ops['id'], bob['id'])
    assert identity.groups_of(admin_context, bob['id']) == []

    assert identity.update_group(admin_context, dev['id'], description='devs')[
        'description'] == 'devs'
    assert identity.get_group_by_name(admin_context, 'DEV')['id'] == dev['id']
    identity.delete_group(admin_context, dev['id'])
    assert [g['name'] for g in identity.list_groups(admin_context)] == ['ops']
    with pytest.raises(errors.ObjectNotFound):
        identity.get_group(admin_context, dev['id'])
    with pytest.raises(errors.NotAuthorized):
        identity.list_groups(seeds.context_of(alice['id']))
    assert {e['type'] for e in events.query(admin_context, object_type='group')} == {
        'group.create', 'group.member_add', 'group.member_remove', 'group.update',
        'group.delete'}


def test_a_password_never_leaves_the_broker(database, admin_context, caplog):
    caplog.set_level(logging.DEBUG)
    secret = 'Sup3r-Secret-Passphrase'
    returned = [identity.create_user(admin_context, 'olga', secret)]
    user_id = returned[0]['id']
    returned.append(identity.authenticate(admin_context, 'olga', secret))
    with pytest.raises(errors.NotAuthenticated) as wrong:
        identity.authenticate(admin_context, 'olga', secret + '!')
    with pytest.raises(errors.NotAuthenticated) as unknown:
        identity.authenticate(admin_context, secret, secret)  # a password typed as the name
    identity.set_password(seeds.context_of(user_id), user_id, secret[::-1],
                          current_password=secret)
    with pytest.raises(errors.Invalid) as short:
        identity.set_password(admin_context, user_id, 'Sup3r')
    returned += [identity.get_user(admin_context, user_id), identity.list_users(admin_context),
                 events.query(admin_context)]

    seen = repr(returned) + caplog.text + ''.join(
        repr(error.value.args) + repr(error.value.kwargs) for error in (wrong, unknown, short))
    for text in (secret, secret[::-1], secret.lower(), 'Sup3r'):
        assert text not in seen
    assert 'password_hash' not in repr(returned) and '$scrypt$' not in seen
