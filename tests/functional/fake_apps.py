"""Applications for the ``iaas.api.apps`` entry points the app tests install."""

import json


def create_hello(conf):
    def hello(environ, start_response):
        body = json.dumps({'script_name': environ.get('SCRIPT_NAME', ''),
                           'path_info': environ.get('PATH_INFO', ''),
                           'conf_driver': conf.api.default_driver}).encode()
        start_response('200 OK', [('Content-Type', 'application/json'),
                                  ('Content-Length', str(len(body)))])
        return [body]
    return hello


def create_broken(conf):
    raise RuntimeError('cannot start: no database')
