"""Contract: a driver advertises exactly what works, and refuses the rest as Deltacloud does."""

import pytest

from iaas import collections
from iaas import errors
from iaas import features
from iaas import models
from tests.contract import fixtures

# Every operation some contract test exercises; a driver advertising more is untested.
EXERCISED = frozenset(name for _, _, name in fixtures.all_operations())
# Index operations that need more than a context (blobs live in a bucket).
NESTED_INDEXES = ('blobs.index',)


class CapabilityContract:
    """Operations, features, credentials and the read-only catalogs."""

    def test_advertises_only_known_operations(self, contract):
        advertised = contract.driver.supported_operations(contract.context)
        assert advertised <= EXERCISED, sorted(advertised - EXERCISED)

    def test_unadvertised_operations_raise_not_supported(self, contract):
        advertised = contract.driver.supported_operations(contract.context)
        missing = [(c, op, name) for c, op, name in fixtures.all_operations()
                   if name not in advertised]
        if not missing:
            pytest.skip('the driver advertises every operation')
        for collection, op, name in missing:
            method = getattr(contract.driver, collection.method_name(op))
            with pytest.raises(errors.OperationNotSupported) as raised:
                method(contract.context, *fixtures.placeholder_args(contract, method))
            # A show is found through its index, so either name is honest.
            allowed = {name, collections.operation_name(collection.name, 'index')}
            assert raised.value.operation in allowed, (name, raised.value.operation)
            assert raised.value.code == 412

    def test_features_name_real_features_of_advertised_operations(self, contract):
        for collection, names in type(contract.driver).FEATURES.items():
            assert collection in collections.COLLECTIONS, collection
            for name in names:
                features.lookup(collection, name)  # KeyError: not a Deltacloud feature
        advertised = contract.driver.supported_operations(contract.context)
        for collection, found in contract.driver.supported_features(contract.context).items():
            for feature in found:
                assert feature is features.lookup(collection, feature.name)
                operation = collections.operation_name(collection, feature.operation)
                assert operation in advertised, (feature.name, operation)

    def test_advertised_indexes_list_objects_that_show(self, contract):
        advertised = contract.driver.supported_operations(contract.context)
        for collection, op, name in fixtures.all_operations():
            if op != 'index' or name not in advertised or name in NESTED_INDEXES:
                continue
            listed = getattr(contract.driver, collection.method_name('index'))(contract.context)
            assert isinstance(listed, list), name
            show = collections.operation_name(collection.name, 'show')
            if listed and show in advertised:
                getter = getattr(contract.driver, collection.method_name('show'))
                assert getter(contract.context, listed[0].id).id == listed[0].id

    def test_unknown_ids_are_not_found(self, contract):
        advertised = contract.driver.supported_operations(contract.context)
        for collection, op, name in fixtures.all_operations():
            if op != 'show' or name not in advertised or collection.parent:
                continue
            getter = getattr(contract.driver, collection.method_name('show'))
            with pytest.raises(errors.NotFound):
                getter(contract.context, 'contract-no-such-%s' % collection.singular)

    # -- credentials ----------------------------------------------------------------------

    def test_valid_credentials_authenticate(self, contract):
        if not contract.supports('realms.index'):
            pytest.skip('no realms to check credentials against')
        contract.driver.authenticate(contract.context)

    @pytest.mark.parametrize('which', ['wrong', 'none'])
    def test_bad_credentials_are_refused(self, contract, which):
        if not contract.supports('realms.index'):
            pytest.skip('no realms to check credentials against')
        context = (contract.bad_context if which == 'wrong'
                   else models.RequestContext(provider=contract.context.provider))
        with pytest.raises(errors.AuthenticationFailure):
            contract.driver.authenticate(context)
        advertised = contract.driver.supported_operations(contract.context)
        for collection in collections.COLLECTIONS.values():
            index = collections.operation_name(collection.name, 'index')
            if collection.needs_auth and index in advertised and index not in NESTED_INDEXES:
                with pytest.raises(errors.AuthenticationFailure):
                    getattr(contract.driver, collection.method_name('index'))(context)

    def test_hardware_profiles_need_no_credentials(self, contract):
        if not contract.supports('hardware_profiles.index'):
            pytest.skip('hardware_profiles not advertised')
        anonymous = models.RequestContext(provider=contract.context.provider)
        profiles = contract.driver.list_hardware_profiles(anonymous)
        assert profiles, 'a cloud offers at least one hardware profile'
        assert all(isinstance(p, models.HardwareProfile) for p in profiles)

    # -- catalogs -------------------------------------------------------------------------

    def test_realms(self, contract):
        if not contract.supports('realms.index'):
            pytest.skip('realms not advertised')
        realms = contract.driver.list_realms(contract.context)
        assert realms and all(isinstance(r, models.Realm) for r in realms)
        if contract.realm_id:
            assert contract.realm_id in {r.id for r in realms}
        only = contract.driver.list_realms(contract.context, id=realms[0].id)
        assert [r.id for r in only] == [realms[0].id]

    def test_images(self, contract):
        if not contract.supports('images.index'):
            pytest.skip('images not advertised')
        images = contract.driver.list_images(contract.context)
        assert all(isinstance(i, models.Image) for i in images)
        assert contract.image_id in {i.id for i in images}
        image = contract.driver.get_image(contract.context, contract.image_id)
        if image.architecture:
            same = contract.driver.list_images(contract.context,
                                               architecture=image.architecture)
            assert image.id in {i.id for i in same}
            assert {i.architecture for i in same} == {image.architecture}
