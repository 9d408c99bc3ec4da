"""A machine's disks and volumes; the primer's scenario with a volume added to the machine."""

from tests.functional.cimi import client as client_mod
from tests.functional.cimi import conftest
from tests.functional.cimi import helpers
from tests.functional.cimi import resource_helpers

KIB_PER_GB = resource_helpers.KIB_PER_GB
ACTION = client_mod.ACTION
SMALL_DISK = 160 * KIB_PER_GB  # m1-small's storage


def rels(doc):
    return [op['rel'] for op in doc.get('operations', [])]


def machine(cimi, cloud, **kw):
    answer = helpers.create_machine(cimi, cloud, **kw)
    assert answer.status == 201, answer.text
    return answer.doc


def test_disks_come_from_the_hardware_profile(cimi, cloud):
    made = machine(cimi, cloud)
    machine_id = helpers.object_id(made)
    answer = resource_helpers.machine_part(cimi, machine_id, 'disks')
    assert answer.status == 200, answer.text
    doc = answer.doc
    assert doc['resourceURI'] == client_mod.TYPE + 'MachineDiskCollection'
    assert doc['id'] == made['disks']['href'] and doc['count'] == 1
    assert 'operations' not in doc
    [disk] = doc['machineDisks']
    assert disk['resourceURI'] == client_mod.TYPE + 'MachineDisk'
    assert disk['id'] == made['id'] + '/disks/0'
    assert disk['capacity'] == SMALL_DISK
    assert cimi.get('/machines/%s/disks/0' % machine_id).doc == disk
    assert cimi.get('/machines/%s/disks/1' % machine_id).status == 404
    assert cimi.delete('/machines/%s/disks/0' % machine_id).status == 405
    assert cimi.post('/machines/%s/disks' % machine_id, 'MachineDisk',
                     {'capacity': 1}).status == 405
    if cimi.fmt == 'xml':
        assert answer.xml.find('{%s}MachineDisk' % client_mod.NS) is not None


def test_parts_of_unknown_machines_and_the_registry_segments(cimi):
    for path in ('/machines/nosuch/disks', '/machines/nosuch/volumes',
                 '/machines/nosuch/volumes/vol1', '/machines/nosuch/disks/0'):
        answer = cimi.get(path)
        assert answer.status == 404, (path, answer.text)
    for path in ('/machineDisks', '/machineVolumes', '/machineVolumes/x'):
        answer = cimi.get(path)
        assert answer.status == 404 and 'machines/<machine id>' in answer.error_message()
    doc = cimi.get('/cloudEntryPoint').doc
    assert 'machineDisks' not in doc and 'machineVolumes' not in doc


def test_attach_list_detach_a_volume(cimi, cloud):
    if cloud.world:
        resource_helpers.only(cloud, 'cloud-a')
    made = machine(cimi, cloud)
    machine_id = helpers.object_id(made)
    volume = resource_helpers.create_volume(cimi, cloud).doc
    volume_id = helpers.object_id(volume)
    empty = resource_helpers.machine_part(cimi, machine_id, 'volumes')
    assert empty.status == 200 and empty.doc['count'] == 0
    assert empty.doc['resourceURI'] == client_mod.TYPE + 'MachineVolumeCollection'
    assert empty.doc['operations'] == [{'rel': 'add', 'href': made['volumes']['href']}]

    attached = resource_helpers.attach(cimi, machine_id, volume_id, '/dev/sdf')
    assert attached.status == 201, attached.text
    member = attached.doc
    assert member['resourceURI'] == client_mod.TYPE + 'MachineVolume'
    assert member['id'] == made['id'] + '/volumes/' + volume_id
    assert attached.headers['location'] == member['id']
    assert member['initialLocation'] == '/dev/sdf'
    assert resource_helpers.volume_href(cimi, attached) == volume['id']
    assert rels(member) == ['delete']

    listed = resource_helpers.machine_part(cimi, machine_id, 'volumes')
    assert listed.doc['count'] == 1 and listed.doc['machineVolumes'] == [member]
    assert cimi.get('/machines/%s/volumes/%s' % (machine_id, volume_id)).doc == member
    in_use = cimi.get('/volumes/' + volume_id).doc
    assert in_use['state'] == 'AVAILABLE' and rels(in_use) == []
    refused = cimi.delete('/volumes/' + volume_id)
    assert refused.status == 409 and refused.error_message()
    again = resource_helpers.attach(cimi, machine_id, volume_id)
    assert again.status == 409 and again.error_message()

    detached = cimi.delete('/machines/%s/volumes/%s' % (machine_id, volume_id))
    assert detached.status == 202, detached.text
    assert resource_helpers.machine_part(cimi, machine_id, 'volumes').doc['count'] == 0
    assert cimi.delete('/machines/%s/volumes/%s' % (machine_id, volume_id)).status == 404
    assert rels(cimi.get('/volumes/' + volume_id).doc) == ['delete']
    assert cimi.delete('/volumes/' + volume_id).status == 202


def test_expand_inlines_disks_and_volumes_of_a_machine(cimi, cloud):
    if cloud.world:
        resource_helpers.only(cloud, 'cloud-a')
    made = machine(cimi, cloud, name='expanded')
    machine_id = helpers.object_id(made)
    volume_id = helpers.object_id(resource_helpers.create_volume(cimi, cloud).doc)
    assert resource_helpers.attach(cimi, machine_id, volume_id, '/dev/sdg').status == 201
    answer = cimi.get('/machines/' + machine_id, params={'$expand': 'disks,volumes'})
    assert answer.status == 200, answer.text
    if cimi.fmt == 'json':
        disks, volumes = answer.doc['disks'], answer.doc['volumes']
        assert disks['href'] == disks['id'] == made['disks']['href']
        assert [d['capacity'] for d in disks['machineDisks']] == [SMALL_DISK]
        assert volumes['count'] == 1
        [inline] = volumes['machineVolumes']
        assert inline['initialLocation'] == '/dev/sdg'
        assert inline['volume'] == helpers.href('volumes', volume_id)
    else:
        ns = '{%s}' % client_mod.NS
        disks = answer.xml.find(ns + 'disks')
        assert disks.get('href') == made['disks']['href']
        assert disks.find(ns + 'machineDisk/' + ns + 'capacity').text == str(SMALL_DISK)
        inline = answer.xml.find(ns + 'volumes/' + ns + 'machineVolume')
        assert inline.find(ns + 'initialLocation').text == '/dev/sdg'
        assert inline.find(ns + 'volume').get('href') == helpers.href('volumes',
                                                                      volume_id)['href']
    listed = cimi.get('/machines', params={'$filter': "name='expanded'", '$expand': '*'})
    assert listed.doc['count'] == 1
    unexpanded = cimi.get('/machines/' + machine_id).doc
    assert unexpanded['volumes'] == {'href': made['volumes']['href']}


def _attach_bodies(cloud):
    """(what, content type, raw body, words the message must contain)."""
    xml, json_type = 'application/xml', 'application/json'

    def as_json(doc, root='MachineVolume'):
        return client_mod.json.dumps(dict({'resourceURI': client_mod.TYPE + root},
                                          **doc)).encode()
    return [
        ('wrong namespace', xml, b'<MachineVolume xmlns="http://example.com/x"><volume href="'
         b'http://falconframework.org/cimi/volumes/v"/></MachineVolume>', 'namespace'),
        ('wrong root', xml, client_mod.dict_to_xml('Volume', {'name': 'x'}), 'MachineVolume'),
        ('wrong resourceURI', json_type, as_json({}, 'VolumeCreate'), 'resourceURI'),
        ('no volume', json_type, as_json({'initialLocation': '/dev/sdh'}), 'volume'),
        ('volume not a reference', json_type, as_json({'volume': 'vol1'}), 'volume'),
        ('unknown volume', json_type, as_json({'volume': helpers.href('volumes', 'nope')}),
         'volumes/nope'),
        ('volume of another collection', json_type, as_json({
            'volume': helpers.href('volumeImages', 'nope')}), 'volume'),
    ]


def test_bad_attachments_answer_400_and_attach_nothing(cimi, cloud):
    machine_id = helpers.object_id(machine(cimi, cloud))
    for what, content_type, data, words in _attach_bodies(cloud):
        answer = cimi.post_raw('/machines/%s/volumes' % machine_id, data, content_type)
        assert answer.status == 400, (what, answer.text)
        assert words in answer.error_message(), (what, answer.error_message())
    assert resource_helpers.machine_part(cimi, machine_id, 'volumes').doc['count'] == 0
    volume_id = helpers.object_id(resource_helpers.create_volume(cimi, cloud).doc)
    assert resource_helpers.attach(cimi, 'nosuch', volume_id).status == 404
    assert cimi.get('/volumes/' + volume_id).doc['operations']


def test_a_volume_of_another_account_cannot_be_attached(conf, request, fmt):
    cloud = conftest.broker_cloud(conf, request)
    cimi = cloud.client(fmt)
    resource_helpers.only(cloud, 'cloud-a')
    volume_id = helpers.object_id(resource_helpers.create_volume(cimi, cloud).doc)
    resource_helpers.only(cloud, 'cloud-b')
    machine_id = helpers.object_id(machine(cimi, cloud))
    refused = resource_helpers.attach(cimi, machine_id, volume_id)
    assert refused.status == 409, refused.text
    assert 'own account' in refused.error_message()
    assert resource_helpers.machine_part(cimi, machine_id, 'volumes').doc['count'] == 0


def test_a_volume_made_beside_a_machine_attaches_to_it(conf, request, fmt):
    cloud = conftest.broker_cloud(conf, request)
    cimi = cloud.client(fmt)
    resource_helpers.only(cloud, 'cloud-b')
    made = machine(cimi, cloud)
    resource_helpers.only(cloud, 'cloud-a')  # where a volume would go by itself
    volume = resource_helpers.create_volume(cimi, cloud, properties={
        'machine': made['id'], 'owner': 'qa'}).doc
    assert volume['properties'] == {'owner': 'qa', 'realm': cloud.realm}
    attached = resource_helpers.attach(cimi, helpers.object_id(made),
                                       helpers.object_id(volume))
    assert attached.status == 201, attached.text


def test_the_machine_property_of_a_volume(cimi, cloud):
    before = cimi.ids('volumes')
    doc = {'properties': {'machine': helpers.BASE + 'machines/nosuch'},
           'volumeTemplate': resource_helpers.volume_template()}
    answer = cimi.post('/volumes', 'VolumeCreate', doc)
    assert answer.status == 400, answer.text
    # The broker places volumes beside machines; the mock cannot.
    words = 'does not exist' if cloud.world else 'not supported by the mock driver'
    assert words in answer.error_message()
    wrong = cimi.post('/volumes', 'VolumeCreate', dict(doc, properties={
        'machine': helpers.BASE + 'volumes/vol1'}))
    assert wrong.status == 400 and 'machine' in wrong.error_message()
    assert cimi.ids('volumes') == before


def test_another_users_volume_is_not_attached(conf, request, fmt):
    cloud = conftest.broker_cloud(conf, request)
    resource_helpers.only(cloud, 'cloud-a')
    bob = cloud.client(fmt, user='bob', password='bob-password')
    bobs = resource_helpers.create_volume(bob, cloud).doc
    alice = cloud.client(fmt)
    machine_id = helpers.object_id(machine(alice, cloud))
    answer = resource_helpers.attach(alice, machine_id, helpers.object_id(bobs))
    assert answer.status == 400 and bobs['id'] in answer.error_message()
    assert bob.get('/machines/%s/volumes' % machine_id).status == 404
    assert bob.get('/volumes/' + helpers.object_id(bobs)).doc['operations']


def test_primer_a_machine_from_a_template_with_a_volume_added(cimi, cloud):
    template = helpers.create_template(cimi, cloud).doc['id']
    created = helpers.create_machine(cimi, cloud, template=template, name='primer')
    assert created.status == 201, created.text
    made = created.doc
    machine_id = helpers.object_id(made)
    assert made['state'] == 'STARTED'

    # Over the broker, which has two accounts, the volume must go where the machine went.
    beside = {'machine': made['id']} if cloud.world else {}
    volume = resource_helpers.create_volume(cimi, cloud, name='primer-data', config='medium',
                                            properties=beside).doc
    volume_id = helpers.object_id(volume)
    attached = resource_helpers.attach(cimi, machine_id, volume_id, '/dev/sdf')
    assert attached.status == 201, attached.text
    listed = resource_helpers.machine_part(cimi, machine_id, 'volumes')
    assert [helpers.object_id(v) for v in listed.doc['machineVolumes']] == [volume_id]

    for name, state in (('stop', 'STOPPED'), ('start', 'STARTED'), ('restart', 'STARTED')):
        answer = helpers.action(cimi, machine_id, name)
        assert answer.status == 202, (name, answer.text)
        assert answer.doc['state'] == state
    still = resource_helpers.machine_part(cimi, machine_id, 'volumes')
    assert still.doc['machineVolumes'] == listed.doc['machineVolumes']

    found = cimi.get('/machines', params={'$filter': "name='primer' and state='STARTED'"})
    assert [helpers.object_id(m) for m in found.doc['machines']] == [machine_id]
    assert cimi.get('/volumes', params={'$filter': "name='primer-data'"}).doc['count'] == 1

    detached = cimi.delete('/machines/%s/volumes/%s' % (machine_id, volume_id))
    assert detached.status == 202, detached.text
    assert cimi.delete('/volumes/' + volume_id).status == 202
    assert cimi.delete('/machines/' + machine_id).status == 202
    assert cimi.get('/machines/' + machine_id).status == 404
    gone = cimi.get('/machines', params={'$filter': "name='primer'"})
    assert gone.doc['count'] == 0 and volume_id not in cimi.ids('volumes')
