"""What the CIMI storage and network tests share: volume documents, attachments, placement."""

from broker_core import pool_members
from iaas import models
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


def machine_part(cimi, machine_id, part, params=None):
    """GET a machine's ``disks`` or ``volumes``, members read as ``machineDisks``..."""
    members = {'disks': 'machineDisks', 'volumes': 'machineVolumes'}[part]
    return cimi.request('GET', '/machines/%s/%s' % (machine_id, part), params=params,
                        members=members)


def volume_href(cimi, answer):
    """The ``volume`` reference of a MachineVolume answer.

    The test client reads every XML ``<volume>`` as an item of a ``volumes`` list (as in a
    MachineTemplate), so the XML is read directly here.
    """
    if cimi.fmt == 'xml':
        return answer.xml.find('{%s}volume' % client_mod.NS).get('href')
    return answer.doc['volume']['href']


def only(cloud, provider):
    """Over the broker, leave ``provider``'s account alone enabled in the pool."""
    world = cloud.world
    for name in world.accounts:
        pool_members.update_member(world.admin, world.pool['id'], world.account_id(name),
                                   enabled=name == provider)


def driver_call(cloud, method, *args):
    """Call the driver behind the app as the cloud's user (what ``/api`` would do)."""
    driver = cloud.registry.get(cloud.driver)
    context = models.RequestContext(models.Credentials(cloud.user, cloud.password))
    return getattr(driver, method)(context, *args)
