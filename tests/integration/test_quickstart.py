"""The README's quick start: db sync, demo, broker-api, then a launch lands on the cheaper cloud."""

import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest
import requests

from broker_core import demo
from tests.integration import servers

pytestmark = pytest.mark.integration

BROKER = {'X-Deltacloud-Driver': 'broker', 'Accept': 'application/json'}
DEMO_LOGIN = (demo.DEMO_USER, demo.DEMO_PASSWORD)
MOCK_LOGIN = ('mockuser', 'mockpassword')
README = pathlib.Path(__file__).resolve().parents[2] / 'README.md'
# The README's curl walks that must work against the quick start's broker.
CHECKED_EXAMPLE = re.compile(r'<!-- checked-example -->\n```sh\n(.*?)\n```', re.S)
README_ADDRESS = '127.0.0.1:3001'


def broker_manage(config, *args, env=None):
    """Run the installed ``broker-manage`` (or its module) as an operator does; its stdout.

    ``env`` adds environment variables.
    """
    script = shutil.which('broker-manage', path=os.path.dirname(sys.executable))
    command = [script] if script else [sys.executable, '-m', 'broker_core.cmd.manage']
    done = subprocess.run(command + ['--config-file', str(config), *args],
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, **(env or {})))
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def quickstart(tmp_path):
    """The quick start's three steps on a state directory of the test's own; yields /api."""
    config = servers.write_config(tmp_path / 'broker.conf', tmp_path / 'state')
    broker_manage(config, 'db', 'sync')
    assert 'demo / demopassword' in broker_manage(config, 'demo')
    with servers.broker_api(tmp_path, workers=2) as base:
        yield base + '/api'


def get(url, auth=DEMO_LOGIN, headers=BROKER):
    response = requests.get(url, auth=auth, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def ids(api, collection):
    return sorted(item['id'] for item in get('%s/%s' % (api, collection))[collection])


def mock_instance_names(api, provider):
    """Names of the instances a mock cloud itself lists (the broker names them by its id)."""
    headers = {'X-Deltacloud-Driver': 'mock', 'X-Deltacloud-Provider': provider,
               'Accept': 'application/json'}
    listed = get(api + '/instances', auth=MOCK_LOGIN, headers=headers)['instances']
    return {item['name']: item['state'] for item in listed}


def test_demo_user_launches_on_the_cheaper_cloud(quickstart):
    api = quickstart
    assert ids(api, 'realms') == [demo.POOL]
    assert ids(api, 'hardware_profiles') == ['large', 'medium', 'small']
    images = {image['name']: image['id'] for image in get(api + '/images')['images']}
    assert sorted(images) == sorted(image[0] for image in demo.IMAGES)

    launched = requests.post(api + '/instances', auth=DEMO_LOGIN, headers=BROKER, timeout=60,
                             data={'image_id': images['fedora-x86_64'], 'hwp_id': 'small',
                                   'name': 'web1'})
    assert launched.status_code == 201, launched.text
    instance = launched.json()['instance']
    assert (instance['name'], instance['owner'], instance['realm']['id']) == (
        'web1', demo.DEMO_USER, demo.POOL)
    assert get('%s/instances/%s' % (api, instance['id']))['instance']['state'] == 'RUNNING'
    # mock-west lists the small profile cheaper: the price-weighed pool put it there.
    assert instance['id'] in mock_instance_names(api, 'mock-west')
    assert instance['id'] not in mock_instance_names(api, 'mock-east')

    stopped = requests.post('%s/instances/%s/stop' % (api, instance['id']), auth=DEMO_LOGIN,
                            headers=BROKER, timeout=60)
    assert stopped.status_code in (200, 202), stopped.text
    assert mock_instance_names(api, 'mock-west')[instance['id']] == 'STOPPED'
    destroyed = requests.delete('%s/instances/%s' % (api, instance['id']), auth=DEMO_LOGIN,
                                headers=BROKER, timeout=60)
    assert destroyed.status_code == 204, destroyed.text
    assert ids(api, 'instances') == []
    assert instance['id'] not in mock_instance_names(api, 'mock-west')


def test_the_demo_user_sees_nothing_without_the_password(quickstart):
    response = requests.get(quickstart + '/instances', auth=(demo.DEMO_USER, 'wrong-password'),
                            headers=BROKER, timeout=30)
    assert response.status_code == 401


def test_the_readme_examples_work(quickstart):
    """Every checked curl walk of the README runs without an HTTP error, in order."""
    examples = CHECKED_EXAMPLE.findall(README.read_text())
    assert len(examples) >= 2
    address = quickstart.split('//')[1].split('/')[0]
    # --fail-with-body turns an HTTP error into a failed command, which stops the script.
    script = 'set -euo pipefail\ncurl() { command curl --fail-with-body "$@"; }\n' + '\n'.join(
        example.replace(README_ADDRESS, address) for example in examples)
    path = os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', '')
    done = subprocess.run(['bash', '-c', script], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PATH=path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count('204') >= 2
