"""HTTP Basic credentials of a request and the challenge of a 401 answer."""

import base64
import binascii

from iaas import models


def credentials_from_header(value):
    """Credentials from an ``Authorization: Basic ...`` value; None when absent or malformed."""
    if not value:
        return None
    scheme, _, token = value.strip().partition(' ')
    if scheme.lower() != 'basic' or not token.strip():
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode('utf-8')
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, sep, password = decoded.partition(':')
    if not sep:
        return None
    return models.Credentials(username=username, password=password)


def challenge(conf):
    """The ``WWW-Authenticate`` value sent with every 401."""
    realm = conf.api.auth_realm.replace('\\', '\\\\').replace('"', '\\"')
    return 'Basic realm="%s"' % realm
