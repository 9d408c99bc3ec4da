"""Chooses JSON or XML for a CIMI request by its Accept header; JSON when it states no choice.

CIMI clients are mostly JSON ones, and DSP0263 makes both formats mandatory for a provider,
so a request without Accept (or with ``*/*``) gets JSON; XML must be asked for. A client
that accepts neither gets 406.
"""

from iaas.api.deltacloud import negotiation as deltacloud_negotiation

XML = deltacloud_negotiation.XML
JSON = deltacloud_negotiation.JSON
CONTENT_TYPES = deltacloud_negotiation.CONTENT_TYPES

# JSON first: with equal preference (*/*, application/*) the first offer wins.
_OFFERED = ('application/json', 'application/xml', 'text/xml')


def choose_format(req):
    """``'json'``, ``'xml'`` or None when the client accepts neither (406)."""
    return deltacloud_negotiation.by_accept(req, _OFFERED, JSON)
