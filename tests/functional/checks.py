"""Assertions shared by the functional tests: Deltacloud's error format in XML and JSON."""

from lxml import etree

ERROR_PREFIX = 'Deltacloud::Exceptions::'


def json_error(response, status, error_class=None):
    """The JSON error body, checked to be exactly Deltacloud's three keys."""
    assert response.status_code == status, response.text
    assert response.headers['content-type'] == 'application/json'
    body = response.json
    assert set(body) == {'code', 'message', 'error'}
    assert body['code'] == status
    assert body['error'].startswith(ERROR_PREFIX)
    if error_class:
        assert body['error'] == ERROR_PREFIX + error_class
    assert 'Traceback' not in body['message']
    return body


def xml_error(response, status):
    """The parsed ``<error>`` document, checked against Deltacloud's layout."""
    assert response.status_code == status, response.text
    assert response.headers['content-type'] == 'application/xml'
    root = etree.fromstring(response.content)
    assert root.tag == 'error'
    assert root.get('status') == str(status)
    assert [child.tag for child in root] == ['backend', 'code', 'message', 'backtrace', 'request']
    assert root.findtext('code') == str(status)
    assert root.findtext('backtrace') == ''
    assert 'Traceback' not in response.text
    assert set(root.find('backend').attrib) == {'driver', 'provider'}
    return root


def error(response, status, fmt='json'):
    return json_error(response, status) if fmt == 'json' else xml_error(response, status)
