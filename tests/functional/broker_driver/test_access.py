"""Keys and firewalls of the broker driver: broker objects, realized in an account on need."""

from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives import serialization
import pytest

from broker_core.catalog import realizations
from broker_core import events
from broker_core import instances
from iaas import errors
from tests.functional.broker_driver.conftest import destroy, launch

SOURCE = {'type': 'address', 'address': '10.1.0.0/16'}


@pytest.fixture
def public_key():
    private = ed25519.Ed25519PrivateKey.generate()
    return private.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                             serialization.PublicFormat.OpenSSH).decode()


def provider_keys(world, provider):
    """The keys the broker made at the mock cloud (it seeds one of its own)."""
    found = world.driver.account_call(world.admin, world.account_id(provider), 'list_keys')
    return {k.id for k in found if k.id.startswith('broker-')}


def provider_firewall(world, provider, firewall_id):
    name = 'broker-' + firewall_id
    found = world.driver.account_call(world.admin, world.account_id(provider), 'list_firewalls')
    return next((f for f in found if f.id == name), None)


def bctx(world, user='alice'):
    return world.driver.broker_context(world.context(user))


def test_keys_answer_from_the_broker_without_a_provider(world, public_key):
    drv, ctx = world.driver, world.context()
    made = drv.create_key(ctx, 'laptop')
    assert made.pem_rsa_key.startswith('-----BEGIN RSA PRIVATE KEY-----')
    assert made.id == 'laptop' and made.fingerprint and made.public_key.startswith('ssh-rsa ')
    imported = drv.create_key(ctx, 'desktop', public_key=public_key)
    assert imported.pem_rsa_key is None and imported.public_key == public_key
    assert [k.id for k in drv.list_keys(ctx)] == ['desktop', 'laptop']
    assert drv.get_key(ctx, 'laptop').pem_rsa_key is None  # shown once, never stored
    with pytest.raises(errors.Forbidden):
        drv.create_key(ctx, 'laptop', public_key=public_key)
    with pytest.raises(errors.ValidationError):
        drv.create_key(ctx, 'bad', public_key='ssh-rsa not-base64')
    drv.destroy_key(ctx, 'laptop')
    with pytest.raises(errors.NotFound):
        drv.get_key(ctx, 'laptop')
    assert provider_keys(world, 'cloud-a') == provider_keys(world, 'cloud-b') == set()


def test_a_key_is_realized_once_per_account_where_an_instance_needs_it(world, public_key):
    drv, ctx = world.driver, world.context()
    key = drv.create_key(ctx, 'laptop', public_key=public_key)
    broker_key = drv.key_named(bctx(world), 'laptop')
    name = 'broker-' + broker_key['id']

    first = launch(world, provider='cloud-a', keyname=key.id)
    assert provider_keys(world, 'cloud-a') == {name}
    assert provider_keys(world, 'cloud-b') == set()
    launch(world, provider='cloud-a', keyname=key.id)
    assert provider_keys(world, 'cloud-a') == {name}
    launch(world, provider='cloud-b', keyname=key.id)
    assert provider_keys(world, 'cloud-b') == {name}
    known = realizations.list_realizations(world.admin, kind='key', object_id=broker_key['id'])
    assert {r['account_id'] for r in known} == {world.account_id(p) for p in world.accounts}
    assert {r['provider_object_id'] for r in known} == {name}
    record = instances.get(world.admin, first.id)
    at_provider = drv.account_call(world.admin, record['account_id'], 'get_instance',
                                   record['provider_instance_id'])
    assert at_provider.keyname == name


def test_destroying_a_realized_key_destroys_it_at_its_providers(world, public_key):
    drv, ctx = world.driver, world.context()
    drv.create_key(ctx, 'laptop', public_key=public_key)
    instance = launch(world, provider='cloud-a', keyname='laptop')
    with pytest.raises(errors.Conflict):
        drv.destroy_key(ctx, 'laptop')
    assert len(provider_keys(world, 'cloud-a')) == 1  # nothing torn down while in use

    destroy(world, instance.id)
    world.knobs('cloud-a', fail_next={'keys.destroy': 1})
    with pytest.raises(errors.ProviderError) as refused:
        drv.destroy_key(ctx, 'laptop')
    assert "Account 'main'" in refused.value.message and 'mockpassword' not in str(refused.value)
    assert drv.get_key(ctx, 'laptop').id == 'laptop'  # kept while a provider refuses
    failure, = events.query(world.admin, type='key.realization.destroy')
    assert (failure['outcome'], failure['account_id']) == ('failure', world.account_id('cloud-a'))

    drv.destroy_key(ctx, 'laptop')
    assert provider_keys(world, 'cloud-a') == set()
    assert realizations.list_realizations(world.admin, kind='key') == []
    with pytest.raises(errors.NotFound):
        drv.get_key(ctx, 'laptop')


def test_firewall_rules_follow_the_firewall_into_every_account(world):
    drv, ctx, user = world.driver, world.context(), bctx(world)
    web = drv.create_firewall(ctx, 'web', 'web servers')
    drv.create_rule_firewall(ctx, web.id, 'tcp', 80, 80, [SOURCE])
    assert provider_firewall(world, 'cloud-a', web.id) is None  # not needed anywhere yet

    account = world.account_id('cloud-a')
    provider_id, = drv.realize_firewalls(user, [web.id], account)
    assert drv.realize_firewalls(user, [web.id], account) == [provider_id]
    realized = provider_firewall(world, 'cloud-a', web.id)
    assert realized.id == provider_id
    assert [(r.allow_protocol, r.port_from, r.sources) for r in realized.rules] == [
        ('tcp', 80, [SOURCE])]

    updated = drv.create_rule_firewall(ctx, web.id, 'icmp', -1, -1, [SOURCE])
    icmp, = [r for r in updated.rules if r.allow_protocol == 'icmp']
    assert (icmp.port_from, icmp.port_to) == (-1, -1)
    assert len(provider_firewall(world, 'cloud-a', web.id).rules) == 2
    drv.destroy_rule_firewall(ctx, web.id, icmp.id)
    assert [r.allow_protocol for r in provider_firewall(world, 'cloud-a', web.id).rules] == [
        'tcp']
    assert provider_firewall(world, 'cloud-b', web.id) is None

    drv.destroy_firewall(ctx, web.id)
    assert provider_firewall(world, 'cloud-a', web.id) is None
    assert realizations.list_realizations(world.admin, kind='firewall') == []


def test_a_rule_one_provider_refuses_is_taken_back_everywhere(world):
    drv, ctx, user = world.driver, world.context(), bctx(world)
    web = drv.create_firewall(ctx, 'web', 'web servers')
    for provider in ('cloud-a', 'cloud-b'):
        drv.realize_firewalls(user, [web.id], world.account_id(provider))
    world.knobs('cloud-b', fail_next={'firewalls.create_rule': 1})
    with pytest.raises(errors.ProviderError):
        drv.create_rule_firewall(ctx, web.id, 'tcp', 22, 22, [SOURCE])
    assert drv.get_firewall(ctx, web.id).rules == []
    for provider in ('cloud-a', 'cloud-b'):
        assert provider_firewall(world, provider, web.id).rules == []
    assert events.query(world.admin, type='firewall.realization.push_rule')[0]['outcome'] == (
        'failure')

    drv.create_rule_firewall(ctx, web.id, 'tcp', 22, 22, [SOURCE])
    for provider in ('cloud-a', 'cloud-b'):
        assert len(provider_firewall(world, provider, web.id).rules) == 1


def test_a_launch_brings_a_realization_in_step_without_doubling_rules(world):
    drv, ctx, user = world.driver, world.context(), bctx(world)
    web = drv.create_firewall(ctx, 'web', 'web servers')
    drv.create_rule_firewall(ctx, web.id, 'tcp', 80, 80, [SOURCE])
    account = world.account_id('cloud-a')
    drv.realize_firewalls(user, [web.id], account)
    # As if the broker had crashed after the provider created the rule: the mapping is lost.
    known = realizations.get_realization(world.admin, 'firewall', web.id, account)
    realizations.record_realization(world.admin, 'firewall', web.id, account,
                                    known['provider_object_id'], details={})
    drv.realize_firewalls(user, [web.id], account)
    assert len(provider_firewall(world, 'cloud-a', web.id).rules) == 1
    rule_id = drv.get_firewall(ctx, web.id).rules[0].id
    assert rule_id in realizations.get_realization(world.admin, 'firewall', web.id,
                                                   account)['details']['rules']


def test_group_sources_name_the_group_realized_in_the_same_account(world):
    drv, ctx, user = world.driver, world.context(), bctx(world)
    web = drv.create_firewall(ctx, 'web', 'web servers')
    db = drv.create_firewall(ctx, 'db', 'databases')
    drv.create_rule_firewall(ctx, db.id, 'tcp', 5432, 5432, [{'type': 'group', 'name': 'web'}])
    shown, = drv.get_firewall(ctx, db.id).rules
    assert shown.sources == [{'type': 'group', 'name': 'web', 'owner': 'alice'}]
    drv.realize_firewalls(user, [db.id], world.account_id('cloud-b'))
    rule, = provider_firewall(world, 'cloud-b', db.id).rules
    assert rule.sources[0]['name'] == 'broker-' + web.id
    assert provider_firewall(world, 'cloud-b', web.id) is not None
    with pytest.raises(errors.Conflict):
        drv.destroy_firewall(ctx, web.id)  # db's rule refers to it


def test_a_firewall_of_a_live_instance_is_not_destroyed(world):
    drv, ctx, user = world.driver, world.context(), bctx(world)
    web = drv.create_firewall(ctx, 'web', 'web servers')
    drv.realize_firewalls(user, [web.id], world.account_id('cloud-a'))
    instances.create_reserved(user, owner_id=user.user_id, pool_id=world.pool['id'],
                              firewall_ids=[web.id])
    with pytest.raises(errors.Conflict):
        drv.destroy_firewall(ctx, web.id)
    assert provider_firewall(world, 'cloud-a', web.id) is not None


def test_other_users_keys_and_firewalls_do_not_exist_for_them(world, public_key):
    drv, alice, bob = world.driver, world.context('alice'), world.context('bob')
    drv.create_key(alice, 'laptop', public_key=public_key)
    web = drv.create_firewall(alice, 'web', 'web servers')
    assert drv.list_keys(bob) == [] and drv.list_firewalls(bob) == []
    for call, args in ((drv.get_key, ('laptop',)), (drv.destroy_key, ('laptop',)),
                       (drv.get_firewall, (web.id,)), (drv.destroy_firewall, (web.id,)),
                       (drv.create_rule_firewall, (web.id, 'tcp', 1, 1, [SOURCE]))):
        with pytest.raises(errors.NotFound):
            call(bob, *args)
    mine = drv.create_firewall(bob, 'mine', 'bob')
    with pytest.raises(errors.ValidationError):
        drv.create_rule_firewall(bob, mine.id, 'tcp', 1, 1, [{'type': 'group', 'name': 'web'}])
    with pytest.raises(errors.NotFound):
        drv.realize_key(bctx(world, 'bob'), drv.key_named(bctx(world), 'laptop')['id'],
                        world.account_id('cloud-a'))
    drv.create_key(bob, 'laptop', public_key=public_key)  # names are per user
    assert [k.id for k in drv.list_keys(alice)] == ['laptop']
