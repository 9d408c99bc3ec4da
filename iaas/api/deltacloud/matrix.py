"""Strips Deltacloud matrix parameters (``/api;driver=ec2;provider=x/...``) out of the path."""

ENVIRON_KEY = 'iaas.matrix_params'


def _text(wsgi_str):
    # PEP 3333: PATH_INFO holds the already percent-decoded bytes as latin-1 characters.
    try:
        return wsgi_str.encode('latin-1').decode('utf-8')
    except UnicodeError:
        return wsgi_str


def split_segment(segment):
    """``'api;driver=ec2'`` -> ``('api', {'driver': 'ec2'})``; a ``;`` without ``=`` stays."""
    name, _, rest = segment.partition(';')
    if not rest:
        return segment, {}
    pieces = rest.split(';')
    # An id such as a blob name may contain ';': only key=value lists are matrix parameters.
    if not all('=' in piece for piece in pieces):
        return segment, {}
    params = {}
    for piece in pieces:
        key, _, value = piece.partition('=')
        if key:
            params[_text(key)] = _text(value)
    return name, params


def strip_matrix_params(path):
    """The path without matrix parameters, and the parameters (later segments win)."""
    segments = []
    params = {}
    for segment in path.split('/'):
        name, found = split_segment(segment)
        segments.append(name)
        params.update(found)
    return '/'.join(segments), params


class MatrixParamsMiddleware:
    """WSGI wrapper: routes see a clean PATH_INFO; the parameters travel in the environ."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if ';' in path:
            path, params = strip_matrix_params(path)
            environ['PATH_INFO'] = path
            environ[ENVIRON_KEY] = params
        return self.app(environ, start_response)
