"""Documents the CIMI storage tests send: volumes, their images, attachments."""

from tests.functional.cimi import client as client_mod
from tests.functional.cimi import helpers

KIB_PER_GB = 1024 * 1024


def volume_template(config='small', capacity=None, image=None):
    """A volumeTemplate by value: a config by href (or a capacity in KiB), maybe an image."""
    template = {'volumeConfig': {'capacity': capacity} if capacity is not None
                else helpers.href('volumeConfigurations', config)}
    if image is not None:
        template['volumeImage'] = helpers.href('volumeImages', image)
    return template


def create_volume(cimi, cloud, name='data', properties=None, **template):
    """POST a VolumeCreate in the cloud's realm; the answer (checked to be a 201)."""
    answer = cimi.post('/volumes', 'VolumeCreate', {
        'name': name, 'description': 'made by a test',
        'properties': dict({'realm': cloud.realm}, **(properties or {})),
        'volumeTemplate': volume_template(**template)})
    assert answer.status == 201, answer.text
    return answer


def attach(cimi, machine_id, volume_id, device=None):
    doc = {'volume': helpers.href('volumes', volume_id)}
    if device:
        doc['initialLocation'] = device
    return cimi.post('/machines/%s/volumes' % machine_id, 'MachineVolume', doc)


def machine_volumes(cimi, machine_id, params=None):
    """GET a machine's volumes; the collection's members are ``machineVolumes`` either way."""
    return cimi.request('GET', '/machines/%s/volumes' % machine_id, params=params,
                        members='machineVolumes')


def volume_href(cimi, answer):
    """The ``volume`` reference of a MachineVolume answer.

    The test client reads every XML ``<volume>`` as an item of a ``volumes`` list (as in a
    MachineTemplate), so the XML is read directly here.
    """
    if cimi.fmt == 'xml':
        return answer.xml.find('{%s}volume' % client_mod.NS).get('href')
    return answer.doc['volume']['href']
