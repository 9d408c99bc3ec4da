"""Starts and stops real servers of ours (broker-api under gunicorn) for integration tests.

The benchmarks start their servers with these helpers too.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import requests


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def write_config(path, state_path, extra=''):
    path.write_text('[DEFAULT]\nstate_path = %s\n%s' % (state_path, extra))
    return path


def broker_api_command():
    """The installed console script, or the module when tests run from a source tree."""
    script = shutil.which('broker-api', path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, '-m', 'iaas.cmd.api']


def wait_until_serving(url, proc, deadline):
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError('broker-api exited with %s' % proc.returncode)
        try:
            # A worker's first answer may be slow (drivers, DB, reconciler): wait, don't fail.
            if requests.get(url, timeout=5).status_code < 500:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.1)
    raise RuntimeError('broker-api did not answer at %s' % url)


def stop(proc, sig=signal.SIGTERM, grace=15):
    """Stop a server started in its own session, workers and all; kill them if they hang."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def child_pids(pid):
    """The processes whose parent is ``pid`` (a gunicorn master's workers), from /proc."""
    found = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as stat:
                # The command may hold spaces and parentheses: fields follow the last ')'.
                fields = stat.read().rsplit(')', 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            found.append(int(entry))
    return sorted(found)


@contextlib.contextmanager
def broker_api(tmp_path, workers=2, extra_config='', timeout=30):
    """Run ``broker-api`` on a free loopback port; yields the base URL (``http://host:port``)."""
    with broker_api_process(tmp_path, workers, extra_config, timeout) as (base, _):
        yield base


@contextlib.contextmanager
def broker_api_process(tmp_path, workers=2, extra_config='', timeout=30, env=None):
    """``broker_api`` that yields (base URL, the gunicorn master's Popen); ``env`` adds variables.

    The log (tmp_path/broker-api.log) is appended to, so a restarted server keeps the first's.
    """
    port = free_port()
    config = write_config(tmp_path / 'broker.conf', tmp_path / 'state', extra_config)
    log = open(tmp_path / 'broker-api.log', 'ab')
    proc = subprocess.Popen(
        broker_api_command() + ['--config-file', str(config), '--port', str(port),
                                '--workers', str(workers)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env=dict(os.environ, **(env or {})))
    base = 'http://127.0.0.1:%d' % port
    try:
        wait_until_serving(base + '/api', proc, time.monotonic() + timeout)
        yield base, proc
    finally:
        stop(proc)
        log.close()
