"""Broker hardware profiles, images and their per-provider and per-account mappings."""

import pytest

from tests.functional.broker_mgmt.helpers import assert_refused

SMALL = {'cpu': 1, 'memory': {'kind': 'range', 'first': 512, 'last': 2048, 'value': 1024},
         'storage': {'kind': 'enum', 'values': [10, 20]}}


def test_hardware_profile_lifecycle(api, user_api):
    profile = api.create('/hardware_profiles', {'name': 'small', 'properties': SMALL})
    assert profile['properties']['cpu'] == {'kind': 'fixed', 'value': 1}
    assert profile['properties']['storage'] == {'kind': 'enum', 'values': [10, 20],
                                                'value': 10}
    assert user_api.items('/hardware_profiles', 'hardware_profiles') == [profile]

    changed = api.patch('/hardware_profiles/' + profile['id'],
                        {'properties': {'cpu': 2}, 'description': 'two cpus'})
    assert changed.json['properties'] == {'cpu': {'kind': 'fixed', 'value': 2}}

    assert api.delete('/hardware_profiles/' + profile['id']).status_code == 204
    assert api.get('/hardware_profiles/' + profile['id']).status_code == 404


@pytest.mark.parametrize('properties, field', [
    ({'gpu': 1}, 'gpu'),
    ({'cpu': {'kind': 'range', 'first': 4, 'last': 2}}, 'properties.cpu'),
    ({'cpu': {'kind': 'spiral'}}, 'properties.cpu'),
    ({'memory': {'kind': 'fixed', 'value': 1, 'max': 3}}, 'properties.memory'),
    ('small', 'properties'),
])
def test_bad_hardware_profiles_name_the_field(api, admin_context, properties, field):
    assert_refused(api, admin_context, 'POST', '/hardware_profiles', 400, field,
                   json={'name': 'small', 'properties': properties})


def test_catalog_changes_are_for_admins(user_api, api, admin_context):
    profile = api.create('/hardware_profiles', {'name': 'small', 'properties': SMALL})
    assert_refused(user_api, admin_context, 'POST', '/hardware_profiles', 403,
                   json={'name': 'big', 'properties': SMALL})
    assert_refused(user_api, admin_context, 'DELETE', '/hardware_profiles/' + profile['id'],
                   403)
    assert_refused(user_api, admin_context, 'POST', '/images', 403, json={'name': 'fedora'})


def test_images_and_their_mappings(api, account, provider):
    image = api.create('/images', {'name': 'Fedora 40', 'architecture': 'x86_64'})
    path = '/images/%s/mappings' % image['id']

    by_provider = api.put('%s/providers/%s' % (path, provider['id']),
                          {'provider_image_id': 'img1'})
    by_account = api.put('%s/accounts/%s' % (path, account['id']),
                         {'provider_image_id': 'img2'})
    assert by_provider.status_code == by_account.status_code == 200, by_account.text
    assert by_account.json['account_id'] == account['id']
    assert by_account.json['provider_id'] is None
    assert [m['provider_image_id'] for m in api.items(path, 'mappings')] == ['img1', 'img2']

    assert api.delete('%s/accounts/%s' % (path, account['id'])).status_code == 204
    assert api.delete('%s/accounts/%s' % (path, account['id'])).status_code == 404
    assert api.put('%s/providers/nope' % path, {'provider_image_id': 'x'}).status_code == 404
    assert api.put('%s/providers/%s' % (path, provider['id']), {}).status_code == 400

    changed = api.patch('/images/' + image['id'], {'description': 'the latest'})
    assert changed.json['description'] == 'the latest'
    assert api.delete('/images/' + image['id']).status_code == 204
    assert api.get(path).status_code == 404


def test_private_images_are_shown_to_their_owner(api, user_api, plain_user, admin_user):
    api.create('/images', {'name': 'public'})
    api.create('/images', {'name': 'alices', 'owner_id': plain_user['id']})
    api.create('/images', {'name': 'roots', 'owner_id': admin_user['id']})

    assert [i['name'] for i in user_api.items('/images', 'images')] == ['alices', 'public']
    assert len(api.items('/images', 'images')) == 3


def test_image_of_an_unknown_owner_names_owner_id(api, admin_context):
    assert_refused(api, admin_context, 'POST', '/images', 400, 'owner_id',
                   json={'name': 'x', 'owner_id': 'nobody'})
    api.create('/images', {'name': 'x'})
    assert_refused(api, admin_context, 'POST', '/images', 409, "'x'", json={'name': 'x'})
