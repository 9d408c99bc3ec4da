"""The Driver base class: capability derivation, features, defaults of the optional operations."""

import pytest

from iaas import collections
from iaas import driver
from iaas import errors
from iaas import models
from tests.unit import catalog

CTX = models.RequestContext(models.Credentials('user', 'secret'))
REQUIRED = {'realms.index', 'realms.show', 'hardware_profiles.index', 'hardware_profiles.show',
            'images.index', 'images.show', 'instances.index', 'instances.show',
            'instances.create', 'instances.destroy'}


class WithKeys(catalog.CatalogDriver):
    FEATURES = {'keys': ('import_key',), 'instances': ('user_name',)}

    def list_keys(self, context, **filters):
        return [models.Key('k1')]


class ShowOnly(catalog.CatalogDriver):
    FEATURES = {'buckets': ('bucket_location',)}

    def get_bucket(self, context, bucket_id):
        return models.Bucket(bucket_id, bucket_id)


class RemoteAdvertising(catalog.CatalogDriver):
    def supported_operations(self, context):
        return frozenset({'realms.index'})


def test_required_operations_only():
    assert catalog.CatalogDriver.operations() == REQUIRED


def test_an_overridden_index_brings_its_show():
    assert WithKeys.operations() == REQUIRED | {'keys.index', 'keys.show'}
    assert WithKeys(None).get_key(CTX, 'k1').id == 'k1'
    with pytest.raises(errors.NotFound):
        WithKeys(None).get_key(CTX, 'k2')


def test_a_show_alone_is_only_a_show():
    assert ShowOnly.operations() == REQUIRED | {'buckets.show'}


def test_features_only_for_advertised_collections():
    features = WithKeys(None).supported_features(CTX)
    assert {c: [f.name for f in fs] for c, fs in features.items()} == {
        'keys': ['import_key'], 'instances': ['user_name']}
    assert WithKeys(None).has_feature(CTX, 'keys', 'import_key')
    assert not WithKeys(None).has_feature(CTX, 'keys', 'user_name')
    assert ShowOnly(None).supported_features(CTX) == {}  # no buckets index


def test_supports_follows_supported_operations():
    remote = RemoteAdvertising(None)
    assert remote.supports(CTX, 'realms.index')
    assert not remote.supports(CTX, 'images.index')


@pytest.mark.parametrize('collection,op', [
    (c.name, op) for c in collections.COLLECTIONS.values() for op in c.operations
    if collections.operation_name(c.name, op) not in REQUIRED
])
def test_optional_operations_refuse_with_their_name(collection, op):
    method = getattr(catalog.CatalogDriver(None),
                     collections.COLLECTIONS[collection].method_name(op))
    with pytest.raises(errors.OperationNotSupported) as raised:
        method(CTX, *['x'] * (method.__code__.co_argcount - 2))
    # A show of an optional collection looks in its listing, which is what refuses.
    expected = collections.operation_name(collection, 'index' if op == 'show' else op)
    assert raised.value.operation == expected
    assert raised.value.code == 412


def test_shows_find_in_the_listing():
    drv = catalog.CatalogDriver(None)
    assert drv.get_realm(CTX, 'r2').name == 'Two'
    with pytest.raises(errors.NotFound):
        drv.get_image(CTX, 'nope')


def test_authenticate_checks_against_the_realms():
    drv = catalog.CatalogDriver(None)
    drv.authenticate(CTX)
    with pytest.raises(errors.AuthenticationFailure):
        drv.authenticate(models.RequestContext())
    with pytest.raises(errors.AuthenticationFailure):
        drv.authenticate(models.RequestContext(models.Credentials('user', 'wrong')))


def test_providers_default_to_none():
    assert catalog.CatalogDriver.providers(None) == []


def test_apply_filters():
    objects = [models.Instance('a', 'a', 'RUNNING', 'u', 'i', 'us', 'p'),
               models.Instance('b', 'b', 'STOPPED', 'u', 'i', 'eu', 'p')]
    assert driver.apply_filters(objects) == objects
    assert driver.apply_filters(objects, id=None, state='', realm_id=None) == objects
    assert [o.id for o in driver.apply_filters(objects, state='running')] == ['a']
    assert [o.id for o in driver.apply_filters(objects, realm_id='eu', state='STOPPED')] == ['b']
    assert driver.apply_filters(objects, id='A') == []
    assert driver.apply_filters(objects, no_such_attribute='x') == []


def test_not_supported():
    with pytest.raises(errors.OperationNotSupported) as raised:
        driver.not_supported('keys.create')
    assert raised.value.operation == 'keys.create'
