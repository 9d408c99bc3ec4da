"""A CIMI client for tests: sends and reads documents in JSON or XML, as dicts either way.

XML answers are read back by :func:`xml_to_dict`, written here independently of the
service's own codec, so a mistake in the codec shows up as a difference between formats.
"""

import base64
import json

import falcon.testing
from lxml import etree

NS = 'http://schemas.dmtf.org/cimi/1'
TYPE = NS + '/'
ACTION = NS + '/action/'
CONTENT_TYPES = {'json': 'application/json', 'xml': 'application/xml'}
# Elements that repeat, and the list attribute each belongs to in JSON.
LISTS = {'operation': 'operations', 'disk': 'disks', 'capability': 'capabilities',
         'action': 'actions', 'attribute': 'attributes', 'volume': 'volumes'}


def basic(user, password):
    return 'Basic ' + base64.b64encode(('%s:%s' % (user, password)).encode()).decode()


def _local(node):
    return etree.QName(node).localname


def _scalar(text):
    text = (text or '').strip()
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            continue
    return {'true': True, 'false': False}.get(text, text)


def xml_to_dict(node, members=None):
    """A CIMI XML element as the JSON dict the service would have sent."""
    children = list(node)
    if not children and not node.attrib:
        return _scalar(node.text)
    doc = dict(node.attrib)
    for child in children:
        assert etree.QName(child).namespace == NS, child.tag
        name = _local(child)
        if name == 'property':
            doc.setdefault('properties', {})[child.get('key')] = child.text or ''
        elif name in LISTS:
            doc.setdefault(LISTS[name], []).append(xml_to_dict(child))
        elif name[0].isupper():  # a collection's members: <Machine> in <Collection>
            doc.setdefault(members, []).append(xml_to_dict(child))
        else:
            doc[name] = xml_to_dict(child)
    return doc


def dict_to_xml(root_tag, doc):
    """A request document in XML: the same rules the CIMI schema follows."""
    root = etree.Element('{%s}%s' % (NS, root_tag), nsmap={None: NS})
    _fill(root, doc)
    return etree.tostring(root)


def _fill(node, doc):
    for key, value in doc.items():
        if key in ('href', 'resourceURI'):
            node.set(key, value)
        elif key == 'properties':
            for name, text in value.items():
                etree.SubElement(node, '{%s}property' % NS, key=name).text = text
        elif isinstance(value, dict):
            _fill(etree.SubElement(node, '{%s}%s' % (NS, key)), value)
        else:
            etree.SubElement(node, '{%s}%s' % (NS, key)).text = str(value)


class Answer:
    """A response and its body as a dict (``doc``), whatever the format."""

    def __init__(self, response, fmt, members=None):
        self.response = response
        self.status = response.status_code
        self.headers = response.headers
        self.fmt = fmt
        self.doc = None
        self.xml = None
        if response.content and self.status < 300:
            if response.headers['content-type'] == 'application/xml':
                self.xml = etree.fromstring(response.content)
                assert etree.QName(self.xml).namespace == NS
                self.doc = xml_to_dict(self.xml, members)
            else:
                assert response.headers['content-type'] == 'application/json'
                self.doc = response.json

    @property
    def text(self):
        return self.response.text

    def error_message(self):
        """The message of a CIMI error answer, checked to have the documented shape."""
        assert self.status >= 400, self.text
        if self.fmt == 'xml':
            root = etree.fromstring(self.response.content)
            assert root.tag == 'error' and root.get('status') == str(self.status)
            assert root.findtext('code') == str(self.status)
            return root.findtext('message')
        body = self.response.json
        assert set(body) == {'code', 'message'} and body['code'] == self.status
        return body['message']


class Cimi:
    """Requests to ``/cimi`` as one user, in one format."""

    def __init__(self, app, fmt, user, password, headers=None):
        self.client = falcon.testing.TestClient(app)
        self.fmt = fmt
        self.user, self.password = user, password
        self.headers = dict(headers or {})

    def as_user(self, user, password):
        other = Cimi.__new__(Cimi)
        other.__dict__.update(self.__dict__, user=user, password=password)
        return other

    def _headers(self, auth, extra):
        sent = {'Accept': CONTENT_TYPES[self.fmt]}
        sent.update(self.headers)
        if auth:
            sent['Authorization'] = basic(self.user, self.password)
        sent.update(extra or {})
        return sent

    def request(self, method, path, auth=True, headers=None, members=None, **kw):
        response = self.client.simulate_request(method, '/cimi' + path,
                                                headers=self._headers(auth, headers), **kw)
        if response.content and 'Accept' not in (headers or {}) and response.status_code != 406:
            assert response.headers['content-type'] == CONTENT_TYPES[self.fmt]
        return Answer(response, self.fmt, members)

    def get(self, path, params=None, **kw):
        members = path.split('?')[0].strip('/').split('/')[-1]
        return self.request('GET', path, params=params, members=members, **kw)

    def post(self, path, root_tag, doc, **kw):
        """POST ``doc`` as a ``root_tag`` document in this client's format."""
        if self.fmt == 'xml':
            data = dict_to_xml(root_tag, doc)
        else:
            data = json.dumps(dict({'resourceURI': TYPE + root_tag}, **doc)).encode()
        headers = dict(kw.pop('headers', {}), **{'Content-Type': CONTENT_TYPES[self.fmt]})
        return self.request('POST', path, body=data, headers=headers, **kw)

    def post_raw(self, path, data, content_type, **kw):
        headers = dict(kw.pop('headers', {}), **{'Content-Type': content_type})
        return self.request('POST', path, body=data, headers=headers, **kw)

    def delete(self, path, **kw):
        return self.request('DELETE', path, **kw)

    def ids(self, segment, params=None):
        """The ids (last href segment) a collection lists."""
        answer = self.get('/' + segment, params=params)
        assert answer.status == 200, answer.text
        return [doc['id'].rsplit('/', 1)[-1] for doc in answer.doc.get(segment, [])]
