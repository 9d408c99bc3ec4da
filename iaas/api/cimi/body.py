"""The CIMI document a client sends (MachineCreate, Action...), read from JSON or XML.

Whatever the format, the result is the document as a JSON dict. A body that is malformed,
not in the CIMI namespace, or of another type than the operation takes is a 400 naming
the problem; a body in neither format is a 415.
"""

import json

import falcon

from iaas.api.cimi import documents
from iaas.api.cimi import xmlcodec
from iaas.api.deltacloud import params as params_mod
from iaas import errors

_XML_TYPES = ('application/xml', 'text/xml')
_JSON_TYPES = ('application/json',)


def _media_type(req, data):
    media_type = (req.content_type or '').split(';', 1)[0].strip().lower()
    if media_type:
        return media_type
    # No Content-Type: judge by the first character, as a lenient server may.
    return 'application/xml' if data.lstrip().startswith(b'<') else 'application/json'


def _from_json(data):
    try:
        doc = json.loads(data.decode('utf-8'))
    except (UnicodeDecodeError, ValueError) as exc:
        raise errors.ValidationError('Malformed JSON document: %s' % exc) from None
    if not isinstance(doc, dict):
        raise errors.ValidationError('A CIMI document must be a JSON object')
    params_mod.refuse_nul([doc])  # JSON may escape one; XML cannot carry it
    return doc


def _check_type(doc, root_tag, expected):
    """The document is one of the ``expected`` resource types, by root tag and resourceURI."""
    names = ' or '.join(expected)
    if root_tag is not None and root_tag not in expected:
        raise errors.ValidationError("Expected a %s document, not <%s>" % (names, root_tag))
    uri = doc.get('resourceURI')
    if uri is not None and uri not in [documents.type_uri(t) for t in expected]:
        raise errors.ValidationError("resourceURI '%s' is not that of a %s (%s)"
                                     % (uri, names, documents.type_uri(expected[0])))


def read_document(req, limit, expected, list_items=()):
    """The body as a document of one of the types ``expected`` (``('MachineCreate',)``)."""
    data = params_mod.read_body(req, limit)
    if not data.strip():
        raise errors.ValidationError('A %s document is required' % ' or '.join(expected))
    media_type = _media_type(req, data)
    if media_type in _XML_TYPES:
        root_tag, doc = xmlcodec.from_xml(data, list_items)
    elif media_type in _JSON_TYPES:
        root_tag, doc = None, _from_json(data)
    else:
        raise falcon.HTTPUnsupportedMediaType(
            description='Send application/json or application/xml')
    _check_type(doc, root_tag, expected)
    return doc


def text(doc, name, required=False):
    """A text attribute, stripped; None when absent or empty, 400 when required or not text."""
    value = doc.get(name)
    if isinstance(value, (dict, list, bool)):
        raise errors.ValidationError("'%s' must be text" % name)
    value = None if value is None else str(value).strip()
    if not value:
        if required:
            raise errors.MissingParameter("'%s' is required" % name)
        return None
    return value


def href(doc, name, required=False):
    """The href of the reference attribute ``name`` (``{"href": ...}``); None when absent."""
    value = doc.get(name)
    if value is None or value == '':
        if required:
            raise errors.MissingParameter("'%s' is required" % name)
        return None
    if not isinstance(value, dict) or not isinstance(value.get('href'), str) \
            or not value['href'].strip():
        raise errors.ValidationError("'%s' must be a reference with an href" % name)
    return value['href'].strip()


def properties(doc):
    """``properties`` as a dict of text; 400 for anything else."""
    value = doc.get('properties')
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool)
            for v in value.values()):
        raise errors.ValidationError("'properties' must map names to text values")
    return {str(k): str(v) for k, v in value.items()}
