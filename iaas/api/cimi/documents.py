"""CIMI documents as ordered dicts: resource URIs, common attributes, references, operations.

A document is what the JSON body shows; :mod:`iaas.api.cimi.xmlcodec` writes the same dict
as XML. Common attributes come first and ``operations`` last, the order the XML schema wants.
"""

NAMESPACE = 'http://schemas.dmtf.org/cimi/1'
ACTION_PREFIX = NAMESPACE + '/action/'
SPECIFICATION_VERSION = '1.1.0'


def type_uri(type_name):
    """``Machine`` -> ``http://schemas.dmtf.org/cimi/1/Machine``."""
    return '%s/%s' % (NAMESPACE, type_name)


def action_uri(action):
    """``stop`` -> ``http://schemas.dmtf.org/cimi/1/action/stop``."""
    return ACTION_PREFIX + action


def ref(href):
    """A reference to another resource or collection: ``{"href": ...}``."""
    return {'href': href}


def is_ref(value):
    """A reference not yet expanded: a dict whose only attribute is ``href``."""
    return isinstance(value, dict) and list(value) == ['href']


def operation(rel, href):
    return {'rel': rel, 'href': href}


def resource(type_name, object_id, name=None, description=None, created=None, updated=None,
             properties=None):
    """A resource document with the attributes every CIMI resource has; None is left out."""
    doc = {'resourceURI': type_uri(type_name), 'id': object_id}
    for key, value in (('name', name), ('description', description), ('created', created),
                       ('updated', updated)):
        if value not in (None, ''):
            doc[key] = value
    if properties:
        doc['properties'] = dict(properties)
    return doc


def finish(doc, operations=()):
    """Drop empty values and put ``operations`` last (only when there are any)."""
    result = {key: value for key, value in doc.items()
              if value is not None and key != 'operations'}
    if operations:
        result['operations'] = list(operations)
    return result
