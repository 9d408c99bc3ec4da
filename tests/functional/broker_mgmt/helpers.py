"""Requests to the management API as a user, and DB counts to show nothing changed."""

import base64
from urllib import parse

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import models

ADMIN_NAME, ADMIN_PASSWORD = 'root', 'root-password-1'
USER_NAME, USER_PASSWORD = 'alice', 'alice-password-1'
MOCK_CREDENTIALS = {'username': 'mockuser', 'password': 'mockpassword'}


def basic(name, password):
    token = base64.b64encode(('%s:%s' % (name, password)).encode()).decode()
    return {'Authorization': 'Basic ' + token}


class Api:
    """Requests to /v1 as one user; JSON bodies; ``prefix`` is where /v1 is."""

    def __init__(self, client, name, password, prefix='/v1'):
        self.client = client
        self.auth = basic(name, password) if name else {}
        self.prefix = prefix

    def request(self, method, path, json=None, headers=None, **kwargs):
        sent = dict(self.auth, **(headers or {}))
        return self.client.simulate_request(method, self.prefix + path, json=json,
                                            headers=sent, **kwargs)

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.request('POST', path, json=json, **kwargs)

    def put(self, path, json=None, **kwargs):
        return self.request('PUT', path, json=json, **kwargs)

    def patch(self, path, json=None, **kwargs):
        return self.request('PATCH', path, json=json, **kwargs)

    def delete(self, path, **kwargs):
        return self.request('DELETE', path, **kwargs)

    def create(self, path, json):
        """POST that must answer 201; the new object."""
        response = self.post(path, json)
        assert response.status_code == 201, response.text
        return response.json

    def follow(self, url):
        """GET an absolute URL the API handed out (a next link, a Location)."""
        parts = parse.urlsplit(url)
        return self.client.simulate_get(parts.path, query_string=parts.query,
                                        headers=self.auth)

    def items(self, path, key, **params):
        response = self.get(path, params=params or None)
        assert response.status_code == 200, response.text
        return response.json[key]


@db_api.reader
def row_counts(context):
    """Rows per table, compared before and after a refused request: nothing may change."""
    present = set(sa.inspect(context.session.connection()).get_table_names())
    return {table.name: context.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in models.BASE.metadata.sorted_tables if table.name in present}


def assert_refused(api, context, method, path, status, field=None, **kwargs):
    """The request answers ``status`` naming ``field`` and leaves every table as it was."""
    before = row_counts(context)
    response = api.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    if field is not None:
        assert field in response.json['description'], response.json
    assert row_counts(context) == before
    return response
