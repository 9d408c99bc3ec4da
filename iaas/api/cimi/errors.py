"""CIMI error answers: the status and headers of ``/api``, a small body in the chosen format.

DSP0263 leaves the error body to the provider. As Deltacloud's CIMI front end did, the XML
is an ``<error>`` element outside the CIMI namespace (it is not a CIMI resource)::

    <error status="400"><code>400</code><message>...</message></error>

and the JSON ``{"code": 400, "message": "..."}``. A 406 has an empty body, since the client
accepts no format this service writes; a 401 carries the same ``WWW-Authenticate`` challenge
as ``/api``, and a 412 the same ``Expect`` header.
"""

import json

from iaas.api.cimi import negotiation
from iaas.api.deltacloud import errors as deltacloud_errors
from iaas.api.deltacloud import xmlutil


def error_xml(status, message):
    root = xmlutil.element('error', status=status)
    xmlutil.sub(root, 'code', str(status))
    xmlutil.sub(root, 'message', message)
    return xmlutil.to_bytes(root)


def error_json(status, message):
    return json.dumps({'code': status, 'message': message}, separators=(',', ':'),
                      ensure_ascii=False).encode('utf-8')


def render_error(req, resp, status, message, error_class=None, route_params=None,
                 headers=None):
    """Fill ``resp`` with the error (the signature the shared handlers call)."""
    if not deltacloud_errors.start_error(resp, status, headers):
        return
    if req.context.get('format') == negotiation.XML:
        resp.data = error_xml(status, message)
        resp.content_type = negotiation.CONTENT_TYPES[negotiation.XML]
    else:
        resp.data = error_json(status, message)
        resp.content_type = negotiation.CONTENT_TYPES[negotiation.JSON]


def install(app, conf):
    deltacloud_errors.install(app, conf, render=render_error)
