"""Broker hardware profiles and matching them to the smallest fitting provider profile."""

import decimal

import pytest

from broker_core.catalog import hardware_profiles as hwps
from broker_core import discovery
from broker_core import errors
from tests.functional.broker_core.domain import conftest as fx


def fixed(value):
    return {'kind': 'fixed', 'value': value}


def span(first, last, value=None):
    return {'kind': 'range', 'first': first, 'last': last, 'value': value or first}


def enum(*values):
    return {'kind': 'enum', 'values': list(values), 'value': values[0]}


def test_profile_lifecycle(database, admin_context):
    created = hwps.create_hardware_profile(
        admin_context, 'medium', {'cpu': 2, 'memory': span(1024, 4096, 2048),
                                  'storage': enum(10, 20), 'architecture': 'x86_64'},
        description='d')
    assert created['properties'] == {
        'architecture': fixed('x86_64'), 'cpu': fixed(2),
        'memory': span(1024, 4096, 2048), 'storage': enum(10, 20)}
    assert hwps.get_hardware_profile(admin_context, created['id']) == created
    assert hwps.get_hardware_profile_by_name(admin_context, 'medium') == created

    updated = hwps.update_hardware_profile(admin_context, created['id'], name='big',
                                           properties={'cpu': fixed(8)})
    assert (updated['name'], updated['properties']) == ('big', {'cpu': fixed(8)})
    assert [p['name'] for p in hwps.list_hardware_profiles(admin_context)] == ['big']
    hwps.delete_hardware_profile(admin_context, created['id'])
    assert hwps.list_hardware_profiles(admin_context) == []


@pytest.mark.parametrize('properties, field', [
    ([], 'properties'),
    ({'gpu': 1}, 'properties.gpu'),
    ({'cpu': {'kind': 'sometimes', 'value': 1}}, 'properties.cpu'),
    ({'cpu': -1}, 'properties.cpu'),
    ({'cpu': 'two'}, 'properties.cpu'),
    ({'memory': span(4096, 1024)}, 'properties.memory'),
    ({'memory': {'kind': 'range', 'first': 1}}, 'properties.memory'),
    ({'memory': span(1024, 2048, 4096)}, 'properties.memory'),
    ({'storage': {'kind': 'enum', 'values': []}}, 'properties.storage'),
    ({'storage': {'kind': 'enum', 'values': 5}}, 'properties.storage'),
    ({'storage': {'kind': 'fixed', 'value': 5, 'first': 1}}, 'properties.storage'),
    ({'architecture': ''}, 'properties.architecture'),
])
def test_malformed_properties_are_named(database, admin_context, properties, field):
    existing = hwps.create_hardware_profile(admin_context, 'existing', {'cpu': 1})
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.Invalid) as raised:
        hwps.create_hardware_profile(admin_context, 'bad', properties)
    assert raised.value.kwargs['field'] == field
    with pytest.raises(errors.Invalid):
        hwps.update_hardware_profile(admin_context, existing['id'], properties=properties)
    assert fx.row_counts(admin_context) == before


def test_profile_names_are_unique_and_lookups_fail_cleanly(database, admin_context):
    hwps.create_hardware_profile(admin_context, 'small', {'cpu': 1})
    other = hwps.create_hardware_profile(admin_context, 'large', {'cpu': 4})
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.ObjectExists):
        hwps.create_hardware_profile(admin_context, 'small', {})
    with pytest.raises(errors.ObjectExists):
        hwps.update_hardware_profile(admin_context, other['id'], name='small')
    with pytest.raises(errors.Invalid):
        hwps.create_hardware_profile(admin_context, 'Bad Name', {})
    for call in (hwps.get_hardware_profile, hwps.delete_hardware_profile,
                 hwps.get_hardware_profile_by_name):
        with pytest.raises(errors.ObjectNotFound):
            call(admin_context, 'nope')
    assert fx.row_counts(admin_context) == before


def test_a_profile_in_use_is_not_deleted(database, user_id, admin_context):
    profile = hwps.create_hardware_profile(admin_context, 'small', {'cpu': 1})
    fx.add_instance(admin_context, user_id, hardware_profile_id=profile['id'])
    with pytest.raises(errors.InUse):
        hwps.delete_hardware_profile(admin_context, profile['id'])
    assert hwps.get_hardware_profile(admin_context, profile['id']) == profile


def offer(context, account_id, profiles):
    """Provider profiles of the account: name -> (stored properties, price)."""
    return {name: fx.add_provider_profile(context, account_id, name, properties, price)
            for name, (properties, price) in profiles.items()}


def match(context, account_id, properties, overrides=None):
    profile = hwps.create_hardware_profile(context, 'wanted', properties)
    found = hwps.match_profile(context, profile['id'], overrides, account_id)
    return found and (found['provider_profile_id'], found['hardware'])


def test_fixed_values_take_the_smallest_at_least_as_big(account, admin_context):
    offer(admin_context, account['id'], {'one': ({'cpu': fixed(1)}, None),
                                         'four': ({'cpu': fixed(4)}, None),
                                         'two': ({'cpu': fixed(2)}, None)})
    assert match(admin_context, account['id'], {'cpu': 2}) == ('two', {'cpu': 2})


def test_ranges_are_clamped_to_the_request(account, admin_context):
    offer(admin_context, account['id'], {'tiny': ({'cpu': span(1, 2)}, None),
                                         'flex': ({'cpu': span(2, 6)}, None),
                                         'four': ({'cpu': fixed(4)}, None)})
    assert match(admin_context, account['id'], {'cpu': span(1, 8, 2)}, {'cpu': '3'}) == (
        'flex', {'cpu': 3})


def test_enums_take_their_smallest_fitting_entry(account, admin_context):
    offer(admin_context, account['id'], {'a': ({'memory': enum(512, 4096)}, None),
                                         'b': ({'memory': enum(1024, 3072, 8192)}, None)})
    assert match(admin_context, account['id'], {'memory': enum(1024, 2048, 4096)},
                 {'memory': 2048}) == ('b', {'memory': 3072})


def test_cpu_counts_before_memory_and_storage(account, admin_context):
    offer(admin_context, account['id'], {
        'more-cpu': ({'cpu': fixed(4), 'memory': fixed(1024), 'storage': fixed(10)}, '0.01'),
        'more-memory': ({'cpu': fixed(2), 'memory': fixed(8192), 'storage': fixed(10)}, '1'),
        'more-storage': ({'cpu': fixed(2), 'memory': fixed(8192), 'storage': fixed(90)}, '0')})
    assert match(admin_context, account['id'], {'cpu': 2, 'memory': 1024})[0] == 'more-memory'


def test_price_breaks_ties_and_an_unknown_price_comes_last(account, admin_context):
    offer(admin_context, account['id'], {'unknown': ({'cpu': fixed(2)}, None),
                                         'dear': ({'cpu': fixed(2)}, '0.5'),
                                         'cheap': ({'cpu': span(1, 2)}, '0.1')})
    profile = hwps.create_hardware_profile(admin_context, 'wanted', {'cpu': 2})
    found = hwps.match_profile(admin_context, profile['id'], {}, account['id'])
    assert found['provider_profile_id'] == 'cheap'
    assert found['price_per_hour'] == decimal.Decimal('0.1')
    assert found['account_id'] == account['id']


def test_vanished_profiles_are_not_offered(account, admin_context):
    fx.add_provider_profile(admin_context, account['id'], 'gone', {'cpu': fixed(2)},
                            vanished=True)
    offer(admin_context, account['id'], {'big': ({'cpu': fixed(4)}, None)})
    assert match(admin_context, account['id'], {'cpu': 2}) == ('big', {'cpu': 4})


def test_no_match(account, admin_context):
    offer(admin_context, account['id'], {'small': ({'cpu': fixed(1), 'architecture':
                                                    fixed('i386')}, None),
                                         'bare': ({}, None)})
    assert match(admin_context, account['id'], {'cpu': 8}) is None
    hwps.delete_hardware_profile(admin_context, hwps.get_hardware_profile_by_name(
        admin_context, 'wanted')['id'])
    assert match(admin_context, account['id'], {'architecture': 'x86_64'}) is None


def test_labels_match_exactly(account, admin_context):
    offer(admin_context, account['id'], {'both': ({'architecture': enum('i386', 'x86_64')},
                                                  None)})
    assert match(admin_context, account['id'], {'architecture': enum('x86_64', 'arm')}) == (
        'both', {'architecture': 'x86_64'})


def test_matching_the_mock_catalog(account, broker, admin_context):
    discovery.sync_account(admin_context, broker, account['id'])
    assert match(admin_context, account['id'], {'cpu': span(1, 8, 2),
                                                'memory': span(1024, 16384, 8192)}) == (
        'm1-large', {'cpu': 2, 'memory': 8192, 'storage': 850, 'architecture': 'x86_64'})


@pytest.mark.parametrize('overrides, field', [
    ({'cpu': 'many'}, 'overrides.cpu'), ({'cpu': 16}, 'overrides.cpu'),
    ({'gpu': 1}, 'overrides.gpu'), ('cpu=2', 'overrides'),
])
def test_bad_overrides_are_refused(account, admin_context, overrides, field):
    profile = hwps.create_hardware_profile(admin_context, 'wanted', {'cpu': span(1, 8)})
    with pytest.raises(errors.Invalid) as raised:
        hwps.match_profile(admin_context, profile['id'], overrides, account['id'])
    assert raised.value.kwargs['field'] == field


def test_match_needs_a_known_profile_and_account(account, admin_context):
    profile = hwps.create_hardware_profile(admin_context, 'wanted', {'cpu': 1})
    with pytest.raises(errors.ObjectNotFound):
        hwps.match_profile(admin_context, 'nope', {}, account['id'])
    with pytest.raises(errors.ObjectNotFound):
        hwps.match_profile(admin_context, profile['id'], {}, 'nope')
