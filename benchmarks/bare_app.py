"""A bare Falcon app answering bytes captured from broker-api: the ceiling of serving here.

It runs under gunicorn with the project's own gunicorn settings (etc/broker/gunicorn.conf.py:
sync workers, access log) and answers each captured request with the captured body and
content type, doing nothing else: whatever a real server is slower by is its own work.
"""

import base64
import contextlib
import json
import os
import pathlib
import subprocess
import sys
import time

import falcon

from tests.integration import servers

ANSWERS_ENV = 'BROKER_BENCH_BARE_ANSWERS'
REPO = pathlib.Path(__file__).resolve().parents[1]
GUNICORN_CONFIG = REPO / 'etc' / 'broker' / 'gunicorn.conf.py'


def answer_key(path, accept):
    return '%s %s' % (accept, path)


def captured(request, response, body):
    """What the bare app answers to ``request``: the status, content type and exact bytes."""
    return {'key': answer_key(request.path, request.headers.get('Accept')),
            'status': response.status, 'content_type': response.getheader('Content-Type'),
            'body': base64.b64encode(body).decode('ascii')}


def write_answers(path, answers):
    path.write_text(json.dumps(answers))
    return path


def read_answers(path):
    """``{key: (status, content type, body)}`` from a file of ``captured`` answers."""
    return {answer['key']: (answer['status'], answer['content_type'],
                            base64.b64decode(answer['body']))
            for answer in json.loads(pathlib.Path(path).read_text())}


class Answers:
    """A sink answering every captured request with its bytes, anything else with 404."""

    def __init__(self, answers):
        self.answers = answers

    def __call__(self, req, resp, **kwargs):
        found = self.answers.get(answer_key(req.relative_uri, req.get_header('Accept')))
        if found is None:
            raise falcon.HTTPNotFound()
        resp.status, resp.content_type, resp.data = found


def create_app(answers):
    app = falcon.App()
    app.add_sink(Answers(answers), prefix='/')
    return app


def from_environment():
    """The app of a gunicorn worker: ``benchmarks.bare_app:from_environment()``."""
    return create_app(read_answers(os.environ[ANSWERS_ENV]))


@contextlib.contextmanager
def serve(directory, answers, workers=2, timeout=30):
    """The bare app under gunicorn on a free loopback port; yields its base URL."""
    port = servers.free_port()
    env = dict(os.environ, **{ANSWERS_ENV: str(write_answers(directory / 'answers.json',
                                                             answers))})
    command = [sys.executable, '-m', 'gunicorn', '--config', str(GUNICORN_CONFIG),
               '--bind', '127.0.0.1:%d' % port, '--workers', str(workers),
               '--chdir', str(REPO), 'benchmarks.bare_app:from_environment()']
    base = 'http://127.0.0.1:%d' % port
    with open(directory / 'bare-app.log', 'wb') as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
        try:
            servers.wait_until_serving(base + '/', proc, time.monotonic() + timeout)
            yield base
        finally:
            servers.stop(proc)
