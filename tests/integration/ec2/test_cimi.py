"""The EC2 driver behind the CIMI front end: the WSGI app in-process, moto behind it."""

import base64

import falcon.testing
import pytest

from iaas.api import app as app_mod
from tests.integration.ec2 import moto

pytestmark = pytest.mark.integration
BASE = 'http://falconframework.org/cimi/'


@pytest.fixture
def cimi(ec2_conf, ec2_account):
    ec2_conf.set_override('enabled_drivers', ['mock', 'ec2'], 'api')
    ec2_conf.set_override('enabled_apps', [], 'api')
    client = falcon.testing.TestClient(app_mod.create_app(ec2_conf))
    token = base64.b64encode(
        ('%s:%s' % (ec2_account.access_key, ec2_account.secret_key)).encode()).decode()
    headers = {'X-Deltacloud-Driver': 'ec2', 'X-Deltacloud-Provider': moto.REGION,
               'Accept': 'application/json', 'Authorization': 'Basic ' + token}

    def call(method, path, doc=None):
        sent = dict(headers)
        kw = {}
        if doc is not None:
            kw['json'] = doc
        return client.simulate_request(method, '/cimi' + path, headers=sent, **kw)
    return call


def test_machine_configurations_in_kib(cimi):
    answer = cimi('GET', '/machineConfigurations')
    assert answer.status_code == 200, answer.text
    configs = {c['name']: c for c in answer.json['machineConfigurations']}
    micro = configs['t3.micro']
    assert micro['cpu'] == 2 and micro['memory'] == 1024 * 1024
    assert micro['id'] == BASE + 'machineConfigurations/t3.micro'
    assert 'machines' in cimi('GET', '/cloudEntryPoint').json


def test_create_and_delete_a_machine(cimi):
    created = cimi('POST', '/machines', {
        'resourceURI': 'http://schemas.dmtf.org/cimi/1/MachineCreate', 'name': 'through-cimi',
        'properties': {'realm': moto.REGION + 'a'},
        'machineTemplate': {
            'machineConfig': {'href': BASE + 'machineConfigurations/t3.micro'},
            'machineImage': {'href': BASE + 'machineImages/' + moto.X86_IMAGE}}})
    assert created.status_code == 201, created.text
    machine = created.json
    assert created.headers['Location'] == machine['id']
    assert machine['name'] == 'through-cimi'
    assert machine['state'] in ('CREATING', 'STARTED')
    path = machine['id'][len(BASE) - 1:]
    assert cimi('GET', path).json['state'] == 'STARTED'
    assert cimi('DELETE', path).status_code == 202
    assert cimi('GET', path).status_code == 404
    assert machine['id'] not in [m['id'] for m in cimi('GET', '/machines').json['machines']]
