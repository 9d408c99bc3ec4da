"""Matrix parameters are stripped from the path and kept for the request."""

import pytest

from iaas.api.deltacloud import matrix


@pytest.mark.parametrize('path, clean, params', [
    ('/api', '/api', {}),
    ('/api;driver=ec2;provider=us-east-1', '/api', {'driver': 'ec2', 'provider': 'us-east-1'}),
    ('/api;driver=mock/instances', '/api/instances', {'driver': 'mock'}),
    ('/api/images;instance_id=inst1', '/api/images', {'instance_id': 'inst1'}),
    ('/api;provider=a/x;provider=b', '/api/x', {'provider': 'b'}),
    ('/api/buckets/b/odd;name', '/api/buckets/b/odd;name', {}),
    ('/api;format=', '/api', {'format': ''}),
])
def test_strip(path, clean, params):
    assert matrix.strip_matrix_params(path) == (clean, params)


def test_utf8_values():
    raw = '/api;provider=caf\u00c3\u00a9'  # PATH_INFO carries UTF-8 bytes as latin-1
    assert matrix.strip_matrix_params(raw) == ('/api', {'provider': 'caf\u00e9'})


def test_middleware_rewrites_the_environ():
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return []

    matrix.MatrixParamsMiddleware(app)({'PATH_INFO': '/api;driver=ec2/realms'}, None)
    assert seen['PATH_INFO'] == '/api/realms'
    assert seen[matrix.ENVIRON_KEY] == {'driver': 'ec2'}
