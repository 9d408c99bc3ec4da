"""Lists written in pieces are byte for byte the document built whole."""

import json

from lxml import etree
import pytest

from iaas.api.deltacloud import render
from iaas.api.deltacloud import xmlutil as x


def _item(n):
    node = x.element('item', href='http://h/api/items/%d' % n, id='i<%d>&"' % n)
    x.sub(node, 'name', 'name %d\nwith a line break' % n)
    x.sub(node, 'empty')
    x.sub(node, 'pem', cdata_text='-----BEGIN-----\n%d\n' % n)
    x.sub(x.sub(node, 'actions'), 'link', href='h', rel='stop')
    return node


def _batches(count, size):
    numbers = list(range(count))
    return [[_item(n) for n in numbers[start:start + size]]
            for start in range(0, count, size)]


@pytest.mark.parametrize('count', [0, 1, 2, 3, 7])
def test_xml_pieces_are_the_whole_tree(count):
    whole = x.element('items')
    for batch in _batches(count, 3):
        whole.extend(batch)
    pieces = x.list_pieces('items', _batches(count, 3))
    assert b''.join(pieces) == x.to_bytes(whole)
    etree.fromstring(b''.join(pieces))   # and well formed


@pytest.mark.parametrize('count', [0, 1, 2, 3, 7])
def test_json_pieces_are_the_whole_structure(count):
    bodies = [{'id': 'é%d' % n, 'list': [n, {'k': None}], 'text': 'a "quote"'}
              for n in range(count)]
    batches = [bodies[start:start + 3] for start in range(0, count, 3)]
    pieces = render._json_list_pieces('items', batches)
    assert b''.join(pieces) == render._json_bytes({'items': bodies})
    assert json.loads(b''.join(pieces)) == {'items': bodies}


def test_batches_keep_order_and_size(monkeypatch):
    monkeypatch.setattr(render, 'BATCH_SIZE', 2)
    assert list(render._batches(iter(range(5)))) == [[0, 1], [2, 3], [4]]
    assert list(render._batches([])) == []
