"""Small helpers to build XML with lxml: safe text, CDATA sections and serialisation."""

import re

from lxml import etree

# Characters XML 1.0 cannot carry at all; a provider's odd bytes must not break a document.
_INVALID = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def clean(value):
    """Text safe for an XML document; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        value = 'true' if value else 'false'
    return _INVALID.sub('', str(value))


def cdata(value):
    """A CDATA section, or plain (escaped) text when the value cannot be one."""
    text = clean(value) or ''
    if ']]>' in text:
        return text
    return etree.CDATA(text)


def element(tag, **attrs):
    """A root element; attributes that are None are left out."""
    return etree.Element(tag, {k: clean(v) for k, v in attrs.items() if v is not None})


def sub(parent, tag, text=None, cdata_text=None, **attrs):
    """Append ``<tag attrs>text</tag>`` to ``parent``; attributes that are None are left out."""
    node = etree.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()
                                          if v is not None})
    if cdata_text is not None:
        node.text = cdata(cdata_text)
    elif text is not None:
        node.text = clean(text)
    return node


def set_attributes(node, mapping):
    """Set attributes from a dict whose keys are not known in advance; None values are skipped."""
    for name, value in mapping.items():
        if value is not None:
            node.set(str(name), clean(value))
    return node


def link(parent, rel, href, method=None):
    return sub(parent, 'link', href=href, method=method, rel=rel)


def to_bytes(root):
    return etree.tostring(root, xml_declaration=True, encoding='utf-8', pretty_print=True)


def list_pieces(tag, batches):
    """``to_bytes`` of a ``<tag>`` holding the elements of ``batches``, in pieces.

    Each batch (a sequence of elements) is serialised alone and let go before the next is
    read: pretty printing indents a child the same whatever its siblings, so the pieces put
    together are the bytes of the whole tree, which is never built.
    """
    opening, closing = ('<%s>\n' % tag).encode(), ('</%s>\n' % tag).encode()
    pieces = []
    for batch in batches:
        root = element(tag)
        root.extend(batch)
        if pieces:
            pieces.append(etree.tostring(root, encoding='utf-8', xml_declaration=False,
                                         pretty_print=True)[len(opening):-len(closing)])
        else:
            pieces.append(to_bytes(root)[:-len(closing)])
    if not pieces:
        return [to_bytes(element(tag))]
    return pieces + [closing]
