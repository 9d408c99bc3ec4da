"""The WSGI application: Deltacloud at ``/api``, CIMI at ``/cimi``, each app at ``/<name>``."""

import logging

from stevedore import driver as stevedore_driver

from iaas.api.cimi import app as cimi_app
from iaas.api.deltacloud import app as deltacloud_app
from iaas import loader

LOG = logging.getLogger(__name__)
APPS_NAMESPACE = 'iaas.api.apps'


class AppLoadError(Exception):
    """An enabled application could not be loaded: a fatal start-up error naming it."""


def load_app(conf, name, namespace=APPS_NAMESPACE):
    """The WSGI app built by the ``name`` entry point's factory ``create_app(conf)``."""
    try:
        manager = stevedore_driver.DriverManager(namespace, name, invoke_on_load=True,
                                                 invoke_args=(conf,))
    except Exception as exc:
        raise AppLoadError("Application '%s' cannot be loaded: %s" % (name, exc)) from exc
    return manager.driver


class PrefixDispatcher:
    """Sends ``/<name>`` and ``/<name>/...`` to a mounted app, everything else to ``default``."""

    def __init__(self, default, mounts):
        self.default = default
        self.mounts = {'/' + name.strip('/'): app for name, app in mounts.items()}

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        for prefix, app in self.mounts.items():
            # ``/cimi;driver=ec2/...``: the app reads its matrix parameters itself.
            if path == prefix or path.startswith((prefix + '/', prefix + ';')):
                environ = dict(environ)
                environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + prefix
                environ['PATH_INFO'] = path[len(prefix):]
                return app(environ, start_response)
        return self.default(environ, start_response)


def create_app(conf, registry=None, load=load_app):
    """The WSGI callable; enabled drivers and apps load now, and a failure names the culprit.

    ``load(conf, name)`` builds a mounted app (the ``iaas.api.apps`` entry points by default).
    """
    registry = registry or loader.DriverRegistry(conf)
    registry.load_all()
    mounts = {}
    if conf.api.cimi_enabled:
        mounts['cimi'] = cimi_app.create_app(conf, registry)
    for name in conf.api.enabled_apps:
        if name in ('api', 'cimi', ''):
            raise AppLoadError("Application name '%s' is reserved" % name)
        mounts[name] = load(conf, name)
        LOG.info('Mounted application %s at /%s', name, name)
    return PrefixDispatcher(deltacloud_app.create_app(conf, registry), mounts)
