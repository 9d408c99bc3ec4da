"""Broker images and their mappings: an account's mapping wins over its provider's."""

import pytest

from broker_core import accounts
from broker_core.catalog import images
from broker_core import errors
from broker_core import providers
from tests.functional.broker_core.domain import conftest as fx


def test_image_lifecycle(database, user_id, admin_context):
    public = images.create_image(admin_context, 'fedora', description='F', architecture='x86_64',
                                 properties={'os': 'linux'})
    own = images.create_image(admin_context, 'mine', owner_id=user_id)
    other = fx.add_user(admin_context, 'bob')
    images.create_image(admin_context, 'bobs', owner_id=other)
    assert images.get_image(admin_context, public['id']) == public
    assert [i['name'] for i in images.list_images(admin_context)] == ['bobs', 'fedora', 'mine']
    assert [i['name'] for i in images.list_images(admin_context, owner_id=user_id)] == [
        'fedora', 'mine']

    updated = images.update_image(admin_context, own['id'], name='renamed', architecture=None,
                                  properties={'a': 1}, description='x')
    assert (updated['name'], updated['architecture'], updated['properties']) == (
        'renamed', None, {'a': 1})
    images.delete_image(admin_context, own['id'])
    with pytest.raises(errors.ObjectNotFound):
        images.get_image(admin_context, own['id'])


@pytest.mark.parametrize('kwargs, field', [
    ({'name': ''}, 'name'), ({'name': 'x' * 256}, 'name'), ({'architecture': 'x' * 33},
                                                            'architecture'),
    ({'properties': 'x'}, 'properties'), ({'description': 1}, 'description'),
])
def test_bad_images_are_refused(database, admin_context, kwargs, field):
    with pytest.raises(errors.Invalid) as raised:
        images.create_image(admin_context, **dict({'name': 'fedora'}, **kwargs))
    assert raised.value.kwargs['field'] == field
    assert images.list_images(admin_context) == []


def test_image_errors(database, user_id, admin_context):
    first = images.create_image(admin_context, 'fedora')
    second = images.create_image(admin_context, 'debian')
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.ObjectExists):
        images.create_image(admin_context, 'fedora')
    with pytest.raises(errors.ObjectExists):
        images.update_image(admin_context, second['id'], name='fedora')
    with pytest.raises(errors.ObjectNotFound):
        images.create_image(admin_context, 'x', owner_id='nobody')
    for call in (images.get_image, images.delete_image, images.list_image_mappings):
        with pytest.raises(errors.ObjectNotFound):
            call(admin_context, 'nope')
    fx.add_instance(admin_context, user_id, image_id=first['id'])
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.InUse):
        images.delete_image(admin_context, first['id'])
    assert fx.row_counts(admin_context) == before


@pytest.fixture
def second_account(account, broker, admin_context):
    return accounts.create_account(admin_context, broker, account['provider_id'], 'second',
                                   fx.CREDENTIALS)


def test_account_mapping_wins_over_provider_mapping(account, second_account, admin_context):
    image = images.create_image(admin_context, 'fedora')
    assert images.resolve_image(admin_context, image['id'], account['id']) is None

    by_provider = images.set_image_mapping(admin_context, image['id'], 'img1',
                                           provider_id=account['provider_id'])
    assert images.resolve_image(admin_context, image['id'], account['id']) == 'img1'
    by_account = images.set_image_mapping(admin_context, image['id'], 'img2',
                                          account_id=account['id'])
    assert images.resolve_image(admin_context, image['id'], account['id']) == 'img2'
    assert images.resolve_image(admin_context, image['id'], second_account['id']) == 'img1'
    assert images.list_image_mappings(admin_context, image['id']) == [by_provider, by_account]

    replaced = images.set_image_mapping(admin_context, image['id'], 'img3',
                                        account_id=account['id'])
    assert replaced['id'] == by_account['id']
    assert images.resolve_image(admin_context, image['id'], account['id']) == 'img3'

    images.delete_image_mapping(admin_context, image['id'], provider_id=account['provider_id'])
    assert images.resolve_image(admin_context, image['id'], second_account['id']) is None
    images.delete_image_mapping(admin_context, image['id'], account_id=account['id'])
    assert images.list_image_mappings(admin_context, image['id']) == []


def test_mappings_of_another_provider_do_not_apply(account, broker, admin_context):
    image = images.create_image(admin_context, 'fedora')
    other = providers.create_provider(admin_context, 'other', 'mock')
    images.set_image_mapping(admin_context, image['id'], 'ami-1', provider_id=other['id'])
    assert images.resolve_image(admin_context, image['id'], account['id']) is None


def test_mapping_errors(account, admin_context):
    image = images.create_image(admin_context, 'fedora')
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.Invalid):
        images.set_image_mapping(admin_context, image['id'], 'img1')
    with pytest.raises(errors.Invalid):
        images.set_image_mapping(admin_context, image['id'], 'img1',
                                 provider_id=account['provider_id'], account_id=account['id'])
    with pytest.raises(errors.Invalid) as raised:
        images.set_image_mapping(admin_context, image['id'], '', account_id=account['id'])
    assert raised.value.kwargs['field'] == 'provider_image_id'
    with pytest.raises(errors.ObjectNotFound):
        images.set_image_mapping(admin_context, 'nope', 'img1', account_id=account['id'])
    with pytest.raises(errors.ObjectNotFound):
        images.set_image_mapping(admin_context, image['id'], 'img1', account_id='nope')
    with pytest.raises(errors.ObjectNotFound):
        images.set_image_mapping(admin_context, image['id'], 'img1', provider_id='nope')
    with pytest.raises(errors.ObjectNotFound):
        images.delete_image_mapping(admin_context, image['id'], account_id=account['id'])
    with pytest.raises(errors.ObjectNotFound):
        images.resolve_image(admin_context, image['id'], 'nope')
    with pytest.raises(errors.ObjectNotFound):
        images.resolve_image(admin_context, 'nope', account['id'])
    assert fx.row_counts(admin_context) == before


def test_deleting_an_image_drops_its_mappings(account, admin_context):
    image = images.create_image(admin_context, 'fedora')
    images.set_image_mapping(admin_context, image['id'], 'img1', account_id=account['id'])
    images.delete_image(admin_context, image['id'])
    assert fx.row_counts(admin_context)['image_mappings'] == 0
