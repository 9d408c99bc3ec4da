"""The top-level WSGI app: ``/api`` plus mounted apps, and the gunicorn entry point."""

import sys

import falcon.testing
import pytest
from stevedore import _cache as stevedore_cache

from iaas.api import app as app_mod
from iaas import errors
from tests.functional import checks
from tests.functional import fake_apps

FAKE_APPS = 'tests.functional.fake_apps'


@pytest.fixture
def entry_points(tmp_path, monkeypatch):
    """An installed distribution offering ``hello`` and ``broken`` in ``iaas.api.apps``."""
    dist = tmp_path / 'site' / 'fake_broker_apps-1.0.dist-info'
    dist.mkdir(parents=True)
    (dist / 'METADATA').write_text('Metadata-Version: 2.1\nName: fake-broker-apps\n'
                                   'Version: 1.0\n')
    (dist / 'entry_points.txt').write_text(
        '[iaas.api.apps]\nhello = %s:create_hello\nbroken = %s:create_broken\n'
        % (FAKE_APPS, FAKE_APPS))
    monkeypatch.syspath_prepend(str(tmp_path / 'site'))
    # stevedore keeps the entry points it has read per process; earlier tests in this worker
    # may have read the group already, so make it read the distributions again.
    monkeypatch.setattr(stevedore_cache._c, '_internal', {})
    return sys.path


def test_mounted_app_gets_its_prefix(conf):
    conf.set_override('enabled_apps', ['hello'], group='api')
    apps = {'hello': fake_apps.create_hello}
    client = falcon.testing.TestClient(
        app_mod.create_app(conf, load=lambda conf, name: apps[name](conf)))
    response = client.simulate_get('/hello/v1/things')
    assert response.status_code == 200
    assert response.json == {'script_name': '/hello', 'path_info': '/v1/things',
                             'conf_driver': 'mock'}
    assert client.simulate_get('/hello').json['path_info'] == ''
    assert client.simulate_get('/api', headers={'Accept': 'application/json'}).status_code == 200
    # Only the exact prefix mounts: /hellothere stays with the Deltacloud app.
    checks.xml_error(client.simulate_get('/hellothere'), 404)


def test_app_that_fails_to_load_is_fatal_and_named(conf, entry_points):
    conf.set_override('enabled_apps', ['broken'], group='api')
    with pytest.raises(app_mod.AppLoadError, match="Application 'broken'"):
        app_mod.create_app(conf)


def test_missing_app_is_fatal_and_named(conf):
    conf.set_override('enabled_apps', ['nosuchapp'], group='api')
    with pytest.raises(app_mod.AppLoadError, match="Application 'nosuchapp'"):
        app_mod.create_app(conf)


def test_driver_that_fails_to_load_is_fatal_and_named(conf):
    conf.set_override('enabled_drivers', ['mock', 'nosuchdriver'], group='api')
    with pytest.raises(errors.DriverLoadError, match="Driver 'nosuchdriver'"):
        app_mod.create_app(conf)


def test_wsgi_application_from_config_file(tmp_path, monkeypatch):
    from iaas.api import wsgi
    config = tmp_path / 'broker.conf'
    config.write_text('[DEFAULT]\nstate_path = %s\n[api]\ndefault_provider = fromfile\n'
                      % (tmp_path / 'state'))
    monkeypatch.setenv('BROKER_CONFIG_FILE', str(config))
    monkeypatch.setattr(wsgi, '_app', None)
    built = wsgi.application()
    assert wsgi.application() is built
    client = falcon.testing.TestClient(wsgi.application)
    response = client.simulate_get('/api', headers={'Accept': 'application/json'})
    assert response.json['api']['provider'] == 'fromfile'
