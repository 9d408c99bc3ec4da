"""``broker-api`` start-up: a driver that cannot load stops it with the driver's name."""

import subprocess

import pytest

from tests.integration import servers

pytestmark = pytest.mark.integration


def test_unloadable_driver_is_fatal(tmp_path):
    config = servers.write_config(tmp_path / 'broker.conf', tmp_path / 'state',
                                  '[api]\nenabled_drivers = mock,nosuchdriver\n')
    result = subprocess.run(
        servers.broker_api_command() + ['--config-file', str(config),
                                        '--port', str(servers.free_port())],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Driver 'nosuchdriver' cannot be loaded" in result.stderr


def test_serves_on_the_requested_port(api_server):
    import requests
    response = requests.get(api_server + '/api', timeout=5)
    assert response.status_code == 200
    assert response.headers['Server'] == 'Apache-Deltacloud/1.1.3'


def test_unloadable_app_is_fatal(tmp_path):
    config = servers.write_config(tmp_path / 'broker.conf', tmp_path / 'state',
                                  '[api]\nenabled_apps = nosuchapp\n')
    result = subprocess.run(
        servers.broker_api_command() + ['--config-file', str(config),
                                        '--port', str(servers.free_port())],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Application 'nosuchapp' cannot be loaded" in result.stderr
