"""Launch validation against a driver's catalog, shared by every driver."""

import pytest

from iaas import errors
from iaas import launch
from iaas import models
from tests.unit import catalog

CTX = models.RequestContext(models.Credentials('user', 'secret'))


def resolve(driver=None, **fields):
    return launch.resolve(driver or catalog.CatalogDriver(), CTX,
                          models.InstanceSpec(**dict({'image_id': 'x64-img'}, **fields)))


def test_defaults():
    resolved = resolve()
    assert (resolved.image.id, resolved.realm.id, resolved.profile.id) == (
        'x64-img', 'r1', 'large')
    assert resolved.overrides == {}
    assert resolved.values == {'cpu': 1, 'memory': 4096, 'storage': 100,
                               'architecture': 'x86_64'}


def test_default_profile_fits_the_image_architecture():
    assert resolve(image_id='i386-img').profile.id == 'small'
    assert resolve(image_id='any-img').profile.id == 'small'


def test_no_profile_fits():
    driver = catalog.CatalogDriver(hardware=catalog.profiles()[:1])
    with pytest.raises(errors.ValidationError, match='x86_64'):
        resolve(driver)


def test_explicit_choices_and_overrides():
    resolved = resolve(realm_id='r2', hardware_profile_id='large',
                       hardware_profile_overrides={'memory': '6144', 'cpu': '1'})
    assert (resolved.realm.id, resolved.profile.id) == ('r2', 'large')
    assert resolved.overrides == {'memory': 6144}
    assert resolved.values['memory'] == 6144 and resolved.values['cpu'] == 1


@pytest.mark.parametrize('fields,message', [
    ({'image_id': ''}, "'image_id'"),
    ({'image_id': 'nope'}, "Image 'nope' does not exist."),
    ({'realm_id': 'nope'}, "Realm 'nope' does not exist."),
    ({'hardware_profile_id': 'nope'}, "Hardware profile 'nope' does not exist."),
    ({'hardware_profile_overrides': {'memory': 4096}}, 'hwp_id'),
    ({'hardware_profile_id': 'large', 'hardware_profile_overrides': {'memory': 9000}},
     "'memory'"),
    ({'hardware_profile_id': 'small', 'hardware_profile_overrides': {'storage': 10}},
     "'storage'"),
    ({'instance_count': 0}, 'instance_count'),
    ({'instance_count': launch.MAX_INSTANCE_COUNT + 1}, 'instance_count'),
])
def test_invalid_requests(fields, message):
    with pytest.raises(errors.ValidationError) as raised:
        resolve(**fields)
    assert message in raised.value.message
    assert raised.value.code == 400


def test_missing_image_is_a_missing_parameter():
    with pytest.raises(errors.MissingParameter):
        resolve(image_id=None)


def test_most_instances_allowed():
    assert resolve(instance_count=launch.MAX_INSTANCE_COUNT).image.id == 'x64-img'
