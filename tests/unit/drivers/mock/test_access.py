"""Mock keys and firewalls."""

import re

import pytest

from iaas import errors
from iaas import models
from tests.contract import fixtures as contract_fixtures
from tests.unit.drivers.mock import helpers

# What ``ssh-keygen -E md5 -l`` prints for the contract's public key.
CONTRACT_KEY_MD5 = '14:ac:48:14:4b:e0:5a:be:36:60:7e:e1:37:8c:df:54'


def test_created_keys_look_like_the_originals(mock, ctx):
    key = mock.create_key(ctx, 'k1')
    assert (key.id, key.credential_type, key.public_key) == ('k1', 'key', None)
    lines = key.pem_rsa_key.split('\n')
    assert lines[0] == '-----BEGIN RSA PRIVATE KEY-----'
    assert lines[-1].endswith('-----END RSA PRIVATE KEY-----')
    assert len(lines) == 22 and all(len(line) == 75 for line in lines[1:-1])
    assert re.match(r'^([0-9a-f]{2}:){19}[0-9a-f]{2}$', key.fingerprint)
    other = mock.create_key(ctx, 'k2')
    assert (other.pem_rsa_key, other.fingerprint) != (key.pem_rsa_key, key.fingerprint)
    assert mock.get_key(ctx, 'k1') == key


def test_duplicate_key(mock, ctx):
    with pytest.raises(errors.Forbidden) as raised:
        mock.create_key(ctx, 'test-key')
    assert raised.value.message == 'Key with same name already exists'


def test_import_key(mock, ctx):
    key = mock.create_key(ctx, 'mine', public_key=contract_fixtures.CONTRACT_PUBLIC_KEY)
    assert (key.fingerprint, key.pem_rsa_key) == (CONTRACT_KEY_MD5, None)
    assert key.public_key == contract_fixtures.CONTRACT_PUBLIC_KEY


@pytest.mark.parametrize('name,public_key,error', [
    ('', None, errors.MissingParameter),
    (None, None, errors.MissingParameter),
    ('a/b', None, errors.ValidationError),
    ('ok', '   ', errors.ValidationError),
])
def test_invalid_keys(mock, ctx, name, public_key, error):
    with pytest.raises(error):
        mock.create_key(ctx, name, public_key=public_key)
    assert [k.id for k in mock.list_keys(ctx)] == ['test-key']


def test_destroy_key(mock, ctx):
    mock.destroy_key(ctx, 'test-key')
    with pytest.raises(errors.NotFound):
        mock.destroy_key(ctx, 'test-key')


def test_seeded_firewall(mock, ctx):
    firewall, = mock.list_firewalls(ctx)
    rule, = firewall.rules
    assert (firewall.id, firewall.owner_id) == ('default', 'mockuser')
    assert (rule.allow_protocol, rule.port_from, rule.port_to, rule.sources) == (
        'tcp', 22, 22, [{'type': 'address', 'address': '0.0.0.0/0'}])


def test_rules(mock, ctx):
    mock.create_firewall(ctx, 'web', 'web servers')
    firewall = mock.create_rule_firewall(ctx, 'web', 'TCP', '80', 443,
                                         [{'type': 'address', 'address': '10.1.2.3/8'},
                                          {'type': 'group', 'name': 'default'}])
    rule, = firewall.rules
    assert (rule.id, rule.allow_protocol, rule.port_from, rule.port_to) == (
        'rule1', 'tcp', 80, 443)
    assert rule.sources == [{'type': 'address', 'address': '10.0.0.0/8'},
                            {'type': 'group', 'name': 'default', 'owner': 'mockuser'}]
    with pytest.raises(errors.Conflict):
        mock.create_rule_firewall(ctx, 'web', 'tcp', 80, 443, [
            {'type': 'address', 'address': '10.0.0.0/8'}, {'type': 'group', 'name': 'default'}])
    second = mock.create_rule_firewall(ctx, 'web', 'icmp', -1, -1,
                                       [{'type': 'address', 'address': '::/0'}])
    assert [r.id for r in second.rules] == ['rule1', 'rule2']
    assert [r.id for r in mock.destroy_rule_firewall(ctx, 'web', 'rule1').rules] == ['rule2']
    with pytest.raises(errors.NotFound):
        mock.destroy_rule_firewall(ctx, 'web', 'rule1')


@pytest.mark.parametrize('protocol,port_from,port_to,sources', [
    ('gre', 1, 1, [{'type': 'address', 'address': '0.0.0.0/0'}]),
    ('tcp', 0, 70000, [{'type': 'address', 'address': '0.0.0.0/0'}]),
    ('tcp', -1, 10, [{'type': 'address', 'address': '0.0.0.0/0'}]),
    ('tcp', 90, 80, [{'type': 'address', 'address': '0.0.0.0/0'}]),
    ('tcp', 'http', 80, [{'type': 'address', 'address': '0.0.0.0/0'}]),
    ('tcp', 80, 80, []),
    ('tcp', 80, 80, [{'type': 'address', 'address': '300.0.0.0/8'}]),
    ('tcp', 80, 80, [{'type': 'address', 'address': '10.0.0.0/40'}]),
    ('tcp', 80, 80, [{'type': 'group', 'name': 'no-such-group'}]),
    ('tcp', 80, 80, [{'type': 'user', 'name': 'x'}]),
    ('tcp', 80, 80, ['0.0.0.0/0']),
])
def test_invalid_rules(mock, ctx, protocol, port_from, port_to, sources):
    with pytest.raises(errors.ValidationError):
        mock.create_rule_firewall(ctx, 'default', protocol, port_from, port_to, sources)
    assert len(mock.get_firewall(ctx, 'default').rules) == 1


def test_firewall_in_use(mock, ctx):
    mock.create_firewall(ctx, 'app')
    with pytest.raises(errors.Conflict):
        mock.create_firewall(ctx, 'app')
    instance, = helpers.launch(mock, ctx, firewall_ids=['app'])
    assert instance.firewall_ids == ['app']
    with pytest.raises(errors.Conflict):
        mock.destroy_firewall(ctx, 'app')
    mock.stop_instance(ctx, instance.id)
    mock.destroy_instance(ctx, instance.id)
    mock.destroy_firewall(ctx, 'app')
    assert [f.id for f in mock.list_firewalls(ctx)] == ['default']
    with pytest.raises(errors.NotFound):
        mock.create_rule_firewall(ctx, 'app', 'tcp', 1, 1, [{'type': 'address',
                                                             'address': '0.0.0.0/0'}])


def test_firewall_owner_is_the_creator(mock, ctx):
    assert mock.create_firewall(ctx, 'fw').owner_id == 'mockuser'
    assert isinstance(mock.get_firewall(ctx, 'fw'), models.Firewall)
