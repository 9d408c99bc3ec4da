"""``broker-manage bootstrap``: the first admin, its password never shown, safe to run again."""

import io
import subprocess
import sys

import pytest

from broker_core.cmd import manage
from broker_core import errors
from broker_core import identity
from broker_core import roles
from tests.broker_db import *  # noqa: F401,F403 (fixtures: database on every backend)

PASSWORD = 'first-admin-secret'
SQLITE_ONLY = pytest.mark.parametrize('db_backend', ['sqlite'])


@pytest.fixture
def manage_cli(database, tmp_path, capsys, monkeypatch):
    """Run ``broker-manage`` in-process; ``stdin`` is what it reads (not a terminal)."""
    config = tmp_path / 'broker.conf'
    config.write_text('[DEFAULT]\nstate_path = %s\n' % tmp_path)
    monkeypatch.delenv(manage.PASSWORD_ENV, raising=False)

    def run(*args, stdin=''):
        monkeypatch.setattr(sys, 'stdin', io.StringIO(stdin))
        code = manage.main(['--config-file', str(config), *args])
        captured = capsys.readouterr()
        assert PASSWORD not in captured.out + captured.err
        return code, captured.out, captured.err
    return run


def is_admin(context, name, password=PASSWORD):
    user = identity.authenticate(context, name, password)
    return ('admin', None) in roles.roles_for(context, user['id'])


def test_bootstrap_reads_the_password_from_stdin(manage_cli, admin_context):
    code, out, err = manage_cli('bootstrap', '--username', 'root', stdin=PASSWORD + '\n')
    assert (code, out) == (0, 'Created user root with the global admin role\n'), err
    assert is_admin(admin_context, 'root')


def test_bootstrap_again_with_the_same_password_changes_nothing(manage_cli, admin_context,
                                                                monkeypatch):
    monkeypatch.setenv(manage.PASSWORD_ENV, PASSWORD)
    assert manage_cli('bootstrap')[0] == 0
    code, out, err = manage_cli('bootstrap')
    assert (code, out) == (0, 'User admin exists and holds the global admin role; '
                              'nothing changed\n'), err
    assert len(roles.list_grants(admin_context)) == 1


def test_bootstrap_refuses_an_existing_user_with_another_password(manage_cli, admin_context):
    assert manage_cli('bootstrap', '--password', PASSWORD)[0] == 0
    code, out, err = manage_cli('bootstrap', stdin='a-different-password\n')
    assert code == 1 and out == ''
    assert "user 'admin' already exists and the password given does not log in" in err
    assert 'a-different-password' not in err
    assert is_admin(admin_context, 'admin')  # the old password still works


def test_bootstrap_promotes_a_user_proving_its_password(manage_cli, admin_context):
    identity.create_user(admin_context, 'alice', PASSWORD)
    code, out, err = manage_cli('bootstrap', '--username', 'alice', stdin=PASSWORD)
    assert (code, out) == (0, 'User alice exists; granted it the global admin role\n'), err
    assert is_admin(admin_context, 'alice')


@SQLITE_ONLY
def test_bootstrap_refuses_a_disabled_user(manage_cli, admin_context):
    user = identity.create_user(admin_context, 'alice', PASSWORD)
    identity.set_enabled(admin_context, user['id'], False)
    code, _, err = manage_cli('bootstrap', '--username', 'alice', stdin=PASSWORD)
    assert code == 1 and 'or the user is disabled' in err
    assert roles.list_grants(admin_context) == []


@SQLITE_ONLY
@pytest.mark.parametrize('password, reason', [
    ('', 'must have at least 8 characters'), ('short', 'must have at least 8 characters')])
def test_bootstrap_refuses_a_weak_password(manage_cli, admin_context, password, reason):
    code, _, err = manage_cli('bootstrap', stdin=password + '\n')
    assert code == 1 and reason in err
    with pytest.raises(errors.ObjectNotFound):
        identity.get_user_by_name(admin_context, 'admin')


@SQLITE_ONLY
def test_bootstrap_refuses_a_bad_name(manage_cli):
    code, _, err = manage_cli('bootstrap', '--username', 'Not A Name', stdin=PASSWORD)
    assert code == 1 and 'Invalid name' in err


def test_the_installed_command_reads_a_piped_password(tmp_path):
    """The console script as an operator runs it, on a fresh embedded database."""
    config = tmp_path / 'broker.conf'
    config.write_text('[DEFAULT]\nstate_path = %s\n' % tmp_path)

    def run(*args):
        return subprocess.run([sys.executable, '-m', 'broker_core.cmd.manage',
                               '--config-file', str(config), *args],
                              input=PASSWORD + '\n', capture_output=True, text=True, timeout=60)

    before = run('bootstrap')
    assert before.returncode == 1
    assert "run 'broker-manage db sync' first" in before.stderr
    assert 'Traceback' not in before.stderr
    assert run('db', 'sync').returncode == 0
    created = run('bootstrap', '--username', 'ops')
    assert (created.returncode, created.stdout) == (
        0, 'Created user ops with the global admin role\n'), created.stderr
    assert PASSWORD not in created.stdout + created.stderr
