"""Credential encryption: round trips, wrong keys, rotation, and keys that never show."""

import logging
import os
import stat

import pytest

from broker_core import conf as broker_conf
from broker_core import crypto
from broker_core import errors

CREDENTIALS = {'username': 'AKIDEXAMPLE', 'password': 'wJalrXUtnFEMI/K7MDENG'}


@pytest.fixture
def keys():
    return [crypto.generate_key(), crypto.generate_key()]


def test_round_trip_and_tokens_hide_the_plain_text(keys):
    cipher = crypto.CredentialCipher(keys[:1])
    token = cipher.encrypt(CREDENTIALS)
    assert CREDENTIALS['password'] not in token
    assert cipher.decrypt(token) == CREDENTIALS
    assert cipher.encrypt(CREDENTIALS) != token  # a fresh IV every time


def test_a_wrong_key_fails_cleanly(keys):
    token = crypto.CredentialCipher(keys[:1]).encrypt(CREDENTIALS)
    with pytest.raises(errors.CredentialsUnreadable) as caught:
        crypto.CredentialCipher(keys[1:]).decrypt(token)
    assert caught.value.__suppress_context__  # no chained InvalidToken in tracebacks
    with pytest.raises(errors.CredentialsUnreadable):
        crypto.CredentialCipher(keys[1:]).decrypt('garbage')


def test_rotation_keeps_data_readable_with_the_new_key_only(keys):
    old, new = keys
    token = crypto.CredentialCipher([old]).encrypt(CREDENTIALS)
    rotated = crypto.CredentialCipher([new, old]).rotate(token)
    assert crypto.CredentialCipher([new]).decrypt(rotated) == CREDENTIALS
    with pytest.raises(errors.CredentialsUnreadable):
        crypto.CredentialCipher([old]).decrypt(rotated)


def test_malformed_or_missing_keys_are_reported_without_the_key():
    with pytest.raises(errors.CryptoKeyError) as caught:
        crypto.CredentialCipher([crypto.generate_key(), 'short-secret'])
    assert 'key 2' in str(caught.value) and 'short-secret' not in str(caught.value)
    assert caught.value.__suppress_context__  # the original message could echo the key
    with pytest.raises(errors.CryptoKeyError):
        crypto.CredentialCipher([])


def test_no_key_material_in_reprs_or_logs(keys, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    conf = broker_conf.build()
    conf.set_override('fernet_keys', keys, 'crypto')
    cipher = crypto.cipher_from_conf(conf)
    cipher.rotate(cipher.encrypt(CREDENTIALS))
    conf.log_opt_values(logging.getLogger('test'), logging.DEBUG)
    shown = repr(cipher) + str(vars(cipher)) + caplog.text
    assert repr(cipher) == '<CredentialCipher keys=2>'
    for key in keys:
        assert key not in repr(cipher) and key not in caplog.text
    assert CREDENTIALS['password'] not in shown


def test_key_file_is_created_once_with_mode_0600(tmp_path):
    conf = broker_conf.build()
    conf.set_override('state_path', str(tmp_path / 'state'))
    first = crypto.load_keys(conf)
    path = tmp_path / 'state' / 'credential-keys'
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert crypto.load_keys(conf) == first and len(first) == 1
    assert os.listdir(tmp_path / 'state') == ['credential-keys']


def test_key_file_with_several_keys_and_comments(tmp_path, keys, caplog):
    path = tmp_path / 'keys'
    path.write_text('# newest first\n%s\n\n%s\n' % tuple(keys))
    path.chmod(0o644)
    conf = broker_conf.build()
    conf.set_override('key_file', str(path), 'crypto')
    assert crypto.load_keys(conf) == keys
    assert 'readable by others' in caplog.text
    assert keys[0] not in caplog.text
