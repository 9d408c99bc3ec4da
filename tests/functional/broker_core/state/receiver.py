"""A webhook receiver for tests: a real HTTP server on 127.0.0.1 that keeps what it got."""

import http.server
import json
import threading


class Receiver:
    """Answers POSTs with the next of ``statuses`` (then 200) and keeps each request."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.requests = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                with receiver.lock:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    receiver.requests.append({'path': self.path, 'headers': dict(self.headers),
                                              'body': body, 'status': status})
                self.send_response(status)
                self.send_header('Content-Length', '0')
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d/hook' % self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, *statuses):
        with self.lock:
            self.statuses.extend(statuses)

    def received(self):
        """The documents received, in order."""
        with self.lock:
            return [json.loads(request['body']) for request in self.requests]
