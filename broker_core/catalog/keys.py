"""Users' public keys, checked loosely and fingerprinted; private keys are never stored."""

import base64
import binascii
import hashlib
import logging
import struct

import sqlalchemy as sa

from broker_core.catalog import owners
from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import validation as check

LOG = logging.getLogger(__name__)
KEY_TYPES = ('ssh-rsa', 'ssh-dss', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384',
             'ecdsa-sha2-nistp521', 'sk-ssh-ed25519@openssh.com',
             'sk-ecdsa-sha2-nistp256@openssh.com')
MAX_KEY_LENGTH = 16384


def fingerprint(blob):
    """The MD5 fingerprint of a key blob as colon-separated hex, as EC2 and ssh-keygen show it."""
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))


def parse_public_key(public_key):
    """(normalized key text, fingerprint) of an OpenSSH public key line; Invalid otherwise.

    Loose: the type must be known and the blob must be base64 naming that same type; the
    key itself is not checked for mathematical soundness.
    """
    field = 'public_key'
    if not isinstance(public_key, str) or not public_key.strip():
        raise errors.Invalid(field=field, reason='a non-empty string is required')
    if 'PRIVATE KEY' in public_key:
        raise errors.Invalid(field=field, reason='this is a private key; give the public one')
    if len(public_key) > MAX_KEY_LENGTH:
        raise errors.Invalid(field=field, reason='too long')
    parts = public_key.strip().split(None, 2)
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        raise errors.Invalid(field=field, reason='expected "<type> <base64> [comment]" with a '
                                                 'type of %s' % ', '.join(KEY_TYPES))
    try:
        blob = base64.b64decode(parts[1], validate=True)
        (length,) = struct.unpack('>I', blob[:4])
        embedded = blob[4:4 + length].decode('ascii')
    except (binascii.Error, struct.error, UnicodeDecodeError):
        raise errors.Invalid(field=field, reason='the key data is not valid base64') from None
    if embedded != parts[0]:
        raise errors.Invalid(field=field, reason='the key data is not a %s key' % parts[0])
    return ' '.join(parts), fingerprint(blob)


def render(key):
    return dict({'id': key.id, 'owner_id': key.owner_id, 'name': key.name,
                 'public_key': key.public_key, 'fingerprint': key.fingerprint},
                **helpers.timestamps(key))


@db_api.writer
def create_key(context, owner_id, name, public_key):
    """Import a user's public key; ObjectExists when the user has a key of that name."""
    owner_id = owners.check_owner(context, owner_id)
    name = check.label('name', name)
    text, print_ = parse_public_key(public_key)
    taken = sa.select(models.Key.id).where(models.Key.owner_id == owner_id,
                                           models.Key.name == name)
    if helpers.exists(context, taken):
        raise errors.ObjectExists(kind='key', ident=name)
    row = models.Key(owner_id=owner_id, name=name, public_key=text, fingerprint=print_)
    context.session.add(row)
    helpers.flush_unique(context, 'key', name)
    events.record(context, 'key.create', 'key', row.id,
                  details={'name': name, 'owner_id': owner_id, 'fingerprint': print_})
    return render(row)


@db_api.reader
def get_key(context, key_id):
    return render(helpers.get_or_raise(context, models.Key, key_id, 'key'))


@db_api.reader
def list_keys(context, owner_id=None):
    statement = owners.owner_filter(sa.select(models.Key), models.Key, owner_id).order_by(
        models.Key.owner_id, models.Key.name)
    return [render(row) for row in context.session.scalars(statement)]


def _ensure_unused(context, row):
    live = helpers.count_live(context, key_id=row.id)
    if live:
        raise errors.InUse(kind='key', ident=row.name, reason='%d live instances' % live)


@db_api.reader
def check_deletable(context, key_id):
    """Raise what ``delete_key`` would: asked before the key is removed from its providers."""
    _ensure_unused(context, helpers.get_or_raise(context, models.Key, key_id, 'key'))


@db_api.writer
def delete_key(context, key_id):
    """Delete a key; InUse while live instances were launched with it."""
    row = helpers.get_or_raise(context, models.Key, key_id, 'key')
    _ensure_unused(context, row)
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'key.delete', 'key', row.id, details={'name': row.name})
