"""Password hashes: salted scrypt in PHC form, checked in constant time, never echoed."""

import logging

import pytest

from broker_core import errors
from broker_core import passwords

SECRET = 'correct horse battery'


@pytest.fixture(scope='module')
def hashed():
    return passwords.hash_password(SECRET)


def test_a_hash_is_a_salted_scrypt_string_without_the_password(hashed):
    assert hashed.startswith('$scrypt$ln=%d,r=%d,p=%d$' % (
        passwords.LOG_N, passwords.BLOCK_SIZE, passwords.PARALLELISM))
    assert SECRET not in hashed
    assert passwords.hash_password(SECRET) != hashed  # a new salt every time
    assert not passwords.needs_rehash(hashed)


def test_verify_accepts_the_password_only(hashed):
    assert passwords.verify(SECRET, hashed)
    assert not passwords.verify(SECRET + ' ', hashed)
    assert not passwords.verify(SECRET.upper(), hashed)
    assert not passwords.verify('', hashed)
    assert not passwords.verify(None, hashed)
    assert not passwords.verify(b'bytes', hashed)
    assert not passwords.verify('x' * (passwords.MAX_LENGTH + 1), hashed)


def test_no_hash_or_a_malformed_one_matches_nothing_and_still_costs_a_kdf(monkeypatch, caplog):
    calls = []
    real_kdf = passwords._kdf
    monkeypatch.setattr(passwords, '_kdf', lambda *args: calls.append(args) or real_kdf(*args))
    passwords._dummy_hash()  # made once per process, outside what is counted
    calls.clear()
    caplog.set_level(logging.DEBUG)

    for stored in (None, '', 'garbage', '$scrypt$ln=40,r=8,p=1$c2FsdA$a2V5',
                   '$scrypt$ln=15,r=8,p=1$$a2V5', '$bcrypt$2b$12$whatever'):
        assert not passwords.verify(SECRET, stored)
    assert len(calls) == 6
    assert SECRET not in caplog.text


def test_other_cost_parameters_still_verify_and_ask_for_a_rehash(monkeypatch):
    monkeypatch.setattr(passwords, 'LOG_N', 10)
    cheap = passwords.hash_password(SECRET)
    monkeypatch.undo()

    assert cheap.startswith('$scrypt$ln=10,')
    assert passwords.verify(SECRET, cheap)
    assert passwords.needs_rehash(cheap)
    assert passwords.needs_rehash(None)


@pytest.mark.parametrize('password, reason', [
    ('short', 'at least 8'), ('x' * (passwords.MAX_LENGTH + 1), 'at most'),
    (None, 'a string'), (12345678, 'a string'),
])
def test_unacceptable_passwords_are_invalid_without_being_repeated(password, reason):
    with pytest.raises(errors.Invalid) as caught:
        passwords.hash_password(password)
    assert caught.value.kwargs['field'] == 'password'
    assert reason in caught.value.message
    assert str(password) not in caught.value.message
