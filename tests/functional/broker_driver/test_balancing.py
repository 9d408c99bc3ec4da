"""Load balancers of the broker driver: placed by policy, registering instances of one account."""

from lxml import etree
import pytest

from broker_core import events
from broker_core import instances
from broker_core import load_balancers
from broker_core import pool_members
from iaas.drivers.mock import knobs
from iaas import errors
from iaas import models
from tests.functional.broker_driver.conftest import destroy, headers, launch, prefer
from tests.functional.broker_driver.conftest import set_members
from tests.functional import checks

HTTP = [models.Listener('HTTP', 80, 8080)]


def record(world, balancer_id):
    return load_balancers.get(world.admin, balancer_id, include_deleted=True)


def provider_balancers(world, provider):
    found = world.driver.account_call(world.admin, world.account_id(provider),
                                      'list_load_balancers')
    return {b.id: b for b in found}


def test_a_balancer_goes_to_the_account_the_pool_policy_ranks_first(world):
    drv, ctx = world.driver, world.context()
    for first in ('cloud-b', 'cloud-a'):
        prefer(world, first)
        balancer = drv.create_load_balancer(ctx, 'web', 'gold', HTTP)
        placed = record(world, balancer.id)
        assert placed['account_id'] == world.account_id(first)
        at_provider = provider_balancers(world, first)[placed['provider_load_balancer_id']]
        assert at_provider.id == 'broker-' + balancer.id
        assert at_provider.realm_ids == [placed['provider_realm_id']]
        assert (balancer.realm_ids, balancer.instance_ids) == (['gold'], [])
        assert balancer.public_addresses == at_provider.public_addresses
        assert balancer.listeners == HTTP and balancer.extra['name'] == 'web'


def test_a_balancer_goes_to_the_realm_the_pool_member_allows(world):
    drv, ctx = world.driver, world.context()
    set_members(world, {'cloud-a': False})
    pool_members.update_member(world.admin, world.pool['id'], world.account_id('cloud-b'),
                               realms=['us'])
    balancer = drv.create_load_balancer(ctx, 'web', 'gold', HTTP)
    assert record(world, balancer.id)['provider_realm_id'] == 'us'


def test_a_balancer_fails_over_and_no_account_leaves_a_closed_record(world):
    drv, ctx = world.driver, world.context()
    prefer(world, 'cloud-a')
    world.knobs('cloud-a', fail_next={'load_balancers.create': 1})
    balancer = drv.create_load_balancer(ctx, 'web', 'gold', HTTP)
    assert knobs.get_knobs(world.conf, 'cloud-a').fail_next == {}
    assert record(world, balancer.id)['account_id'] == world.account_id('cloud-b')
    assert provider_balancers(world, 'cloud-a') == {}

    for provider in world.accounts:
        world.knobs(provider, fail_next={'load_balancers.create': 1})
    with pytest.raises(errors.ProviderError) as failed:
        drv.create_load_balancer(ctx, 'api', 'gold', HTTP)
    assert failed.value.message.count("Account 'main'") == 2
    assert failed.value.message.count('Injected failure') == 2
    assert [b.id for b in drv.list_load_balancers(ctx)] == [balancer.id]
    closed, = [b for b in load_balancers.list_load_balancers(world.admin, include_deleted=True)
               if b['name'] == 'api']
    assert (closed['state'], closed['provider_load_balancer_id']) == ('ERROR', None)
    assert closed['deleted_at'] is not None and 'Injected failure' in closed['last_error']
    assert [e['type'] for e in events.query(world.admin, object_id=closed['id'])] == [
        'load_balancer.fail', 'load_balancer.create']


@pytest.mark.parametrize('name, realm_id, listeners, error', [
    (None, 'gold', HTTP, errors.ValidationError),
    ('web', 'gold', [], errors.ValidationError),
    ('web', 'gold', [models.Listener('GOPHER', 70, 70)], errors.ValidationError),
    ('web', 'gold', [models.Listener('HTTP', 0, 80)], errors.ValidationError),
    ('web', 'silver', HTTP, errors.ValidationError),
])
def test_bad_balancers_are_refused_before_anything_is_made(world, name, realm_id, listeners,
                                                           error):
    with pytest.raises(error):
        world.driver.create_load_balancer(world.context(), name, realm_id, listeners)
    assert load_balancers.list_load_balancers(world.admin, include_deleted=True) == []
    assert all(provider_balancers(world, provider) == {} for provider in world.accounts)


def test_a_pool_the_user_may_not_use_is_refused(world):
    with pytest.raises(errors.Forbidden):
        world.driver.create_load_balancer(world.context('carol'), 'web', 'gold', HTTP)
    assert load_balancers.list_load_balancers(world.admin, include_deleted=True) == []


def test_instances_register_in_their_account_the_provider_sees_its_own_ids(world):
    drv, ctx = world.driver, world.context()
    prefer(world, 'cloud-a')
    balancer = drv.create_load_balancer(ctx, 'web', 'gold', HTTP)
    instance = launch(world, provider='cloud-a')
    elsewhere = launch(world, provider='cloud-b')
    registered = drv.register_load_balancer(ctx, balancer.id, instance.id)
    assert registered.instance_ids == [instance.id]
    placed = record(world, balancer.id)
    provider_id = instances.get(world.admin, instance.id)['provider_instance_id']
    at_provider = provider_balancers(world, 'cloud-a')[placed['provider_load_balancer_id']]
    assert at_provider.instance_ids == [provider_id]
    with pytest.raises(errors.Conflict) as refused:
        drv.register_load_balancer(ctx, balancer.id, elsewhere.id)
    assert 'own account' in refused.value.message
    assert drv.get_load_balancer(ctx, balancer.id).instance_ids == [instance.id]
    with pytest.raises(errors.ValidationError):
        drv.register_load_balancer(ctx, balancer.id, 'no-such-instance')
    with pytest.raises(errors.ValidationError):
        drv.unregister_load_balancer(ctx, balancer.id, elsewhere.id)
    assert drv.unregister_load_balancer(ctx, balancer.id, instance.id).instance_ids == []
    assert provider_balancers(world, 'cloud-a')[at_provider.id].instance_ids == []


def test_a_destroyed_instance_leaves_its_balancers(world):
    drv, ctx = world.driver, world.context()
    prefer(world, 'cloud-b')
    balancer = drv.create_load_balancer(ctx, 'web', 'gold', HTTP)
    instance, staying = launch(world, provider='cloud-b'), launch(world, provider='cloud-b')
    drv.register_load_balancer(ctx, balancer.id, instance.id)
    drv.register_load_balancer(ctx, balancer.id, staying.id)
    destroy(world, instance.id)
    assert drv.get_load_balancer(ctx, balancer.id).instance_ids == [staying.id]
    let_go = [e['details'] for e in events.query(world.admin, object_id=balancer.id)
              if e['type'] == 'load_balancer.unregister']
    assert let_go == [{'instance_id': instance.id, 'reason': 'instance gone'}]
    at_provider = provider_balancers(world, 'cloud-b')['broker-' + balancer.id]
    assert at_provider.instance_ids == [
        instances.get(world.admin, staying.id)['provider_instance_id']]
    drv.destroy_load_balancer(ctx, balancer.id)
    assert provider_balancers(world, 'cloud-b') == {}
    assert drv.list_load_balancers(ctx) == []
    with pytest.raises(errors.NotFound):
        drv.get_load_balancer(ctx, balancer.id)


def test_other_users_balancers_do_not_exist_for_them(world):
    drv, alice, bob = world.driver, world.context('alice'), world.context('bob')
    prefer(world, 'cloud-a')
    balancer = drv.create_load_balancer(alice, 'web', 'gold', HTTP)
    bobs = launch(world, user='bob', provider='cloud-a')
    assert drv.list_load_balancers(bob) == []
    for call, args in ((drv.get_load_balancer, (balancer.id,)),
                       (drv.destroy_load_balancer, (balancer.id,)),
                       (drv.register_load_balancer, (balancer.id, bobs.id)),
                       (drv.unregister_load_balancer, (balancer.id, bobs.id))):
        with pytest.raises(errors.NotFound):
            call(bob, *args)
    with pytest.raises(errors.ValidationError):
        drv.register_load_balancer(alice, balancer.id, bobs.id)  # not alice's instance
    assert provider_balancers(world, 'cloud-a')['broker-' + balancer.id].instance_ids == []


def test_listing_and_showing_ask_no_provider(world):
    drv, ctx = world.driver, world.context()
    balancer = drv.create_load_balancer(ctx, 'web', 'gold', HTTP)
    for provider in world.accounts:
        world.knobs(provider, failure_rates={'*': 1.0})
    assert [b.id for b in drv.list_load_balancers(ctx)] == [balancer.id]
    assert drv.get_load_balancer(ctx, balancer.id).listeners == HTTP
    with pytest.raises(errors.ProviderError):  # what does reach a provider fails
        drv.destroy_load_balancer(ctx, balancer.id)
    assert [b.id for b in drv.list_load_balancers(ctx)] == [balancer.id]


@pytest.mark.parametrize('fmt', ['json', 'xml'])
def test_balancers_through_the_deltacloud_api(world, api, fmt):
    instance = launch(world)
    created = api.post('/api/load_balancers', {
        'name': 'web', 'realm_id': 'gold', 'listener_protocol': 'HTTP',
        'listener_balancer_port': '80', 'listener_instance_port': '8080'},
        headers=headers(), fmt=fmt)
    assert created.status_code == 201, created.text
    lb_id = record_named(world, 'web')['id']
    assert created.headers['location'].endswith('/api/load_balancers/' + lb_id)
    registered = api.post('/api/load_balancers/%s/register' % lb_id,
                          {'instance_id': instance.id}, headers=headers(), fmt=fmt)
    assert registered.status_code == 200, registered.text
    if fmt == 'json':
        shown = api.get('/api/load_balancers/' + lb_id, headers=headers()).json
        balancer = shown['load_balancer']
        assert [i['id'] for i in balancer['instances']] == [instance.id]
        assert [r['id'] for r in balancer['realms']] == ['gold']
        assert balancer['listeners'] == [{'protocol': 'HTTP', 'load_balancer_port': 80,
                                          'instance_port': 8080}]
    else:
        root = etree.fromstring(api.get('/api/load_balancers/' + lb_id, headers=headers(),
                                        fmt='xml').content)
        assert root.find('instances/instance').get('id') == instance.id
        assert root.find('realms/realm').get('id') == 'gold'
    assert api.ids('load_balancers', headers=headers()) == [lb_id]
    checks.error(api.get('/api/load_balancers/' + lb_id, headers=headers('bob'), fmt=fmt),
                 404, fmt)
    checks.error(api.post('/api/load_balancers', {
        'name': 'bad', 'realm_id': 'gold', 'listener_protocol': 'GOPHER',
        'listener_balancer_port': '80', 'listener_instance_port': '80'},
        headers=headers(), fmt=fmt), 400, fmt)
    unregistered = api.post('/api/load_balancers/%s/unregister' % lb_id,
                            {'instance_id': instance.id}, headers=headers(), fmt=fmt)
    assert unregistered.status_code == 200, unregistered.text
    assert api.delete('/api/load_balancers/' + lb_id, headers=headers(),
                      fmt=fmt).status_code == 204
    checks.error(api.get('/api/load_balancers/' + lb_id, headers=headers(), fmt=fmt), 404, fmt)


def record_named(world, name):
    found, = [b for b in load_balancers.list_load_balancers(world.admin) if b['name'] == name]
    return found
