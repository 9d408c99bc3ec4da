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
    accept = req.get_header('Accept')
    if not accept or not accept.strip():
        return XML
    try:
        best = req.client_prefers(_OFFERED)
    except Exception:  # noqa: BLE001 - a malformed Accept header is the client's problem
        return None
    # Deltacloud answered */* with HTML; this service has no HTML and answers XML.
    return _BY_MEDIA_TYPE.get(best)
