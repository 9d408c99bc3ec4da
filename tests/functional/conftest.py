"""The Deltacloud front end in-process over the real mock driver, its state in tmp_path."""

import base64

import falcon.testing
import pytest

from iaas.api import app as app_mod

USER, PASSWORD = 'mockuser', 'mockpassword'


def basic(user, password):
    token = base64.b64encode(('%s:%s' % (user, password)).encode()).decode()
    return {'Authorization': 'Basic ' + token}


AUTH = basic(USER, PASSWORD)
JSON = dict(AUTH, Accept='application/json')
XML = dict(AUTH, Accept='application/xml')


@pytest.fixture
def app(conf):
    return app_mod.create_app(conf)


@pytest.fixture
def client(app):
    return falcon.testing.TestClient(app)


@pytest.fixture
def auth():
    return dict(AUTH)


class Api:
    """Short calls for tests: JSON with credentials unless told otherwise."""

    def __init__(self, client):
        self.client = client

    def request(self, method, path, params=None, headers=None, fmt='json', auth=True, **kw):
        sent = dict(AUTH) if auth else {}
        if fmt:
            sent['Accept'] = 'application/json' if fmt == 'json' else 'application/xml'
        sent.update(headers or {})
        if params is not None and method in ('POST', 'PUT'):
            kw.setdefault('body', _form(params))
            sent.setdefault('Content-Type', 'application/x-www-form-urlencoded')
            params = None
        return self.client.simulate_request(method, path, params=params, headers=sent, **kw)

    def get(self, path, **kw):
        return self.request('GET', path, **kw)

    def post(self, path, params=None, **kw):
        return self.request('POST', path, params=params if params is not None else {}, **kw)

    def delete(self, path, **kw):
        return self.request('DELETE', path, **kw)

    def ids(self, collection, **kw):
        """The ids a listing shows (JSON)."""
        response = self.get('/api/' + collection, **kw)
        assert response.status_code == 200, response.text
        return [item['id'] for item in response.json[collection.split('?')[0]]]


def _form(params):
    from urllib import parse
    return parse.urlencode(params)


@pytest.fixture
def api(client):
    return Api(client)
