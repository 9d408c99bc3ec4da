"""Quota limits, reservations against every scope, releases and recounts, on every backend."""

import decimal

import pytest

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import identity
from broker_core import quotas
from tests.functional.broker_core.domain import seeds

UNLIMITED = dict.fromkeys(quotas.RESOURCES)


@pytest.fixture
def world(database, admin_context):
    names = {'pool': seeds.add_pool(admin_context), 'account': seeds.add_account(admin_context),
             'user': seeds.add_user(admin_context, 'alice'),
             'group': identity.create_group(admin_context, 'ops')['id']}
    identity.add_member(admin_context, names['group'], names['user'])
    return names


@db_api.writer
def _reserve_then_fail(context, scopes, amounts):
    quotas.reserve(context, scopes, amounts)
    raise RuntimeError('the record could not be inserted')


def test_limits_are_set_partially_read_and_deleted(world, admin_context):
    pool = world['pool']
    view = quotas.set_limits(admin_context, 'pool', pool, {'instances': 5, 'cost_per_hour': 2.5})
    assert view['limits'] == dict(UNLIMITED, instances=5,
                                  cost_per_hour=decimal.Decimal('2.5'))
    view = quotas.set_limits(admin_context, 'pool', pool, {'vcpus': 8, 'instances': None})
    assert view['limits'] == dict(UNLIMITED, vcpus=8, cost_per_hour=decimal.Decimal('2.5'))
    assert quotas.get_limits(admin_context, 'pool', pool) == view
    assert quotas.list_limits(admin_context, 'pool') == [view]
    assert quotas.list_limits(admin_context, 'user') == []

    quotas.delete_limits(admin_context, 'pool', pool)
    with pytest.raises(errors.ObjectNotFound):
        quotas.get_limits(admin_context, 'pool', pool)
    with pytest.raises(errors.ObjectNotFound):
        quotas.delete_limits(admin_context, 'pool', pool)
    assert [e['type'] for e in events.query(admin_context, object_id=pool)] == [
        'quota.delete', 'quota.set', 'quota.set']
    assert events.query(admin_context, object_id=pool)[-1]['pool_id'] == pool


@pytest.mark.parametrize('limits, field', [
    ({'instances': -1}, 'instances'), ({'cost_per_hour': '-0.5'}, 'cost_per_hour'),
    ({'vcpus': 1.5}, 'vcpus'), ({'memory_mb': 'lots'}, 'memory_mb'),
    ({'storage_gb': True}, 'storage_gb'), ({'instances': float('nan')}, 'instances'),
    ({'instances': 2 ** 31}, 'instances'), ({'cost_per_hour': 10 ** 8}, 'cost_per_hour'),
    ({'gpus': 1}, 'resource'), ('instances=1', 'limits'),
])
def test_bad_limits_are_invalid_naming_the_resource(world, admin_context, limits, field):
    with pytest.raises(errors.Invalid) as caught:
        quotas.set_limits(admin_context, 'user', world['user'], limits)
    assert caught.value.kwargs['field'] == field
    assert quotas.list_limits(admin_context) == []


def test_scopes_must_exist_and_only_admins_set_limits(world, admin_context):
    with pytest.raises(errors.Invalid):
        quotas.set_limits(admin_context, 'planet', world['user'], {'instances': 1})
    for scope_type in quotas.SCOPE_TYPES:
        with pytest.raises(errors.ObjectNotFound):
            quotas.set_limits(admin_context, scope_type, 'no-such-id', {'instances': 1})
    alice = seeds.context_of(world['user'], ('pool_admin', world['pool']))
    with pytest.raises(errors.NotAuthorized):
        quotas.set_limits(alice, 'pool', world['pool'], {'instances': 100})
    with pytest.raises(errors.NotAuthorized):
        quotas.recount(alice)
    assert quotas.list_limits(admin_context) == []


def test_scopes_of_a_record(world, admin_context):
    second = identity.create_group(admin_context, 'devs')['id']
    identity.add_member(admin_context, second, world['user'])
    scopes = quotas.scopes_for(admin_context, world['user'], world['pool'], world['account'])
    assert scopes[0] == ('user', world['user'])
    assert sorted(scopes[1:3]) == sorted([('group', world['group']), ('group', second)])
    assert scopes[3:] == [('pool', world['pool']), ('account', world['account'])]
    assert quotas.scopes_for(admin_context, world['user'], None) == scopes[:3]


def test_a_reservation_checks_every_scope_and_adds_all_or_nothing(world, admin_context):
    scopes = quotas.scopes_for(admin_context, world['user'], world['pool'], world['account'])
    quotas.set_limits(admin_context, 'group', world['group'], {'vcpus': 4})
    quotas.set_limits(admin_context, 'account', world['account'], {'memory_mb': 4096})

    quotas.reserve(admin_context, scopes, {'instances': 1, 'vcpus': 3, 'memory_mb': 2048})
    with pytest.raises(errors.QuotaExceeded) as caught:
        quotas.reserve(admin_context, scopes, {'instances': 1, 'vcpus': 2, 'memory_mb': 1024})
    assert caught.value.kwargs == {'scope_type': 'group', 'scope_id': world['group'],
                                   'resource': 'vcpus', 'wanted': 5, 'limit': 4}
    assert "group '%s': vcpus would be 5 of 4" % world['group'] in caught.value.message
    with pytest.raises(errors.QuotaExceeded) as caught:
        quotas.reserve(admin_context, scopes, {'memory_mb': 4096})
    assert caught.value.kwargs['scope_type'] == 'account'

    for scope_type, scope_id in scopes:
        resources = quotas.usage(admin_context, scope_type, scope_id)['resources']
        assert (resources['instances']['in_use'], resources['vcpus']['in_use'],
                resources['memory_mb']['in_use']) == (1, 3, 2048)
    assert quotas.usage(admin_context, 'group', world['group'])['resources']['vcpus'] == {
        'limit': 4, 'in_use': 3}


def test_a_failed_transaction_keeps_nothing_of_its_reservation(world, admin_context):
    scopes = [('user', world['user']), ('pool', world['pool'])]
    quotas.ensure_usage(admin_context, scopes)
    with pytest.raises(RuntimeError):
        _reserve_then_fail(admin_context, scopes, {'instances': 1})
    assert set(seeds.usage_rows(admin_context).values()) == {0}


def test_users_without_a_quota_get_the_configured_defaults(world, admin_context, conf):
    conf.set_override('instances', 1, 'quota')
    defaults = quotas.defaults_from(conf)
    assert defaults == dict(UNLIMITED, instances=1)
    scopes = [('user', world['user'])]

    quotas.reserve(admin_context, scopes, {'instances': 1}, defaults)
    with pytest.raises(errors.QuotaExceeded):
        quotas.reserve(admin_context, scopes, {'instances': 1}, defaults)
    assert quotas.usage(admin_context, 'user', world['user'], defaults)['resources'][
        'instances'] == {'limit': 1, 'in_use': 1}
    quotas.set_limits(admin_context, 'user', world['user'], {'vcpus': 2})  # own quota wins
    quotas.reserve(admin_context, scopes, {'instances': 1}, defaults)


def test_release_never_goes_below_zero(world, admin_context, caplog):
    scopes = [('pool', world['pool'])]
    quotas.reserve(admin_context, scopes, {'instances': 2, 'cost_per_hour': '0.25'})
    quotas.release(admin_context, scopes, {'instances': 3, 'cost_per_hour': '0.5'})
    quotas.release(admin_context, [('user', world['user'])], {'instances': 1})  # no row yet
    resources = quotas.usage(admin_context, 'pool', world['pool'])['resources']
    assert resources['instances']['in_use'] == 0
    assert resources['cost_per_hour']['in_use'] == 0
    assert 'below zero' in caplog.text


@pytest.mark.parametrize('amounts, field', [
    ({'instances': -1}, 'instances'), ({'widgets': 1}, 'resource'), ([1], 'amounts'),
])
def test_bad_amounts_are_invalid(world, admin_context, amounts, field):
    with pytest.raises(errors.Invalid) as caught:
        quotas.reserve(admin_context, [('pool', world['pool'])], amounts)
    assert caught.value.kwargs['field'] == field
    with pytest.raises(errors.Invalid):
        quotas.reserve(admin_context, [('planet', 'x')], {'instances': 1})


def test_a_move_only_checks_what_grows(world, admin_context):
    other = seeds.add_account(admin_context, 'other')
    quotas.set_limits(admin_context, 'pool', world['pool'], {'instances': 1})
    quotas.set_limits(admin_context, 'account', other, {'instances': 0})
    held = [('pool', world['pool']), ('account', world['account'])]
    quotas.reserve(admin_context, held, {'instances': 1})

    with pytest.raises(errors.QuotaExceeded):
        quotas.move(admin_context, held, {'instances': 1},
                    [('pool', world['pool']), ('account', other)], {'instances': 1})
    quotas.set_limits(admin_context, 'account', other, {'instances': 1})
    quotas.move(admin_context, held, {'instances': 1},
                [('pool', world['pool']), ('account', other)], {'instances': 1})
    usage = seeds.usage_rows(admin_context)
    assert usage[('pool', world['pool'], 'instances')] == 1
    assert usage[('account', world['account'], 'instances')] == 0
    assert usage[('account', other, 'instances')] == 1


@db_api.writer
def _add_held_instance(context, owner_id, pool_id, scopes, vcpus):
    context.session.add(models.Instance(owner_id=owner_id, pool_id=pool_id, vcpus=vcpus,
                                        quota_scopes=[list(scope) for scope in scopes]))


def test_recount_rebuilds_usage_from_the_records(world, admin_context):
    scopes = [('user', world['user']), ('pool', world['pool'])]
    _add_held_instance(admin_context, world['user'], world['pool'], scopes, 2)
    _add_held_instance(admin_context, world['user'], world['pool'], scopes[:1], 1)
    quotas.reserve(admin_context, [('account', world['account'])], {'instances': 7})

    changed = quotas.recount(admin_context)

    assert len(changed) == 5
    usage = seeds.usage_rows(admin_context)
    assert usage[('user', world['user'], 'instances')] == 2
    assert usage[('user', world['user'], 'vcpus')] == 3
    assert usage[('pool', world['pool'], 'vcpus')] == 2
    assert usage[('account', world['account'], 'instances')] == 0
    assert quotas.recount(admin_context) == []
    assert len(events.query(admin_context, type='quota.recount')) == 2


def test_who_reads_which_usage(world, admin_context):
    alice = seeds.context_of(world['user'])
    assert quotas.usage(alice, 'user', world['user'])['scope_id'] == world['user']
    for scope_type in ('pool', 'group', 'account'):
        with pytest.raises(errors.NotAuthorized):
            quotas.usage(alice, scope_type, world[scope_type])
    pool_admin = seeds.context_of(world['user'], ('pool_admin', world['pool']))
    assert quotas.usage(pool_admin, 'pool', world['pool'])['resources']['instances'] == {
        'limit': None, 'in_use': 0}
    with pytest.raises(errors.ObjectNotFound):
        quotas.usage(admin_context, 'pool', 'no-such-pool')
