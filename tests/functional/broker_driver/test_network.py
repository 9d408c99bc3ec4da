"""Networks, subnets and addresses of the broker driver: broker objects living in accounts."""

import falcon.testing
from lxml import etree
import pytest

from broker_core.catalog import realizations
from broker_core import events
from broker_core import instances
from broker_core import pools
from iaas.api import app as app_mod
from iaas import errors
from tests.functional.broker_driver.conftest import destroy, launch, set_members
from tests.functional import conftest as api_helpers


def broker_made(world, provider, lister):
    """What the broker created at the mock cloud (it seeds objects of its own)."""
    found = world.driver.account_call(world.admin, world.account_id(provider), lister)
    return {o.id: o for o in found if o.id.startswith('broker-')}


def provider_addresses(world, provider):
    found = world.driver.account_call(world.admin, world.account_id(provider), 'list_addresses')
    return {a.id: a for a in found}


def record(world, instance):
    return instances.get(world.admin, instance.id)


def test_networks_and_subnets_round_trip_in_the_broker(world):
    drv, ctx = world.driver, world.context()
    net = drv.create_network(ctx, 'lan', '10.20.0.0/16')
    assert (net.name, net.address_blocks, net.subnet_ids) == ('lan', ['10.20.0.0/16'], [])
    subnet = drv.create_subnet(ctx, net.id, '10.20.1.0/24', 'front')
    assert (subnet.network_id, subnet.address_block) == (net.id, '10.20.1.0/24')
    assert drv.get_network(ctx, net.id).subnet_ids == [subnet.id]
    with pytest.raises(errors.ValidationError):
        drv.create_subnet(ctx, net.id, '10.99.0.0/24')  # outside the network
    with pytest.raises(errors.ValidationError):
        drv.create_subnet(ctx, 'no-such-network', '10.20.2.0/24')
    with pytest.raises(errors.Conflict):
        drv.destroy_network(ctx, net.id)  # it has a subnet
    drv.destroy_subnet(ctx, subnet.id)
    drv.destroy_network(ctx, net.id)
    assert drv.list_networks(ctx) == [] and drv.list_subnets(ctx) == []
    for provider in world.accounts:
        assert broker_made(world, provider, 'list_networks') == {}


def test_a_subnet_is_realized_with_its_network_once_and_destroyed_with_it(world):
    drv, ctx = world.driver, world.context()
    user = drv.broker_context(ctx)
    net = drv.create_network(ctx, 'lan', '10.20.0.0/16')
    subnet = drv.create_subnet(ctx, net.id, '10.20.1.0/24', 'front')
    account = world.account_id('cloud-b')
    provider_subnet = drv.realize_subnet(user, subnet.id, account)
    assert drv.realize_subnet(user, subnet.id, account) == provider_subnet
    networks = broker_made(world, 'cloud-b', 'list_networks')
    assert list(networks) == ['broker-' + net.id]
    assert networks['broker-' + net.id].address_blocks == ['10.20.0.0/16']
    subnets = broker_made(world, 'cloud-b', 'list_subnets')
    assert subnets[provider_subnet].network_id == 'broker-' + net.id
    assert broker_made(world, 'cloud-a', 'list_networks') == {}

    drv.destroy_subnet(ctx, subnet.id)
    assert broker_made(world, 'cloud-b', 'list_subnets') == {}
    drv.destroy_network(ctx, net.id)
    assert broker_made(world, 'cloud-b', 'list_networks') == {}
    assert realizations.list_realizations(world.admin) == []


def test_an_address_lives_in_one_account_and_follows_its_instance(world):
    drv, ctx = world.driver, world.context()
    address = drv.create_address(ctx)
    known, = realizations.list_realizations(world.admin, kind='address')
    provider = next(p for p in world.accounts if world.account_id(p) == known['account_id'])
    assert address.extra['ip'] == known['provider_object_id']
    assert address.extra['ip'] in provider_addresses(world, provider)
    assert not address.associated

    instance = launch(world, provider=provider)
    associated = drv.associate_address(ctx, address.id, instance.id)
    assert associated.instance_id == instance.id
    assert drv.get_address(ctx, address.id).instance_id == instance.id
    assert [a.address for a in drv.get_instance(ctx, instance.id).public_addresses] == [
        address.extra['ip']]
    assert provider_addresses(world, provider)[address.extra['ip']].instance_id == (
        record(world, instance)['provider_instance_id'])
    with pytest.raises(errors.Conflict):
        drv.destroy_address(ctx, address.id)

    drv.disassociate_address(ctx, address.id)
    assert not drv.get_address(ctx, address.id).associated
    assert address.extra['ip'] not in [
        a.address for a in drv.get_instance(ctx, instance.id).public_addresses]
    drv.destroy_address(ctx, address.id)
    assert address.extra['ip'] not in provider_addresses(world, provider)
    assert drv.list_addresses(ctx) == []
    types = {e['type'] for e in events.query(world.admin, object_id=address.id)}
    assert types == {'address.create', 'realization.record', 'address.ip',
                     'address.associate', 'address.disassociate', 'realization.delete',
                     'address.delete'}


def test_an_address_associates_only_within_its_account(world):
    drv, ctx = world.driver, world.context()
    set_members(world, {'cloud-b': False})
    address = drv.create_address(ctx)  # the only account left: cloud-a
    set_members(world, {'cloud-b': True})
    elsewhere = launch(world, provider='cloud-b')
    with pytest.raises(errors.Conflict) as refused:
        drv.associate_address(ctx, address.id, elsewhere.id)
    assert 'another account' in refused.value.message
    assert not drv.get_address(ctx, address.id).associated
    with pytest.raises(errors.ValidationError):
        drv.associate_address(ctx, address.id, 'no-such-instance')


def test_an_address_without_a_clear_pool_is_realized_where_it_is_first_associated(world):
    drv, ctx = world.driver, world.context()
    silver = pools.create_pool(world.admin, 'silver')
    world.grant('alice', silver)
    address = drv.create_address(ctx)  # two pools and no default: not placed yet
    assert address.extra['ip'] is None
    assert realizations.list_realizations(world.admin, kind='address') == []
    instance = launch(world, provider='cloud-b')
    drv.associate_address(ctx, address.id, instance.id)
    known, = realizations.list_realizations(world.admin, kind='address')
    assert known['account_id'] == world.account_id('cloud-b')
    assert drv.get_address(ctx, address.id).extra['ip'] == known['provider_object_id']


def test_a_destroyed_instance_lets_its_addresses_go(world):
    drv, ctx = world.driver, world.context()
    set_members(world, {'cloud-b': False})
    address = drv.create_address(ctx)
    instance = launch(world)
    drv.associate_address(ctx, address.id, instance.id)
    destroy(world, instance.id)
    assert not drv.get_address(ctx, address.id).associated
    drv.destroy_address(ctx, address.id)


def test_other_users_networks_and_addresses_do_not_exist_for_them(world):
    drv, alice, bob = world.driver, world.context('alice'), world.context('bob')
    net = drv.create_network(alice, 'lan', '10.20.0.0/16')
    subnet = drv.create_subnet(alice, net.id, '10.20.1.0/24')
    address = drv.create_address(alice)
    bobs = launch(world, user='bob')
    assert drv.list_networks(bob) == drv.list_subnets(bob) == drv.list_addresses(bob) == []
    for call, args in ((drv.get_network, (net.id,)), (drv.destroy_network, (net.id,)),
                       (drv.get_subnet, (subnet.id,)), (drv.destroy_subnet, (subnet.id,)),
                       (drv.get_address, (address.id,)), (drv.destroy_address, (address.id,)),
                       (drv.associate_address, (address.id, bobs.id))):
        with pytest.raises(errors.NotFound):
            call(bob, *args)
    with pytest.raises(errors.ValidationError):
        drv.create_subnet(bob, net.id, '10.20.2.0/24')
    with pytest.raises(errors.ValidationError):
        drv.associate_address(alice, address.id, bobs.id)  # bob's instance is not alice's


def test_the_deltacloud_api_shows_an_address_by_its_ip(world, conf):
    conf.set_override('enabled_apps', [], group='api')
    api = api_helpers.Api(falcon.testing.TestClient(app_mod.create_app(conf)))
    headers = dict(api_helpers.basic('alice', 'alice-password'),
                   **{'X-Deltacloud-Driver': 'broker', 'Accept': 'application/xml'})
    created = api.post('/api/addresses', {}, headers=headers)
    assert created.status_code == 201, created.text
    shown = etree.fromstring(created.content)
    known = world.driver.get_address(world.context(), shown.get('id'))
    assert shown.findtext('ip') == known.extra['ip'] != known.id
