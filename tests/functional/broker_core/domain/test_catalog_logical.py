"""Users' keys, firewalls, networks and addresses, and their realizations in accounts."""

import base64
import hashlib

from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.hazmat.primitives import serialization
import pytest

from broker_core.catalog import addresses
from broker_core.catalog import firewalls
from broker_core.catalog import keys
from broker_core.catalog import networks
from broker_core.catalog import realizations
from broker_core import errors
from tests.functional.broker_core.domain import conftest as fx


def openssh_public_key(private):
    return private.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                             serialization.PublicFormat.OpenSSH).decode()


@pytest.fixture(scope='module')
def public_key():
    return openssh_public_key(ed25519.Ed25519PrivateKey.generate())


def md5_fingerprint(public_key):
    digest = hashlib.md5(base64.b64decode(public_key.split()[1])).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, 32, 2))


def test_key_lifecycle(user_id, public_key, admin_context):
    created = keys.create_key(admin_context, user_id, 'laptop', public_key + ' me@host')
    assert created['fingerprint'] == md5_fingerprint(public_key)
    assert created['public_key'] == public_key + ' me@host'
    rsa_key = openssh_public_key(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    other = keys.create_key(admin_context, user_id, 'desktop', '  %s  ' % rsa_key)
    assert other['public_key'] == rsa_key
    assert keys.get_key(admin_context, created['id']) == created
    assert [k['name'] for k in keys.list_keys(admin_context, owner_id=user_id)] == [
        'desktop', 'laptop']
    assert keys.list_keys(admin_context, owner_id=fx.add_user(admin_context, 'bob')) == []
    keys.delete_key(admin_context, created['id'])
    assert [k['name'] for k in keys.list_keys(admin_context)] == ['desktop']


@pytest.mark.parametrize('text', [
    '', 'ssh-rsa', 'ssh-foo AAAA', 'ssh-rsa not*base64', 'ssh-rsa AAAAB3NzaC1lZDI1NTE5',
    '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----', None,
])
def test_bad_public_keys_are_refused(user_id, admin_context, text):
    with pytest.raises(errors.Invalid) as raised:
        keys.create_key(admin_context, user_id, 'k', text)
    assert raised.value.kwargs['field'] == 'public_key'
    assert keys.list_keys(admin_context) == []


def test_key_errors(user_id, public_key, admin_context):
    key = keys.create_key(admin_context, user_id, 'laptop', public_key)
    keys.create_key(admin_context, fx.add_user(admin_context, 'bob'), 'laptop', public_key)
    fx.add_instance(admin_context, user_id, key_id=key['id'])
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.ObjectExists):
        keys.create_key(admin_context, user_id, 'laptop', public_key)
    with pytest.raises(errors.ObjectNotFound):
        keys.create_key(admin_context, 'nobody', 'x', public_key)
    with pytest.raises(errors.Invalid):
        keys.create_key(admin_context, user_id, '', public_key)
    with pytest.raises(errors.InUse):
        keys.delete_key(admin_context, key['id'])
    for call in (keys.get_key, keys.delete_key):
        with pytest.raises(errors.ObjectNotFound):
            call(admin_context, 'nope')
    assert fx.row_counts(admin_context) == before


def test_firewall_lifecycle(user_id, admin_context):
    web = firewalls.create_firewall(admin_context, user_id, 'web', description='d')
    admin = firewalls.create_firewall(admin_context, user_id, 'admin')
    http = firewalls.add_rule(admin_context, web['id'], 'TCP', 80, sources=['0.0.0.0/0'])
    assert (http['protocol'], http['from_port'], http['to_port']) == ('tcp', 80, 80)
    ssh = firewalls.add_rule(admin_context, web['id'], 'tcp', 22, 23, sources=[
        {'type': 'address', 'address': '10.0.0.0/8'}, {'type': 'group',
                                                       'firewall_id': admin['id']},
        '2001:db8::/32'])
    assert ssh['sources'] == [{'type': 'address', 'address': '10.0.0.0/8'},
                              {'type': 'group', 'firewall_id': admin['id'], 'name': 'admin'},
                              {'type': 'address', 'address': '2001:db8::/32'}]
    ping = firewalls.add_rule(admin_context, web['id'], 'icmp', sources=['192.0.2.1'],
                              direction='egress')
    assert (ping['from_port'], ping['to_port'], ping['direction']) == (None, None, 'egress')

    shown = firewalls.get_firewall(admin_context, web['id'])
    assert [rule['id'] for rule in shown['rules']] == [http['id'], ssh['id'], ping['id']]
    assert [f['name'] for f in firewalls.list_firewalls(admin_context, owner_id=user_id)] == [
        'admin', 'web']

    firewalls.delete_rule(admin_context, web['id'], http['id'])
    assert len(firewalls.get_firewall(admin_context, web['id'])['rules']) == 2
    with pytest.raises(errors.InUse):
        firewalls.delete_firewall(admin_context, admin['id'])
    firewalls.delete_firewall(admin_context, web['id'])
    firewalls.delete_firewall(admin_context, admin['id'])
    assert fx.row_counts(admin_context)['firewall_rules'] == 0


@pytest.mark.parametrize('args, kwargs, field', [
    (('ftp', 21), {}, 'protocol'), (('tcp', None), {}, 'from_port'),
    (('tcp', -1), {}, 'from_port'), (('tcp', 80, 65536), {}, 'to_port'),
    (('udp', 90, 80), {}, 'to_port'), (('tcp', '80'), {}, 'from_port'),
    (('icmp', None, 5), {}, 'from_port'),
    (('tcp', 80), {'sources': []}, 'sources'), (('tcp', 80), {'sources': '0.0.0.0/0'}, 'sources'),
    (('tcp', 80), {'sources': ['10.0.0.1/8']}, 'sources'),
    (('tcp', 80), {'sources': ['not-an-ip']}, 'sources'),
    (('tcp', 80), {'sources': [{'type': 'address'}]}, 'sources'),
    (('tcp', 80), {'sources': [{'type': 'other', 'address': '1.2.3.4'}]}, 'sources'),
    (('tcp', 80), {'sources': [5]}, 'sources'),
    (('tcp', 80), {'sources': ['0.0.0.0/0'], 'direction': 'sideways'}, 'direction'),
])
def test_bad_rules_are_refused(user_id, admin_context, args, kwargs, field):
    firewall = firewalls.create_firewall(admin_context, user_id, 'web')
    kwargs = dict({'sources': ['0.0.0.0/0']}, **kwargs)
    with pytest.raises(errors.Invalid) as raised:
        firewalls.add_rule(admin_context, firewall['id'], *args, **kwargs)
    assert raised.value.kwargs['field'] == field
    assert firewalls.get_firewall(admin_context, firewall['id'])['rules'] == []


def test_firewall_errors(user_id, admin_context):
    firewall = firewalls.create_firewall(admin_context, user_id, 'web')
    bob = fx.add_user(admin_context, 'bob')
    bobs = firewalls.create_firewall(admin_context, bob, 'web')
    fx.add_instance(admin_context, user_id, firewall_ids=[firewall['id']])
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.ObjectExists):
        firewalls.create_firewall(admin_context, user_id, 'web')
    with pytest.raises(errors.ObjectNotFound):
        firewalls.create_firewall(admin_context, 'nobody', 'web')
    with pytest.raises(errors.ObjectNotFound):
        firewalls.add_rule(admin_context, firewall['id'], 'tcp', 22,
                           sources=[{'type': 'group', 'firewall_id': bobs['id']}])
    with pytest.raises(errors.ObjectNotFound):
        firewalls.add_rule(admin_context, 'nope', 'tcp', 22, sources=['0.0.0.0/0'])
    with pytest.raises(errors.ObjectNotFound):
        firewalls.delete_rule(admin_context, firewall['id'], 'nope')
    with pytest.raises(errors.InUse):
        firewalls.delete_firewall(admin_context, firewall['id'])
    for call in (firewalls.get_firewall, firewalls.delete_firewall):
        with pytest.raises(errors.ObjectNotFound):
            call(admin_context, 'nope')
    assert fx.row_counts(admin_context) == before


def test_a_rule_belongs_to_its_firewall(user_id, admin_context):
    web = firewalls.create_firewall(admin_context, user_id, 'web')
    db = firewalls.create_firewall(admin_context, user_id, 'db')
    rule = firewalls.add_rule(admin_context, web['id'], 'tcp', 80, sources=['0.0.0.0/0'])
    with pytest.raises(errors.ObjectNotFound):
        firewalls.delete_rule(admin_context, db['id'], rule['id'])


def test_networks_and_subnets(user_id, admin_context):
    network = networks.create_network(admin_context, user_id, '10.0.0.0/16', name='net')
    first = networks.create_subnet(admin_context, network['id'], '10.0.1.0/24', name='a',
                                   type='private')
    second = networks.create_subnet(admin_context, network['id'], '10.0.2.0/24')
    assert first['owner_id'] == user_id and first['network_id'] == network['id']
    assert networks.get_network(admin_context, network['id'])['subnet_ids'] == [
        first['id'], second['id']]
    assert networks.get_subnet(admin_context, first['id']) == first
    assert [n['id'] for n in networks.list_networks(admin_context, owner_id=user_id)] == [
        network['id']]
    assert [s['id'] for s in networks.list_subnets(admin_context,
                                                   network_id=network['id'])] == [
        first['id'], second['id']]
    with pytest.raises(errors.InUse):
        networks.delete_network(admin_context, network['id'])
    networks.delete_subnet(admin_context, first['id'])
    networks.delete_subnet(admin_context, second['id'])
    networks.delete_network(admin_context, network['id'])
    assert networks.list_networks(admin_context) == []


@pytest.mark.parametrize('block', ['10.0.0.1/16', '10.0.0.0/33', 'banana', '', None, 10])
def test_bad_network_blocks_are_refused(user_id, admin_context, block):
    with pytest.raises(errors.Invalid) as raised:
        networks.create_network(admin_context, user_id, block)
    assert raised.value.kwargs['field'] == 'address_block'
    assert networks.list_networks(admin_context) == []


@pytest.mark.parametrize('block, kwargs, field', [
    ('10.1.0.0/24', {}, 'address_block'), ('10.0.0.0/8', {}, 'address_block'),
    ('10.0.1.128/25', {}, 'address_block'), ('2001:db8::/64', {}, 'address_block'),
    ('10.0.9.1/24', {}, 'address_block'), ('10.0.9.0/24', {'type': 'dmz'}, 'type'),
    ('10.0.9.0/24', {'name': ''}, 'name'),
])
def test_bad_subnets_are_refused(user_id, admin_context, block, kwargs, field):
    network = networks.create_network(admin_context, user_id, '10.0.0.0/16')
    networks.create_subnet(admin_context, network['id'], '10.0.1.0/24')
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.Invalid) as raised:
        networks.create_subnet(admin_context, network['id'], block, **kwargs)
    assert raised.value.kwargs['field'] == field
    assert fx.row_counts(admin_context) == before


def test_network_lookups(database, admin_context):
    for call in (networks.get_network, networks.delete_network, networks.get_subnet,
                 networks.delete_subnet):
        with pytest.raises(errors.ObjectNotFound):
            call(admin_context, 'nope')
    with pytest.raises(errors.ObjectNotFound):
        networks.create_network(admin_context, 'nobody', '10.0.0.0/8')
    with pytest.raises(errors.ObjectNotFound):
        networks.create_subnet(admin_context, 'nope', '10.0.0.0/8')


def test_addresses(user_id, pool, admin_context):
    address = addresses.create_address(admin_context, user_id, pool_id=pool['id'])
    assert (address['ip'], address['pool_id']) == (None, pool['id'])
    unbound = addresses.create_address(admin_context, user_id)
    assert addresses.get_address(admin_context, address['id']) == address
    assert [a['id'] for a in addresses.list_addresses(admin_context, pool_id=pool['id'])] == [
        address['id']]
    assert len(addresses.list_addresses(admin_context, owner_id=user_id)) == 2
    addresses.delete_address(admin_context, unbound['id'])
    with pytest.raises(errors.ObjectNotFound):
        addresses.create_address(admin_context, 'nobody')
    with pytest.raises(errors.ObjectNotFound):
        addresses.create_address(admin_context, user_id, pool_id='nope')
    for call in (addresses.get_address, addresses.delete_address):
        with pytest.raises(errors.ObjectNotFound):
            call(admin_context, 'nope')


def test_an_associated_address_is_not_deleted(user_id, admin_context):
    address = addresses.create_address(admin_context, user_id)
    fx.associate(admin_context, address['id'], fx.add_instance(admin_context, user_id))
    with pytest.raises(errors.InUse):
        addresses.delete_address(admin_context, address['id'])


def test_realizations(user_id, account, public_key, admin_context):
    key = keys.create_key(admin_context, user_id, 'laptop', public_key)
    pending = realizations.record_realization(admin_context, 'key', key['id'], account['id'],
                                              None)
    assert (pending['state'], pending['provider_object_id']) == ('creating', None)
    done = realizations.record_realization(admin_context, 'key', key['id'], account['id'],
                                           'key-123', details={'name': 'laptop'})
    assert done['id'] == pending['id']
    assert (done['state'], done['provider_object_id']) == ('available', 'key-123')
    assert realizations.get_realization(admin_context, 'key', key['id'], account['id']) == done
    firewall = firewalls.create_firewall(admin_context, user_id, 'web')
    realizations.record_realization(admin_context, 'firewall', firewall['id'], account['id'],
                                    'sg-1', state='error')
    assert [r['kind'] for r in realizations.list_realizations(
        admin_context, account_id=account['id'])] == ['firewall', 'key']
    assert realizations.list_realizations(admin_context, kind='key',
                                          object_id=key['id']) == [done]
    realizations.delete_realization(admin_context, 'key', key['id'], account['id'])
    with pytest.raises(errors.ObjectNotFound):
        realizations.get_realization(admin_context, 'key', key['id'], account['id'])


def test_realization_errors(user_id, account, public_key, admin_context):
    key = keys.create_key(admin_context, user_id, 'laptop', public_key)
    other = keys.create_key(admin_context, user_id, 'desktop', public_key)
    realizations.record_realization(admin_context, 'key', key['id'], account['id'], 'key-1')
    before = fx.row_counts(admin_context)
    with pytest.raises(errors.ObjectExists):
        realizations.record_realization(admin_context, 'key', other['id'], account['id'],
                                        'key-1')
    with pytest.raises(errors.Invalid):
        realizations.record_realization(admin_context, 'bucket', key['id'], account['id'], 'x')
    with pytest.raises(errors.Invalid):
        realizations.record_realization(admin_context, 'key', key['id'], account['id'], 'x',
                                        state='odd')
    with pytest.raises(errors.ObjectNotFound):
        realizations.record_realization(admin_context, 'firewall', key['id'], account['id'],
                                        'x')
    with pytest.raises(errors.ObjectNotFound):
        realizations.record_realization(admin_context, 'key', key['id'], 'nope', 'x')
    with pytest.raises(errors.ObjectNotFound):
        realizations.delete_realization(admin_context, 'key', other['id'], account['id'])
    with pytest.raises(errors.Invalid):
        realizations.list_realizations(admin_context, kind='bucket')
    assert fx.row_counts(admin_context) == before
    assert realizations.get_realization(admin_context, 'key', key['id'],
                                        account['id'])['provider_object_id'] == 'key-1'
