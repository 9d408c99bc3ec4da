"""Driver timestamps (``2026-11-22 17:56:58 +0000`` and kin) as CIMI's xs:dateTime."""

import datetime

# The forms drivers give: Deltacloud's (models.utc_timestamp) and the original mock's.
_FORMATS = ('%Y-%m-%d %H:%M:%S %z', '%a %b %d %H:%M:%S UTC %Y', '%a %b %d %H:%M:%S GMT %Y')


def iso8601(value):
    """``2026-11-22T17:56:58+00:00``; None for None or a form this does not know."""
    if value in (None, ''):
        return None
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        parsed = _parse(str(value).strip())
        if parsed is None:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.isoformat(timespec='seconds')


def _parse(text):
    try:
        return datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
    except ValueError:
        pass
    for form in _FORMATS:
        try:
            return datetime.datetime.strptime(text, form)
        except ValueError:
            continue
    return None
