"""Catalog sync against the real mock driver: idempotent, vanish and reappear, prices, errors."""

import decimal

import pytest

from broker_core import accounts
from broker_core import discovery
from broker_core import errors
from broker_core import events
from broker_core import prices
from broker_core import services
from iaas.drivers.mock import driver as mock_driver
from iaas.drivers.mock import knobs
from iaas import loader
from iaas import models as iaas_models
from tests.functional.broker_core.domain import conftest as fx

NOTHING = {'added': 0, 'changed': 0, 'vanished': 0, 'reappeared': 0}


def catalog(context, account_id):
    return {name: lister(context, account_id, include_vanished=True)
            for name, lister in (('realms', discovery.list_realms),
                                 ('hardware_profiles', discovery.list_hardware_profiles),
                                 ('images', discovery.list_images))}


def profile(context, account_id, provider_profile_id):
    [row] = [p for p in discovery.list_hardware_profiles(context, account_id)
             if p['provider_profile_id'] == provider_profile_id]
    return row


def mock_request():
    return iaas_models.RequestContext(
        credentials=iaas_models.Credentials(fx.MOCK_USER, fx.MOCK_PASSWORD), provider='cloud-a')


def test_sync_stores_what_the_provider_offers(account, broker, admin_context):
    summary = discovery.sync_account(admin_context, broker, account['id'])

    assert summary['realms'] == dict(NOTHING, added=2)
    assert summary['hardware_profiles'] == dict(NOTHING, added=4)
    assert summary['images'] == dict(NOTHING, added=3)
    realms = discovery.list_realms(admin_context, account['id'])
    assert [(r['provider_realm_id'], r['name'], r['state']) for r in realms] == [
        ('eu', 'Europe', 'AVAILABLE'), ('us', 'United States', 'AVAILABLE')]
    small = profile(admin_context, account['id'], 'm1-small')
    assert small['price_per_hour'] == decimal.Decimal('0.06')
    assert small['properties']['cpu'] == {'kind': 'fixed', 'value': 1}
    large = profile(admin_context, account['id'], 'm1-large')
    assert large['properties']['memory'] == {'kind': 'range', 'first': 7680, 'last': 15360,
                                             'value': 10240}
    assert large['properties']['storage'] == {'kind': 'enum', 'values': [850, 1024],
                                              'value': 850}
    images = discovery.list_images(admin_context, account['id'])
    assert [(i['provider_image_id'], i['architecture']) for i in images] == [
        ('img1', 'x86_64'), ('img2', 'i386'), ('img3', 'i386')]
    assert accounts.get_account(admin_context, account['id'])['synced_at'] is not None
    [event] = events.query(admin_context, type='account.sync')
    assert event['details'] == summary and event['account_id'] == account['id']


def test_sync_twice_changes_nothing(account, broker, admin_context):
    discovery.sync_account(admin_context, broker, account['id'])
    before = catalog(admin_context, account['id'])

    summary = discovery.sync_account(admin_context, broker, account['id'])

    assert summary == {name: NOTHING for name in ('realms', 'hardware_profiles', 'images')}
    assert catalog(admin_context, account['id']) == before


def test_vanished_objects_are_kept_and_come_back(account, broker, admin_context):
    discovery.sync_account(admin_context, broker, account['id'])
    driver = accounts.connect(admin_context, broker, account['id']).driver
    driver.destroy_image(mock_request(), 'img3')

    summary = discovery.sync_account(admin_context, broker, account['id'])

    assert summary['images'] == dict(NOTHING, vanished=1)
    assert [i['provider_image_id'] for i in discovery.list_images(
        admin_context, account['id'])] == ['img1', 'img2']
    [gone] = [i for i in discovery.list_images(admin_context, account['id'],
                                               include_vanished=True)
              if i['provider_image_id'] == 'img3']
    assert gone['vanished_at'] is not None
    assert discovery.sync_account(admin_context, broker, account['id'])['images'] == NOTHING

    driver.create_image(mock_request(), 'inst0', name='img3', description='again')
    summary = discovery.sync_account(admin_context, broker, account['id'])

    assert summary['images'] == dict(NOTHING, reappeared=1, changed=1)
    [back] = [i for i in discovery.list_images(admin_context, account['id'])
              if i['provider_image_id'] == 'img3']
    assert back['id'] == gone['id'] and back['vanished_at'] is None
    assert back['description'] == 'again'


def test_a_new_list_price_is_taken(account, broker, conf, admin_context):
    discovery.sync_account(admin_context, broker, account['id'])
    knobs.set_knobs(conf, 'cloud-a', prices={'m1-small': 0.02})

    summary = discovery.sync_account(admin_context, broker, account['id'])

    assert summary['hardware_profiles'] == dict(NOTHING, changed=1)
    assert profile(admin_context, account['id'], 'm1-small')['price_per_hour'] == (
        decimal.Decimal('0.02'))


def test_a_provider_error_stores_nothing(account, broker, conf, admin_context):
    discovery.sync_account(admin_context, broker, account['id'])
    driver = accounts.connect(admin_context, broker, account['id']).driver
    driver.destroy_image(mock_request(), 'img3')
    knobs.set_knobs(conf, 'cloud-a', fail_next={'images.index': 1},
                    prices={'m1-small': 0.5})
    before, counts = catalog(admin_context, account['id']), fx.row_counts(admin_context)
    synced_at = accounts.get_account(admin_context, account['id'])['synced_at']

    with pytest.raises(errors.SyncFailed) as raised:
        discovery.sync_account(admin_context, broker, account['id'])

    assert raised.value.code == 502 and 'main' in str(raised.value)
    assert catalog(admin_context, account['id']) == before
    assert fx.row_counts(admin_context) == counts
    assert accounts.get_account(admin_context, account['id'])['synced_at'] == synced_at


def test_refused_credentials_fail_the_sync(account, broker, admin_context):
    accounts.set_credentials(admin_context, broker, account['id'],
                             {'username': fx.MOCK_USER, 'password': 'wrong-one'})
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.SyncFailed) as raised:
        discovery.sync_account(admin_context, broker, account['id'])
    assert 'wrong-one' not in str(raised.value)
    assert fx.row_counts(admin_context) == before


def test_unknown_accounts(database, broker, admin_context):
    with pytest.raises(errors.ObjectNotFound):
        discovery.sync_account(admin_context, broker, 'nope')
    for lister in (discovery.list_realms, discovery.list_hardware_profiles,
                   discovery.list_images):
        with pytest.raises(errors.ObjectNotFound):
            lister(admin_context, 'nope')


class UnpricedMockDriver(mock_driver.MockDriver):
    """The mock without list prices, as a provider whose API has none."""

    def list_hardware_profiles(self, context, **filters):
        profiles = super().list_hardware_profiles(context, **filters)
        for found in profiles:
            found.extra.pop('price_per_hour', None)
        return profiles


@pytest.fixture
def unpriced_broker(conf, broker):
    registry = loader.DriverRegistry(conf, enabled=['mock'])
    registry._classes['mock'] = UnpricedMockDriver
    return services.Broker(conf, cipher=broker.cipher, drivers=registry)


def test_an_operator_price_stays_when_the_provider_has_none(
        account, unpriced_broker, broker, admin_context):
    discovery.sync_account(admin_context, unpriced_broker, account['id'])
    small = profile(admin_context, account['id'], 'm1-small')
    assert small['price_per_hour'] is None

    priced = discovery.set_hardware_profile_price(admin_context, small['id'], '0.031')
    assert priced['price_per_hour'] == decimal.Decimal('0.031')
    assert discovery.get_hardware_profile(admin_context, small['id']) == priced
    discovery.sync_account(admin_context, unpriced_broker, account['id'])
    assert profile(admin_context, account['id'], 'm1-small')['price_per_hour'] == (
        decimal.Decimal('0.031'))

    # The provider's own list price, once it has one, wins.
    discovery.sync_account(admin_context, broker, account['id'])
    assert profile(admin_context, account['id'], 'm1-small')['price_per_hour'] == (
        decimal.Decimal('0.06'))
    cleared = discovery.set_hardware_profile_price(admin_context, small['id'], None)
    assert cleared['price_per_hour'] is None


@pytest.mark.parametrize('price', [-1, 'abc', float('inf'), True, [1], 10 ** 9])
def test_bad_prices_are_refused(account, broker, admin_context, price):
    discovery.sync_account(admin_context, broker, account['id'])
    small = profile(admin_context, account['id'], 'm1-small')
    with pytest.raises(errors.Invalid) as raised:
        discovery.set_hardware_profile_price(admin_context, small['id'], price)
    assert raised.value.kwargs['field'] == 'price_per_hour'
    assert profile(admin_context, account['id'], 'm1-small') == small


def test_pool_prices_override_the_list_price(account, pool, broker, admin_context):
    discovery.sync_account(admin_context, broker, account['id'])
    small = profile(admin_context, account['id'], 'm1-small')
    assert prices.effective_price(admin_context, pool['id'], small['id']) == (
        decimal.Decimal('0.06'))

    prices.set_pool_price(admin_context, pool['id'], small['id'], 0.5)
    override = prices.set_pool_price(admin_context, pool['id'], small['id'], '0.04')

    assert override['price_per_hour'] == decimal.Decimal('0.04')
    assert prices.list_pool_prices(admin_context, pool['id']) == [override]
    assert prices.effective_price(admin_context, pool['id'], small['id']) == (
        decimal.Decimal('0.04'))
    prices.delete_pool_price(admin_context, pool['id'], small['id'])
    assert prices.list_pool_prices(admin_context, pool['id']) == []
    assert prices.effective_price(admin_context, pool['id'], small['id']) == (
        decimal.Decimal('0.06'))


def test_pool_price_errors(account, pool, broker, admin_context):
    discovery.sync_account(admin_context, broker, account['id'])
    small = profile(admin_context, account['id'], 'm1-small')
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.Invalid):
        prices.set_pool_price(admin_context, pool['id'], small['id'], -0.1)
    with pytest.raises(errors.ObjectNotFound):
        prices.set_pool_price(admin_context, 'nope', small['id'], 1)
    with pytest.raises(errors.ObjectNotFound):
        prices.set_pool_price(admin_context, pool['id'], 'nope', 1)
    with pytest.raises(errors.ObjectNotFound):
        prices.delete_pool_price(admin_context, pool['id'], small['id'])
    with pytest.raises(errors.ObjectNotFound):
        prices.effective_price(admin_context, pool['id'], 'nope')
    with pytest.raises(errors.ObjectNotFound):
        prices.list_pool_prices(admin_context, 'nope')
    assert fx.row_counts(admin_context) == before
