"""CIMI documents to XML in the CIMI namespace, and request XML back to documents.

The mapping is one set of rules for every resource, so a new resource needs no XML code:
``resourceURI``, ``href`` and ``rel`` are attributes of their element (``<operation rel=""
href=""/>``, ``<machineImage href=""/>``); ``properties`` become
``<property key="...">``; a list becomes one element per item, named by ``item_names``
(``operations`` -> ``operation``, a collection's ``machines`` -> ``Machine``); a dict
becomes a nested element; booleans are ``true``/``false``.
"""

from lxml import etree

from iaas.api.cimi import documents
from iaas.api.deltacloud import xmlutil
from iaas import errors

_NS = '{%s}' % documents.NAMESPACE
_ATTRIBUTES = ('resourceURI', 'href', 'rel')
# The element of one item of a list attribute, when it is not the name without its 's'.
ITEM_NAMES = {
    'operations': 'operation', 'addresses': 'address', 'capabilities': 'capability',
    'properties': 'property',
}
# Parser limits: a request document is small; anything else is an attack or a mistake.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_comments=True, remove_pis=True)


def item_name(key, item_names=None):
    if item_names and key in item_names:
        return item_names[key]
    if key in ITEM_NAMES:
        return ITEM_NAMES[key]
    return key[:-1] if key.endswith('s') else key


def _text(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return xmlutil.clean(value)


def _fill(node, doc, item_names):
    for key, value in doc.items():
        if value is None:
            continue
        if key in _ATTRIBUTES:
            node.set(key, _text(value))
        elif key == 'properties' and isinstance(value, dict):
            for name, text in value.items():
                child = etree.SubElement(node, _NS + 'property', key=_text(name))
                child.text = _text(text)
        elif isinstance(value, list):
            tag = item_name(key, item_names)
            for item in value:
                _append(node, tag, item, item_names)
        else:
            _append(node, key, value, item_names)


def _append(parent, tag, value, item_names):
    child = etree.SubElement(parent, _NS + tag)
    if isinstance(value, dict):
        _fill(child, value, item_names)
    else:
        child.text = _text(value)


def to_xml(root_tag, doc, item_names=None):
    """The bytes of ``doc`` as ``<root_tag xmlns="http://schemas.dmtf.org/cimi/1">``."""
    root = etree.Element(_NS + root_tag, nsmap={None: documents.NAMESPACE})
    _fill(root, doc, item_names)
    return xmlutil.to_bytes(root)


# -- reading ------------------------------------------------------------------------------

def _local(node):
    return etree.QName(node).localname


def _value(node, list_keys):
    children = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(_NS)]
    if not children and not node.attrib:
        return (node.text or '').strip()
    doc = {key: value for key, value in node.attrib.items() if key in _ATTRIBUTES}
    for child in children:
        name = _local(child)
        if name == 'property':
            key = child.get('key') or child.get('name')
            if not key:
                raise errors.ValidationError('A <property> needs a key attribute')
            doc.setdefault('properties', {})[key] = (child.text or '').strip()
        elif name in list_keys:
            doc.setdefault(list_keys[name], []).append(_value(child, list_keys))
        else:
            doc[name] = _value(child, list_keys)
    return doc


def from_xml(data, list_items=()):
    """``(root tag, document)`` of a request body; 400 unless well-formed and in the namespace.

    ``list_items`` names the elements that repeat (``volume`` -> ``volumes``); elements in
    other namespaces are extensions this service does not know, and are skipped.
    """
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise errors.ValidationError('Malformed XML document: %s' % exc) from None
    if etree.QName(root).namespace != documents.NAMESPACE:
        raise errors.ValidationError(
            "The document's root element <%s> is not in the CIMI namespace %s"
            % (_local(root), documents.NAMESPACE))
    list_keys = {item_name(key): key for key in list_items}
    doc = _value(root, list_keys)
    if not isinstance(doc, dict):
        doc = {}
    return _local(root), doc
