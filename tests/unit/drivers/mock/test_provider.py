"""Simulated clouds per provider: files, names, isolation, durability, credentials, error realms."""

import os

import pytest

from iaas import errors
from iaas import models
from iaas.drivers.mock import driver as mock_driver
from iaas.drivers.mock import store
from tests.unit.drivers.mock import helpers


@pytest.mark.parametrize('name', ['../etc', 'a/b', '', 'x' * 65, 'sp ace', '..', 'naïve'])
def test_unsafe_provider_names_are_refused(conf, name):
    with pytest.raises(errors.ValidationError):
        mock_driver.MockDriver(conf, provider=name or 'a\nb')


@pytest.mark.parametrize('name', ['default', 'p2', 'eu-west_1.test', 'x' * 64])
def test_plain_provider_names_are_accepted(conf, name):
    assert mock_driver.MockDriver(conf, provider=name).provider_name == name


def test_state_lives_under_state_path(conf, tmp_path, mock, ctx):
    mock.list_realms(ctx)
    assert (tmp_path / 'mock' / 'default.sqlite').is_file()


def test_state_dir_option_wins(conf, tmp_path, ctx):
    conf.set_override('state_dir', str(tmp_path / 'elsewhere'), 'mock')
    mock_driver.MockDriver(conf, 'p').list_realms(ctx)
    assert 'p.sqlite' in os.listdir(tmp_path / 'elsewhere')
    assert not (tmp_path / 'mock').exists()


def test_providers_lists_the_clouds_with_state(conf, make_driver, ctx):
    assert [p.id for p in mock_driver.MockDriver.providers(conf)] == ['default']
    for name in ('zeta', 'alpha'):
        make_driver(name).list_realms(ctx)
    providers = mock_driver.MockDriver.providers(conf)
    assert all(isinstance(p, models.Provider) for p in providers)
    assert [p.id for p in providers] == ['alpha', 'default', 'zeta']
    assert store.existing_providers(conf) == ['alpha', 'zeta']


def test_providers_are_independent_clouds(make_driver, ctx):
    first, second = make_driver('first'), make_driver('second')
    created, = helpers.launch(first, ctx)
    first.destroy_key(ctx, 'test-key')
    assert created.id in {i.id for i in first.list_instances(ctx)}
    assert created.id not in {i.id for i in second.list_instances(ctx)}
    assert [k.id for k in second.list_keys(ctx)] == ['test-key']
    assert helpers.launch(second, ctx)[0].id == created.id  # each numbers its own


def test_state_survives_a_new_driver(make_driver, ctx):
    created, = helpers.launch(make_driver(), ctx, name='durable')
    make_driver().stop_instance(ctx, created.id)
    again = make_driver().get_instance(ctx, created.id)
    assert (again.name, again.state) == ('durable', 'STOPPED')


@pytest.mark.parametrize('credentials', [
    None,
    models.Credentials('mockuser', 'wrong'),
    models.Credentials('someone', 'mockpassword'),
    models.Credentials('', ''),
])
def test_bad_credentials(mock, credentials):
    context = models.RequestContext(credentials)
    with pytest.raises(errors.AuthenticationFailure):
        mock.authenticate(context)
    with pytest.raises(errors.AuthenticationFailure):
        mock.list_instances(context)
    with pytest.raises(errors.AuthenticationFailure):
        mock.get_realm(context, '500')  # credentials come before the error realms
    assert mock.list_hardware_profiles(context)  # open to everyone


def test_credentials_come_from_configuration(conf, ctx):
    conf.set_override('username', 'alice', 'mock')
    conf.set_override('password', 's3cret', 'mock')
    driver = mock_driver.MockDriver(conf)
    with pytest.raises(errors.AuthenticationFailure):
        driver.list_realms(ctx)
    alice = helpers.context('alice', 's3cret')
    assert [r.id for r in driver.list_realms(alice)] == ['us', 'eu']
    # The seeded instances belong to mockuser, so alice sees none of them.
    assert driver.list_instances(alice) == []


@pytest.mark.parametrize('realm_id,error,code,message', [
    ('500', errors.BackendError, 500, 'DeltacloudErrorMessage'),
    ('501', errors.NotImplementedFeature, 501, 'Not Implemented'),
    ('502', errors.ProviderError, 502, 'ProviderErrorMessage'),
    ('504', errors.ProviderTimeout, 504, 'Provider timeout'),
])
def test_error_realms(mock, ctx, realm_id, error, code, message):
    with pytest.raises(error) as raised:
        mock.get_realm(ctx, realm_id)
    assert (raised.value.code, raised.value.message) == (code, message)
    assert realm_id not in {r.id for r in mock.list_realms(ctx)}


def test_unknown_realm_is_not_found(mock, ctx):
    with pytest.raises(errors.NotFound):
        mock.get_realm(ctx, 'foo')
    assert mock.get_realm(ctx, 'eu').name == 'Europe'


def test_new_clouds_beyond_the_limit_are_refused(conf, make_driver, ctx):
    conf.set_override('max_providers', 2, 'mock')
    make_driver('one').list_realms(ctx)
    make_driver('two').list_realms(ctx)
    with pytest.raises(errors.Forbidden, match='max_providers'):
        make_driver('three').list_realms(ctx)
    assert [p.id for p in mock_driver.MockDriver.providers(conf)] == ['default', 'one', 'two']
    # Clouds that exist keep working at the limit.
    assert make_driver('two').list_realms(ctx)
