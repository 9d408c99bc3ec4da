"""Checks of domain input that raise Invalid naming the field; messages never echo secrets."""

import decimal
import json
import math
import re

from broker_core import errors

NAME_PATTERN = re.compile(r'^[a-z][a-z0-9_-]*$')
NAME_LENGTH = 64
LABEL_LENGTH = 255
INT32 = 2 ** 31 - 1

# Marks an argument the caller did not give, so None can mean "clear it".
UNSET = object()


def name(field, value, length=NAME_LENGTH):
    """A short lowercase name a user types: letter first, then letters, digits, _ and -."""
    if not isinstance(value, str) or not value:
        raise errors.Invalid(field=field, reason='a non-empty string is required')
    if len(value) > length:
        raise errors.Invalid(field=field, reason='longer than %d characters' % length)
    if not NAME_PATTERN.match(value):
        raise errors.Invalid(field=field, reason='use lowercase letters, digits, _ and -, '
                                                 'starting with a letter')
    return value


def label(field, value, length=LABEL_LENGTH, optional=False):
    """Free text of bounded length, stripped; None allowed when ``optional``."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise errors.Invalid(field=field, reason='a non-empty string is required')
    value = value.strip()
    if length is not None and len(value) > length:
        raise errors.Invalid(field=field, reason='longer than %d characters' % length)
    return value


def text(field, value):
    """Optional free text (descriptions): a string or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise errors.Invalid(field=field, reason='a string is required')
    return value


def boolean(field, value):
    if not isinstance(value, bool):
        raise errors.Invalid(field=field, reason='true or false is required')
    return value


def integer(field, value, minimum=-INT32, maximum=INT32):
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.Invalid(field=field, reason='an integer is required')
    if not minimum <= value <= maximum:
        raise errors.Invalid(field=field, reason='must be between %d and %d'
                                                 % (minimum, maximum))
    return value


def number(field, value, minimum=None):
    """A finite float, at least ``minimum`` when given."""
    if isinstance(value, bool) or not isinstance(value, (int, float, decimal.Decimal)):
        raise errors.Invalid(field=field, reason='a number is required')
    value = float(value)
    if not math.isfinite(value):
        raise errors.Invalid(field=field, reason='a finite number is required')
    if minimum is not None and value < minimum:
        raise errors.Invalid(field=field, reason='must be at least %s' % minimum)
    return value


def money(field, value):
    """A price per hour >= 0 as a Decimal with six places (the Money column's scale)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, decimal.Decimal)):
        raise errors.Invalid(field=field, reason='a number is required')
    try:
        amount = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        raise errors.Invalid(field=field, reason='a number is required') from None
    if not amount.is_finite() or amount < 0:
        raise errors.Invalid(field=field, reason='a finite number >= 0 is required')
    if amount >= 10 ** 8:
        raise errors.Invalid(field=field, reason='must be less than 100000000')
    return amount.quantize(decimal.Decimal('0.000001'), rounding=decimal.ROUND_HALF_UP)


def json_dict(field, value):
    """A dict that can be stored as JSON (string keys, JSON values)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise errors.Invalid(field=field, reason='a dict is required')
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        raise errors.Invalid(field=field, reason='must be plain JSON data') from None
    if not all(isinstance(key, str) for key in value):
        raise errors.Invalid(field=field, reason='keys must be strings')
    return value


def string_list(field, value, unique=True):
    """A list of non-empty strings, without duplicates when ``unique``."""
    if not isinstance(value, (list, tuple)):
        raise errors.Invalid(field=field, reason='a list is required')
    for item in value:
        if not isinstance(item, str) or not item:
            raise errors.Invalid(field=field, reason='every entry must be a non-empty string')
    if unique and len(set(value)) != len(value):
        raise errors.Invalid(field=field, reason='entries must not repeat')
    return list(value)
