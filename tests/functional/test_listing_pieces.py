"""A list answered in many pieces has the body, Content-Length and ETag of one piece."""

import hashlib

import pytest

from iaas.api.deltacloud import render

COLLECTIONS = ['instances', 'images', 'hardware_profiles', 'realms', 'keys']


@pytest.mark.parametrize('fmt', ['xml', 'json'])
@pytest.mark.parametrize('collection', COLLECTIONS)
def test_pieces_answer_as_one_body(api, monkeypatch, collection, fmt):
    whole = api.get('/api/' + collection, fmt=fmt)
    monkeypatch.setattr(render, 'BATCH_SIZE', 1)
    pieces = api.get('/api/' + collection, fmt=fmt)
    assert whole.status_code == pieces.status_code == 200
    assert pieces.content == whole.content
    assert pieces.headers == whole.headers
    assert int(pieces.headers['content-length']) == len(pieces.content)
    assert pieces.headers['etag'] == hashlib.md5(pieces.content).hexdigest()


def test_more_than_one_piece_is_listed(api, monkeypatch):
    monkeypatch.setattr(render, 'BATCH_SIZE', 1)
    assert len(api.ids('hardware_profiles')) > 1


@pytest.mark.parametrize('fmt', ['xml', 'json'])
def test_head_of_a_list_has_the_length_and_no_body(api, monkeypatch, fmt):
    monkeypatch.setattr(render, 'BATCH_SIZE', 1)
    body = api.get('/api/instances', fmt=fmt)
    head = api.request('HEAD', '/api/instances', fmt=fmt)
    assert head.status_code == 200 and head.content == b''
    assert head.headers['content-length'] == str(len(body.content))
    assert 'etag' not in head.headers
