"""``broker-manage`` as an operator runs it: a subprocess on an embedded SQLite database."""

import subprocess
import sys

import sqlalchemy as sa

from broker_core import crypto
from broker_core.db import migration

OLD, NEW = crypto.generate_key(), crypto.generate_key()


def _manage(config_file, *args):
    return subprocess.run(
        [sys.executable, '-m', 'broker_core.cmd.manage', '--config-file', str(config_file),
         *args], capture_output=True, text=True, timeout=60)


def _config(tmp_path, keys=None):
    path = tmp_path / 'broker.conf'
    lines = ['[DEFAULT]', 'state_path = %s' % tmp_path]
    if keys:
        lines += ['[crypto]', 'fernet_keys = %s' % ','.join(keys)]
    path.write_text('\n'.join(lines) + '\n')
    return path


def test_db_sync_then_version(tmp_path):
    config = _config(tmp_path)
    before = _manage(config, 'db', 'version')
    assert (before.returncode, before.stdout) == (0, 'None\n'), before.stderr

    synced = _manage(config, 'db', 'sync')
    assert synced.returncode == 0, synced.stderr
    assert (tmp_path / 'broker.sqlite').exists()

    after = _manage(config, 'db', 'version')
    assert (after.returncode, after.stdout) == (0, migration.head() + '\n'), after.stderr


def test_rotate_keys_reencrypts_and_never_prints_a_key(tmp_path):
    config = _config(tmp_path, keys=[OLD])
    assert _manage(config, 'db', 'sync').returncode == 0
    engine = sa.create_engine('sqlite:///%s' % (tmp_path / 'broker.sqlite'))
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO providers (id, name, driver, enabled, options, created_at) "
            "VALUES ('p', 'mock', 'mock', 1, '{}', '2026-01-01')")
        connection.exec_driver_sql(
            "INSERT INTO provider_accounts (id, provider_id, name, credentials, options, "
            "enabled, weight, priority, consecutive_failures, error_rate, circuit_state, "
            "created_at) VALUES ('a', 'p', 'a', ?, '{}', 1, 1, 0, 0, 0, 'closed', "
            "'2026-01-01')", (crypto.CredentialCipher([OLD]).encrypt({'password': 'pw'}),))

    rotated = _manage(_config(tmp_path, keys=[NEW, OLD]), 'rotate-keys')

    assert rotated.returncode == 0, rotated.stderr
    assert '1 accounts' in rotated.stdout
    assert OLD not in rotated.stdout + rotated.stderr
    assert NEW not in rotated.stdout + rotated.stderr
    with engine.connect() as connection:
        token = connection.exec_driver_sql('SELECT credentials FROM provider_accounts').scalar()
    assert crypto.CredentialCipher([NEW]).decrypt(token) == {'password': 'pw'}


def test_rotate_keys_with_a_malformed_key_fails_cleanly(tmp_path):
    assert _manage(_config(tmp_path), 'db', 'sync').returncode == 0
    failed = _manage(_config(tmp_path, keys=['not-a-fernet-key']), 'rotate-keys')
    assert failed.returncode == 1
    assert 'key 1 is not 32 url-safe base64-encoded bytes' in failed.stderr
    assert 'not-a-fernet-key' not in failed.stderr
    assert 'Traceback' not in failed.stderr
