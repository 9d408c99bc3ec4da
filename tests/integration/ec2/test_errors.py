"""Credentials and failures against moto with signature checks on: what a caller gets back."""

import pytest

from iaas import errors
from iaas import models
from tests.integration.ec2 import fixtures
from tests.integration.ec2 import moto

pytestmark = pytest.mark.integration


def test_a_wrong_secret_is_401_and_launches_nothing(ec2_driver, ec2_account, ec2_client):
    wrong = fixtures.context_for(ec2_account, secret='not-the-secret')
    for call in (lambda: ec2_driver.authenticate(wrong),
                 lambda: ec2_driver.list_instances(wrong),
                 lambda: ec2_driver.create_key(wrong, 'k'),
                 lambda: ec2_driver.create_instance(wrong, models.InstanceSpec(moto.X86_IMAGE))):
        with pytest.raises(errors.AuthenticationFailure) as raised:
            call()
        assert 'not-the-secret' not in raised.value.message
    assert ec2_client.describe_instances()['Reservations'] == []
    assert ec2_client.describe_key_pairs()['KeyPairs'] == []


def test_an_unknown_access_key_is_401(ec2_driver):
    stranger = models.RequestContext(models.Credentials('AKIAUNKNOWN0000000000', 'secret'),
                                     provider=moto.REGION)
    with pytest.raises(errors.AuthenticationFailure) as raised:
        ec2_driver.list_realms(stranger)
    assert raised.value.provider_code == 'AuthFailure'  # what EC2 says for unknown keys


def test_hardware_profiles_for_anyone_from_the_catalog_credentials(ec2_driver, ec2_conf):
    anonymous = models.RequestContext(provider=moto.REGION)
    profiles = ec2_driver.list_hardware_profiles(anonymous)
    sizes = [(p.properties['cpu'].value, p.properties['memory'].value) for p in profiles]
    assert sizes == sorted(sizes) and profiles[0].id == 't2.nano'  # smallest first
    assert {p.id for p in ec2_driver.list_hardware_profiles(anonymous, architecture='arm64')} \
        == {'t4g.micro'}
    assert 'storage' in ec2_driver.get_hardware_profile(anonymous, 'm5d.large').properties


def test_wrong_catalog_credentials_are_401_until_something_is_cached(ec2_conf, ec2_context):
    ec2_conf.set_override('catalog_secret_access_key', 'wrong', 'ec2')
    driver = fixtures.ec2_driver_for(ec2_conf)
    anonymous = models.RequestContext(provider=moto.REGION)
    with pytest.raises(errors.AuthenticationFailure):
        driver.list_hardware_profiles(anonymous)
    assert driver.list_hardware_profiles(ec2_context)  # a caller's own credentials fill it
    assert driver.list_hardware_profiles(anonymous)


def test_an_unreachable_endpoint_is_503(conf, ec2_context):
    conf.set_override('endpoint_url', 'http://127.0.0.1:%d' % moto.free_port(), 'ec2')
    conf.set_override('max_attempts', 1, 'ec2')
    with pytest.raises(errors.ServiceUnavailable):
        fixtures.ec2_driver_for(conf).list_realms(ec2_context)


def test_unknown_objects_are_404(ec2_driver, ec2_context):
    for call in (lambda: ec2_driver.get_instance(ec2_context, 'i-0123456789abcdef0'),
                 lambda: ec2_driver.get_image(ec2_context, 'ami-0123456789abcdef0'),
                 lambda: ec2_driver.get_image(ec2_context, 'not-an-ami-id'),
                 lambda: ec2_driver.stop_instance(ec2_context, 'i-0123456789abcdef0'),
                 lambda: ec2_driver.destroy_storage_volume(ec2_context, 'vol-0123456789abcdef0'),
                 lambda: ec2_driver.destroy_firewall(ec2_context, 'sg-0123456789abcdef0'),
                 lambda: ec2_driver.destroy_image(ec2_context, 'ami-0123456789abcdef0'),
                 lambda: ec2_driver.get_address(ec2_context, 'not-an-ip')):
        with pytest.raises(errors.NotFound):
            call()
