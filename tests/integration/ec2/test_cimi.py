"""The EC2 driver behind the CIMI front end: the WSGI app in-process, moto behind it."""

import pytest

from tests.integration.ec2 import moto

pytestmark = pytest.mark.integration
BASE = 'http://falconframework.org/cimi/'


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
