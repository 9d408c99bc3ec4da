"""WSGI entry point for gunicorn: ``iaas.api.wsgi:application`` (config from BROKER_CONFIG_FILE)."""

import os
import threading

_app = None
_lock = threading.Lock()


def build():
    """The app from the file named by ``BROKER_CONFIG_FILE``, else oslo.config's default files."""
    from iaas.api import app
    from iaas import conf as iaas_conf

    path = os.environ.get('BROKER_CONFIG_FILE')
    conf = iaas_conf.build(default_config_files=[path] if path else None)
    return app.create_app(conf)


def application(environ=None, start_response=None):
    """Serve a request, building the app on first use; called bare, return the app (factory)."""
    global _app
    if _app is None:
        with _lock:
            if _app is None:
                _app = build()
    if environ is None:
        return _app
    return _app(environ, start_response)
