"""The broker driver's login cache and its translation of provider errors."""

from broker_core import logins
from broker_driver import base
from iaas import errors
from iaas import models


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_cached_login_needs_the_same_password_and_expires():
    clock = Clock()
    cache = logins.LoginCache(ttl=5, clock=clock)
    cache.put('alice', 's3cret-password', {'id': 'u1'})
    assert cache.get('alice', 's3cret-password') == {'id': 'u1'}
    assert cache.get('alice', 'wrong') is None
    assert cache.get('bob', 's3cret-password') is None
    clock.now += 5
    assert cache.get('alice', 's3cret-password') is None


def test_the_cache_never_holds_the_password():
    cache = logins.LoginCache()
    cache.put('alice', 's3cret-password', {'id': 'u1'})
    held = repr(cache._entries) + repr(vars(cache))
    assert 's3cret-password' not in held
    assert b's3cret-password' not in b''.join(
        entry[0] for entry in cache._entries.values())


def test_a_zero_ttl_caches_nothing_and_the_size_is_bounded():
    cache = logins.LoginCache(ttl=0)
    cache.put('alice', 'pw-123456', {'id': 'u1'})
    assert cache.get('alice', 'pw-123456') is None
    small = logins.LoginCache(size=3)
    for n in range(10):
        small.put('user%d' % n, 'pw', {'id': n})
    assert len(small._entries) <= 3
    assert small.get('user9', 'pw') == {'id': 9}


CREDENTIALS = models.Credentials('mockuser', 'hunter2-secret')


def test_refused_credentials_become_a_502_naming_the_account():
    translated = base.translate(errors.AuthenticationFailure('bad hunter2-secret'), 'main',
                                CREDENTIALS)
    assert type(translated) is errors.ProviderError and translated.code == 502
    assert "Account 'main'" in translated.message
    assert 'hunter2-secret' not in translated.message
    assert translated.account_name == 'main'


def test_client_errors_keep_their_kind():
    assert type(base.translate(errors.NotFound('gone'), 'a', CREDENTIALS)) is errors.NotFound
    assert type(base.translate(errors.MethodNotAllowed(), 'a', CREDENTIALS)) is \
        errors.MethodNotAllowed
    unsupported = base.translate(errors.OperationNotSupported('keys.create'), 'a', CREDENTIALS)
    assert unsupported.operation == 'keys.create' and unsupported.code == 412
    timeout = base.translate(errors.ProviderTimeout(), 'a', CREDENTIALS)
    assert type(timeout) is errors.ProviderTimeout and "Account 'a'" in timeout.message


def test_a_driver_crash_is_a_provider_error():
    translated = base.translate(KeyError('hunter2-secret'), 'a', CREDENTIALS)
    assert type(translated) is errors.ProviderError
    assert 'hunter2-secret' not in translated.message


def test_what_counts_against_an_account():
    assert base.counts_against_account(errors.ProviderError())
    assert base.counts_against_account(errors.ProviderTimeout())
    assert base.counts_against_account(errors.AuthenticationFailure())
    assert base.counts_against_account(RuntimeError())
    assert not base.counts_against_account(errors.NotFound())
    assert not base.counts_against_account(errors.ValidationError())
    assert not base.counts_against_account(errors.MethodNotAllowed())
