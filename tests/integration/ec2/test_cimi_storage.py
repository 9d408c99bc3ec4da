"""Volumes, volumeImages, machine volumes, networks and addresses of CIMI over EC2 on moto."""

import pytest

from tests.integration.ec2 import moto

pytestmark = pytest.mark.integration
BASE = 'http://falconframework.org/cimi/'
KIB_PER_GB = 1024 * 1024


def path_of(doc):
    return doc['id'][len(BASE) - 1:]


def test_a_volume_attached_to_a_machine_and_imaged(cimi):
    entry = cimi('GET', '/cloudEntryPoint').json
    for key in ('volumes', 'volumeConfigs', 'volumeImages', 'networks', 'addresses'):
        assert key in entry, key
    zone = moto.REGION + 'a'
    machine = cimi('POST', '/machines', {'properties': {'realm': zone}, 'machineTemplate': {
        'machineConfig': {'href': BASE + 'machineConfigurations/t3.micro'},
        'machineImage': {'href': BASE + 'machineImages/' + moto.X86_IMAGE}}}, 'MachineCreate')
    assert machine.status_code == 201, machine.text
    created = cimi('POST', '/volumes', {'name': 'data', 'properties': {'realm': zone},
                                        'volumeTemplate': {'volumeConfig': {
                                            'href': BASE + 'volumeConfigurations/medium'}}},
                   'VolumeCreate')
    assert created.status_code == 201, created.text
    volume = created.json
    assert volume['capacity'] == 10 * KIB_PER_GB and volume['properties']['realm'] == zone

    attached = cimi('POST', path_of(machine.json) + '/volumes', {
        'volume': {'href': volume['id']}, 'initialLocation': '/dev/sdf'}, 'MachineVolume')
    assert attached.status_code == 201, attached.text
    listed = cimi('GET', path_of(machine.json) + '/volumes').json
    # Beside the machine's own root volume, which EC2 attaches at launch.
    by_volume = {v['volume']['href']: v for v in listed['machineVolumes']}
    assert by_volume[volume['id']]['initialLocation'] == '/dev/sdf'

    image = cimi('POST', '/volumeImages', {'name': 'nightly',
                                           'imageLocation': {'href': volume['id']}},
                 'VolumeImageCreate')
    assert image.status_code == 201, image.text
    assert image.json['imageLocation'] == {'href': volume['id']}

    assert cimi('DELETE', path_of(attached.json)).status_code == 202
    left = cimi('GET', path_of(machine.json) + '/volumes').json['machineVolumes']
    assert volume['id'] not in [v['volume']['href'] for v in left]
    assert cimi('DELETE', path_of(image.json)).status_code == 202
    assert cimi('DELETE', path_of(volume)).status_code == 202
    assert cimi('DELETE', path_of(machine.json)).status_code == 202


def test_addresses_and_networks(cimi):
    address = cimi('POST', '/addresses', {'addressTemplate': {}}, 'AddressCreate')
    assert address.status_code == 201, address.text
    assert address.json['protocol'] == 'IPv4' and address.json['ip']
    assert cimi('DELETE', path_of(address.json)).status_code == 200
    network = cimi('POST', '/networks', {'name': 'backend', 'properties': {
        'addressBlock': '10.30.0.0/16'}, 'networkTemplate': {'networkConfig': {}}},
        'NetworkCreate')
    assert network.status_code == 201, network.text
    assert network.json['properties']['addressBlock'] == '10.30.0.0/16'
    assert cimi('GET', path_of(network.json)).json['state'] == 'STARTED'
    assert cimi('DELETE', path_of(network.json)).status_code == 200
