"""User passwords as scrypt hashes in PHC string form, checked in constant time."""

import base64
import functools
import hashlib
import hmac
import logging
import re
import secrets

from broker_core import errors

LOG = logging.getLogger(__name__)

SCHEME = 'scrypt'
# About 0.1 s and 32 MiB per hash: interactive logins stay usable, guessing stays dear.
LOG_N, BLOCK_SIZE, PARALLELISM = 15, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
MIN_LENGTH = 8
# Long enough for any passphrase, short enough that nobody feeds the KDF megabytes.
MAX_LENGTH = 1024
# A stored hash names its own cost; these bound what a tampered row can make us spend.
_MAX_LOG_N, _MAX_BLOCK_SIZE, _MAX_PARALLELISM = 20, 32, 16

_ENCODED = re.compile(r'^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$')


def validate(password):
    """Raise Invalid unless ``password`` is acceptable; the message never repeats it."""
    if not isinstance(password, str):
        raise errors.Invalid(field='password', reason='must be a string')
    if len(password) < MIN_LENGTH:
        raise errors.Invalid(field='password',
                             reason='must have at least %d characters' % MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise errors.Invalid(field='password',
                             reason='must have at most %d characters' % MAX_LENGTH)


def hash_password(password):
    """A new hash of ``password`` (validated first) with a random salt and today's cost."""
    validate(password)
    salt = secrets.token_bytes(SALT_BYTES)
    key = _kdf(password, salt, LOG_N, BLOCK_SIZE, PARALLELISM)
    return '$%s$ln=%d,r=%d,p=%d$%s$%s' % (SCHEME, LOG_N, BLOCK_SIZE, PARALLELISM,
                                          _b64encode(salt), _b64encode(key))


def verify(password, encoded):
    """Whether ``password`` matches ``encoded``; the same work is done when it cannot.

    A missing or unreadable hash is checked against a dummy one, so the time taken does not
    tell an unknown user (or one without a password) from a wrong password.
    """
    parsed = _parse(encoded) if encoded else None
    if parsed is None:
        if encoded:
            LOG.warning('A stored password hash is malformed; the login is refused')
        parsed = _parse(_dummy_hash())
    log_n, block_size, parallelism, salt, key = parsed
    if not isinstance(password, str) or len(password) > MAX_LENGTH:
        password = ''
        encoded = None
    candidate = _kdf(password, salt, log_n, block_size, parallelism, len(key))
    return hmac.compare_digest(candidate, key) and bool(encoded)


def needs_rehash(encoded):
    """Whether ``encoded`` was made with other parameters than new hashes get."""
    parsed = _parse(encoded) if encoded else None
    return parsed is None or parsed[:3] != (LOG_N, BLOCK_SIZE, PARALLELISM)


def _kdf(password, salt, log_n, block_size, parallelism, length=KEY_BYTES):
    n = 2 ** log_n
    return hashlib.scrypt(password.encode('utf-8'), salt=salt, n=n, r=block_size,
                          p=parallelism, dklen=length,
                          maxmem=129 * block_size * (n + parallelism + 2))


def _parse(encoded):
    match = _ENCODED.match(encoded) if isinstance(encoded, str) else None
    if not match:
        return None
    log_n, block_size, parallelism = (int(match.group(i)) for i in (1, 2, 3))
    if not (1 <= log_n <= _MAX_LOG_N and 1 <= block_size <= _MAX_BLOCK_SIZE
            and 1 <= parallelism <= _MAX_PARALLELISM):
        return None
    salt, key = _b64decode(match.group(4)), _b64decode(match.group(5))
    if not salt or not key:
        return None
    return log_n, block_size, parallelism, salt, key


@functools.lru_cache(maxsize=1)
def _dummy_hash():
    return hash_password(secrets.token_urlsafe(24))


def _b64encode(raw):
    return base64.b64encode(raw).decode('ascii').rstrip('=')


def _b64decode(text):
    try:
        return base64.b64decode(text + '=' * (-len(text) % 4))
    except ValueError:
        return None
