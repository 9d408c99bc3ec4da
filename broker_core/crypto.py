"""Provider credentials encrypted at rest with rotatable Fernet keys; keys are never shown."""

import json
import logging
import os
import stat
import tempfile

from cryptography import fernet

from broker_core import errors

LOG = logging.getLogger(__name__)


def generate_key():
    """A new random Fernet key, as the text that goes into fernet_keys or the key file."""
    return fernet.Fernet.generate_key().decode('ascii')


class CredentialCipher:
    """Encrypts credential dicts with the first key; decrypts with any of them."""

    def __init__(self, keys):
        keys = [key for key in keys if key]
        if not keys:
            raise errors.CryptoKeyError(reason='no key is configured')
        fernets = []
        for position, key in enumerate(keys, 1):
            try:
                fernets.append(fernet.Fernet(key))
            except (ValueError, TypeError):
                # The original message could echo part of the key; name its position instead.
                raise errors.CryptoKeyError(
                    reason='key %d is not 32 url-safe base64-encoded bytes' % position) from None
        self._fernet = fernet.MultiFernet(fernets)
        self._key_count = len(fernets)

    def __repr__(self):
        return '<CredentialCipher keys=%d>' % self._key_count

    def encrypt(self, credentials):
        """The token (text) that stores the dict ``credentials``."""
        plain = json.dumps(credentials, sort_keys=True, separators=(',', ':'))
        return self._fernet.encrypt(plain.encode('utf-8')).decode('ascii')

    def decrypt(self, token):
        """The credentials dict stored in ``token``; CredentialsUnreadable if no key opens it."""
        try:
            plain = self._fernet.decrypt(_as_bytes(token))
        except fernet.InvalidToken:
            raise errors.CredentialsUnreadable() from None
        return json.loads(plain)

    def rotate(self, token):
        """``token`` encrypted again with the first key, keeping its content."""
        try:
            return self._fernet.rotate(_as_bytes(token)).decode('ascii')
        except fernet.InvalidToken:
            raise errors.CredentialsUnreadable() from None


def _as_bytes(token):
    return token.encode('ascii') if isinstance(token, str) else token


def cipher_from_conf(conf):
    """The cipher of [crypto]: fernet_keys, or else the key file, created on first use."""
    return CredentialCipher(load_keys(conf))


def load_keys(conf):
    if conf.crypto.fernet_keys:
        return list(conf.crypto.fernet_keys)
    path = conf.crypto.key_file
    if not os.path.exists(path):
        _create_key_file(path)
    return _read_key_file(path)


def _read_key_file(path):
    mode = os.stat(path).st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        LOG.warning('Credential key file %s is readable by others (mode %o); use 0600',
                    path, stat.S_IMODE(mode))
    with open(path, encoding='ascii') as key_file:
        keys = [line.strip() for line in key_file]
    keys = [key for key in keys if key and not key.startswith('#')]
    if not keys:
        raise errors.CryptoKeyError(reason='key file %s holds no key' % path)
    return keys


def _create_key_file(path):
    """Write a new key file atomically, so concurrent workers agree on one key."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, mode=0o700, exist_ok=True)
    # mkstemp creates the file with mode 0600 before any key is written to it.
    handle, temporary = tempfile.mkstemp(dir=directory, prefix='.credential-keys-')
    try:
        with os.fdopen(handle, 'w', encoding='ascii') as key_file:
            key_file.write(generate_key() + '\n')
            key_file.flush()
            os.fsync(key_file.fileno())
        try:
            os.link(temporary, path)
            LOG.info('Created credential key file %s', path)
        except FileExistsError:
            LOG.debug('Credential key file %s was created by another process', path)
    finally:
        os.unlink(temporary)
