"""Basic credentials parsing, the 401 challenge and the Expect header of a 412."""

import base64

import pytest

from iaas.api.deltacloud import auth
from iaas.api.deltacloud import errors as api_errors
from iaas import conf as iaas_conf


def basic(text):
    return 'Basic ' + base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize('header, expected', [
    (basic('user:pass'), ('user', 'pass')),
    (basic('user:pa:ss'), ('user', 'pa:ss')),
    (basic('user:'), ('user', '')),
    ('basic ' + base64.b64encode(b'u:p').decode(), ('u', 'p')),
    (basic('nocolon'), None),
    ('Basic ***', None),
    ('Digest abc', None),
    ('', None),
    (None, None),
])
def test_credentials_from_header(header, expected):
    creds = auth.credentials_from_header(header)
    assert (None if creds is None else (creds.username, creds.password)) == expected


def test_challenge_quotes_the_realm():
    conf = iaas_conf.build()
    conf.set_override('auth_realm', 'a "b"', group='api')
    assert auth.challenge(conf) == 'Basic realm="a \\"b\\""'


@pytest.mark.parametrize('operation, expected', [
    ('firewalls.index', 'firewalls'), ('instances.show', 'instances'),
    ('instances.create', 'create_instance'), ('storage_volumes.attach', 'attach_storage_volume'),
    ('blobs.content', 'content_blob'), ('unknown.thing', 'unknown'),
])
def test_expect_header(operation, expected):
    assert api_errors.expect_header(operation) == expected
