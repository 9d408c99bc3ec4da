"""The signature of a delivery: HMAC-SHA256 of the raw body, as receivers verify it."""

import hashlib
import hmac

SIGNATURE_HEADER = 'X-Broker-Signature'
DELIVERY_HEADER = 'X-Broker-Delivery'
EVENT_HEADER = 'X-Broker-Event'
PREFIX = 'sha256='


def sign(secret, body):
    """The X-Broker-Signature value for ``body`` (bytes): ``sha256=<hex digest>``."""
    digest = hmac.new(_bytes(secret), body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def verify(secret, body, signature):
    """Whether ``signature`` (the header's value) signs ``body`` with ``secret``.

    What a receiver does; compared in constant time.
    """
    if not isinstance(signature, str) or not signature.startswith(PREFIX):
        return False
    return hmac.compare_digest(sign(secret, body), signature)


def _bytes(secret):
    return secret.encode('utf-8') if isinstance(secret, str) else secret
