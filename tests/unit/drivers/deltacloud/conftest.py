"""A tiny local HTTP server answering canned responses, for the deltacloud client's error paths."""

import http.server
import threading
import time

import pytest


class CannedHandler(http.server.BaseHTTPRequestHandler):
    """Answers ``server.routes[path]`` = (status, headers, body, delay); records each request."""

    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse shows

    def _answer(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        self.server.requests.append((self.command, self.path, dict(self.headers), body))
        self.server.client_ports.add(self.client_address[1])
        status, headers, payload, delay = self.server.routes.get(
            self.path.split('?')[0], (404, {}, b'', 0))
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

    def log_message(self, *args):
        pass


class CannedServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(('127.0.0.1', 0), CannedHandler)
        self.routes = {}
        self.requests = []
        self.client_ports = set()

    def handle_error(self, request, client_address):
        pass  # a client that gave up on a slow answer leaves a broken pipe behind

    @property
    def api_url(self):
        return 'http://127.0.0.1:%d/api' % self.server_address[1]

    def route(self, path, status=200, body=b'', headers=None, delay=0.0,
              content_type='application/json'):
        headers = dict(headers or {})
        if content_type:
            headers.setdefault('Content-Type', content_type)
        self.routes['/api' + path] = (status, headers, body, delay)


@pytest.fixture
def canned():
    server = CannedServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.02,),
                              daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
