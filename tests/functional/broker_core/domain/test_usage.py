"""Instance-hours and cost over time ranges: partial overlaps, running and failed instances."""

import datetime
import decimal

import pytest

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core import errors
from broker_core import usage
from tests.functional.broker_core.domain import seeds

T0 = datetime.datetime(2026, 1, 1)


def _at(hours):
    return T0 + datetime.timedelta(hours=hours)


@db_api.writer
def _add(context, owner_id, pool_id, start, end=None, *, launched=True, state='RUNNING',
         cost=None, account_id=None, profile_id=None):
    context.session.add(models.Instance(
        owner_id=owner_id, pool_id=pool_id, account_id=account_id,
        hardware_profile_id=profile_id, created_at=_at(start) - datetime.timedelta(minutes=5),
        launched_at=_at(start) if launched else None, deleted_at=None if end is None
        else _at(end), state=state, cost_per_hour=cost))


@db_api.writer
def _add_profile(context, name):
    profile = models.HardwareProfile(name=name)
    context.session.add(profile)
    context.session.flush()
    return profile.id


@pytest.fixture
def world(database, admin_context):
    names = {'pool': seeds.add_pool(admin_context),
             'other_pool': seeds.add_pool(admin_context, 'other'),
             'account': seeds.add_account(admin_context),
             'alice': seeds.add_user(admin_context, 'alice'),
             'bob': seeds.add_user(admin_context, 'bob'),
             'small': _add_profile(admin_context, 'small')}
    return names


def _hours(rows, key):
    return {row[key]: (row['instances'], row['hours'], row['cost']) for row in rows}


def test_hours_count_the_overlap_with_the_range(world, admin_context):
    alice, bob, pool = world['alice'], world['bob'], world['pool']
    _add(admin_context, alice, pool, 0, 10, cost='0.5')         # 2..10 -> 8 h
    _add(admin_context, alice, pool, 12, 14)                     # inside -> 2 h
    _add(admin_context, alice, pool, 30, 40)                     # after the range
    _add(admin_context, alice, pool, -5, 1)                      # ended before it
    _add(admin_context, bob, pool, 19.5, cost='2')               # running: 19.5..20 -> 0.5 h
    _add(admin_context, bob, pool, 3, launched=False)            # never launched: from created
    _add(admin_context, bob, pool, 4, launched=False, state='ERROR')  # failed: never ran

    rows = usage.instance_hours(admin_context, _at(2), _at(20), now=_at(24))

    minutes = decimal.Decimal(5) / 60
    assert _hours(rows, 'user') == {
        alice: (2, decimal.Decimal(10), decimal.Decimal('4')),
        bob: (2, decimal.Decimal('0.5') + 17 + minutes, decimal.Decimal('1')),
    }


def test_a_running_instance_counts_until_now(world, admin_context):
    _add(admin_context, world['alice'], world['pool'], 1)
    [row] = usage.instance_hours(admin_context, _at(0), now=_at(3.25))
    assert row['hours'] == decimal.Decimal('2.25') and row['cost'] is None
    [row] = usage.instance_hours(admin_context, _at(0), _at(100), now=_at(3.25))
    assert row['hours'] == decimal.Decimal('2.25')


def test_grouping_by_pool_account_and_profile(world, admin_context):
    _add(admin_context, world['alice'], world['pool'], 0, 2, account_id=world['account'],
         profile_id=world['small'])
    _add(admin_context, world['bob'], world['other_pool'], 0, 1)

    by_pool = _hours(usage.instance_hours(admin_context, _at(0), _at(10), 'pool'), 'pool')
    assert {key: value[1] for key, value in by_pool.items()} == {
        world['pool']: 2, world['other_pool']: 1}
    by_account = _hours(usage.instance_hours(admin_context, _at(0), _at(10), 'account'),
                        'account')
    assert {key: value[1] for key, value in by_account.items()} == {
        world['account']: 2, None: 1}
    by_profile = usage.instance_hours(admin_context, _at(0), _at(10), 'hardware_profile',
                                      pool_id=world['pool'])
    assert [(row['hardware_profile'], row['hours']) for row in by_profile] == [
        (world['small'], 2)]


def test_users_see_their_own_usage_and_pool_admins_their_pools(world, admin_context):
    _add(admin_context, world['alice'], world['pool'], 0, 1)
    _add(admin_context, world['bob'], world['pool'], 0, 2)
    _add(admin_context, world['bob'], world['other_pool'], 0, 4)

    def totals(context):
        return {row['user']: row['hours'] for row in usage.instance_hours(
            context, _at(0), _at(10))}

    assert totals(seeds.context_of(world['alice'])) == {world['alice']: 1}
    assert totals(seeds.context_of(world['alice'], ('pool_admin', world['pool']))) == {
        world['alice']: 1, world['bob']: 2}
    assert totals(seeds.context_of(world['alice'], 'viewer')) == {
        world['alice']: 1, world['bob']: 6}
    assert totals(seeds.context_of('nobody')) == {}


@pytest.mark.parametrize('kwargs, field', [
    ({'since': _at(5), 'until': _at(5)}, 'since'),
    ({'since': _at(6), 'until': _at(5)}, 'since'),
    ({'since': '2026-01-01', 'until': _at(5)}, 'since'),
    ({'since': _at(0), 'until': 5}, 'until'),
    ({'since': _at(0), 'group_by': 'colour'}, 'group_by'),
])
def test_bad_ranges_and_groupings_are_invalid(world, admin_context, kwargs, field):
    with pytest.raises(errors.Invalid) as caught:
        usage.instance_hours(admin_context, now=_at(24), **kwargs)
    assert caught.value.kwargs['field'] == field


def test_aware_times_are_taken_as_utc(world, admin_context):
    _add(admin_context, world['alice'], world['pool'], 0, 10)
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    since = (_at(4) + datetime.timedelta(hours=2)).replace(tzinfo=plus_two)
    [row] = usage.instance_hours(admin_context, since, _at(6), now=_at(24))
    assert row['hours'] == 2
