"""Client text every front end refuses: a NUL character, which no id or database holds."""

NUL = '\x00'


def holds_nul(value):
    """Whether ``value`` (text, or lists and dicts of it however deep) has a NUL anywhere.

    PostgreSQL refuses NUL in text and XML cannot carry it, so each front end answers 400.
    """
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(holds_nul(item) for item in value)
    return False
