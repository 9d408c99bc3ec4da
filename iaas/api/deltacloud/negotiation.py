"""Chooses XML or JSON for a request: ``?format=`` first, then Accept, XML by default."""

XML = 'xml'
JSON = 'json'
CONTENT_TYPES = {XML: 'application/xml', JSON: 'application/json'}

_OFFERED = ('application/xml', 'application/json', 'text/xml')
_BY_MEDIA_TYPE = {'application/xml': XML, 'text/xml': XML, 'application/json': JSON}


def choose_format(req, params):
    """``'xml'``, ``'json'`` or None when the client accepts neither (406)."""
    wanted = params.get('format')
    if wanted:
        wanted = wanted.strip().lower()
        return wanted if wanted in CONTENT_TYPES else None
    # Deltacloud answered */* with HTML; this service has no HTML and answers XML.
    return by_accept(req, _OFFERED, XML)


def by_accept(req, offered, default):
    """The format the Accept header prefers among the media types ``offered``.

    With equal preference the first offer wins; without an Accept header, ``default``; None
    when the client accepts none of them (406).
    """
    accept = req.get_header('Accept')
    if not accept or not accept.strip():
        return default
    try:
        best = req.client_prefers(offered)
    except Exception:  # noqa: BLE001 - a malformed Accept header is the client's problem
        return None
    return _BY_MEDIA_TYPE.get(best)
