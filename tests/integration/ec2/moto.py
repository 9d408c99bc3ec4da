"""The moto EC2 emulator as a real server: started once per process, reset between uses.

moto accepts any credentials unless told otherwise; :meth:`MotoServer.account` turns its IAM
checks on (``/moto-api/reset-auth``) and creates a user whose access key is then the only one
that works, so wrong credentials fail as they do against AWS.
"""

import atexit
import dataclasses
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import boto3
import requests

from tests.integration import servers

HERE = pathlib.Path(__file__).resolve().parent
# A few AMIs instead of moto's 1,300: faster resets, and snapshots moto makes for them.
AMIS_PATH = HERE / 'amis.json'
X86_IMAGE, ARM_IMAGE, UBUNTU_IMAGE = ('ami-0a1b2c3d4e5f60001', 'ami-0a1b2c3d4e5f60002',
                                      'ami-0a1b2c3d4e5f60003')
REGION = 'us-east-1'
# Some of every kind: i386-capable, arm64, with instance storage, larger x86_64.
INSTANCE_TYPES = ['t2.*', 't3.micro', 't3.small', 't4g.micro', 'm5.large', 'm5d.large']
ALLOW_ALL = json.dumps({'Version': '2012-10-17', 'Statement': [
    {'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]})
# The unauthenticated calls account() makes before moto starts checking signatures.
SETUP_CALLS = 3


class MotoUnavailable(Exception):
    """moto_server is not installed or did not start."""


@dataclasses.dataclass(frozen=True)
class Account:
    access_key: str
    secret_key: str
    endpoint: str

    def client(self, region=REGION):
        return boto3.client('ec2', region_name=region, endpoint_url=self.endpoint,
                            aws_access_key_id=self.access_key,
                            aws_secret_access_key=self.secret_key)


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def moto_command():
    script = shutil.which('moto_server', path=os.path.dirname(sys.executable))
    if script is None:
        raise MotoUnavailable('moto_server is not installed (pip install "moto[server]")')
    return [script]


class MotoServer:
    """``moto_server -H 127.0.0.1 -p PORT`` in a subprocess with its own log file."""

    def __init__(self):
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.log = tempfile.NamedTemporaryFile(prefix='moto-', suffix='.log', delete=False)
        self.proc = None

    def start(self, timeout=30.0):
        env = dict(os.environ, MOTO_AMIS_PATH=str(AMIS_PATH))
        self.proc = subprocess.Popen(
            moto_command() + ['-H', '127.0.0.1', '-p', str(self.port)], env=env,
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise MotoUnavailable('moto_server exited with %s; see %s'
                                      % (self.proc.returncode, self.log.name))
            try:
                requests.get(self.url + '/moto-api/', timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise MotoUnavailable('moto_server did not answer on %s in %ss' % (self.url, timeout))

    def stop(self):
        if self.proc is not None:
            servers.stop(self.proc, grace=10)
        self.log.close()

    def _post(self, path, data=None):
        response = requests.post(self.url + path, data=data, timeout=30)
        response.raise_for_status()
        return response

    def reset(self):
        """Every resource gone and signature checks off, as at start."""
        self._post('/moto-api/reset')
        self._post('/moto-api/reset-auth', b'inf')

    def account(self):
        """A fresh cloud whose only valid credentials are the returned account's."""
        self.reset()
        self._post('/moto-api/reset-auth', str(SETUP_CALLS).encode())
        iam = boto3.client('iam', region_name=REGION, endpoint_url=self.url,
                           aws_access_key_id='setup', aws_secret_access_key='setup')
        iam.create_user(UserName='broker')
        iam.put_user_policy(UserName='broker', PolicyName='all', PolicyDocument=ALLOW_ALL)
        key = iam.create_access_key(UserName='broker')['AccessKey']
        return Account(key['AccessKeyId'], key['SecretAccessKey'], self.url)


_SERVER = None


def server():
    """This process's moto server, started on first use and stopped when the process ends."""
    global _SERVER
    if _SERVER is None:
        _SERVER = MotoServer().start()
        atexit.register(_SERVER.stop)
    return _SERVER
