"""broker-api's gunicorn settings come from [api] and the command line."""

from iaas.cmd import api


def _settings(tmp_path, config=''):
    path = tmp_path / 'broker.conf'
    path.write_text(config)
    return api.server_settings(api.parse_config(['--config-file', str(path)]))


def test_workers_are_kept_unless_configured(tmp_path):
    settings = _settings(tmp_path)
    assert settings['max_requests'] == 0 and settings['max_requests_jitter'] == 0


def test_workers_are_replaced_after_max_requests(tmp_path):
    settings = _settings(tmp_path, '[api]\nmax_requests = 500\nmax_requests_jitter = 50\n')
    assert settings['max_requests'] == 500 and settings['max_requests_jitter'] == 50
