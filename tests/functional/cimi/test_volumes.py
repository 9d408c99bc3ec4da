"""Volumes, volumeConfigurations and volumeImages: create, list, get, delete; bad documents."""

import json

import pytest

from tests.functional.cimi import client as client_mod
from tests.functional.cimi import conftest
from tests.functional.cimi import helpers
from tests.functional.cimi import resource_helpers

KIB_PER_GB = resource_helpers.KIB_PER_GB


def rels(doc):
    return [op['rel'] for op in doc.get('operations', [])]


# -- volumeConfigurations -------------------------------------------------------------------

def test_built_in_volume_configurations(cimi):
    answer = cimi.get('/volumeConfigurations')
    assert answer.status == 200, answer.text
    doc = answer.doc
    assert doc['resourceURI'] == client_mod.TYPE + 'VolumeConfigurationCollection'
    configs = {helpers.object_id(c): c for c in doc['volumeConfigurations']}
    assert {name: c['capacity'] for name, c in configs.items()} == {
        'small': KIB_PER_GB, 'medium': 10 * KIB_PER_GB, 'large': 100 * KIB_PER_GB}
    assert configs['small']['resourceURI'] == client_mod.TYPE + 'VolumeConfiguration'
    assert rels(configs['small']) == []
    assert doc['operations'] == [{'rel': 'add', 'href': helpers.BASE + 'volumeConfigurations'}]
    assert cimi.get('/volumeConfigurations/medium').doc == configs['medium']
    refused = cimi.delete('/volumeConfigurations/small')
    assert refused.status == 405 and 'built-in' in refused.error_message()
    assert cimi.get('/volumeConfigurations/nope').status == 404


def test_create_get_delete_a_volume_configuration(cimi):
    created = cimi.post('/volumeConfigurations', 'VolumeConfigurationCreate', {
        'name': 'scratch', 'description': 'two and a half GiB', 'format': 'ext4',
        'capacity': 5 * KIB_PER_GB // 2, 'properties': {'tier': 'fast'}})
    assert created.status == 201, created.text
    config = created.doc
    assert created.headers['location'] == config['id']
    assert (config['name'], config['format'], config['capacity']) == (
        'scratch', 'ext4', 5 * KIB_PER_GB // 2)
    assert config['properties'] == {'tier': 'fast'} and config['created']
    assert rels(config) == ['delete']
    config_id = helpers.object_id(config)
    assert config_id in cimi.ids('volumeConfigurations')
    assert cimi.get('/volumeConfigurations/' + config_id).doc == config
    filtered = cimi.get('/volumeConfigurations', params={'$filter': 'capacity > 2000000'})
    assert sorted(helpers.object_id(c) for c in filtered.doc['volumeConfigurations']) == sorted(
        ['medium', 'large', config_id])
    assert cimi.delete('/volumeConfigurations/' + config_id).status == 200
    assert cimi.get('/volumeConfigurations/' + config_id).status == 404
    assert cimi.delete('/volumeConfigurations/' + config_id).status == 404


@pytest.mark.parametrize('doc, words', [
    ({'name': 'x'}, 'capacity'),
    ({'capacity': 'lots'}, 'capacity'),
    ({'capacity': 0}, 'capacity'),
    ({'capacity': -5}, 'capacity'),
])
def test_bad_volume_configurations_create_nothing(cimi, doc, words):
    helpers.assert_refused(cimi, 'volumeConfigurations', 'VolumeConfigurationCreate', doc,
                           words)


def test_volume_configurations_are_private_to_their_user(conf, request, fmt):
    cloud = conftest.broker_cloud(conf, request)
    alice = cloud.client(fmt)
    made = alice.post('/volumeConfigurations', 'VolumeConfigurationCreate',
                      {'capacity': KIB_PER_GB})
    config_id = helpers.object_id(made.doc)
    bob = cloud.client(fmt, user='bob', password='bob-password')
    assert config_id not in bob.ids('volumeConfigurations')
    assert bob.get('/volumeConfigurations/' + config_id).status == 404
    assert bob.delete('/volumeConfigurations/' + config_id).status == 404
    assert alice.get('/volumeConfigurations/' + config_id).status == 200


# -- volumes --------------------------------------------------------------------------------

def test_create_list_get_delete_a_volume(cimi, cloud):
    before = cimi.ids('volumes')
    created = resource_helpers.create_volume(cimi, cloud, config='small',
                                             properties={'owner': 'qa'})
    volume = created.doc
    assert created.headers['location'] == volume['id']
    assert volume['resourceURI'] == client_mod.TYPE + 'Volume'
    assert volume['id'].startswith(helpers.BASE + 'volumes/')
    assert (volume['name'], volume['description']) == ('data', 'made by a test')
    assert volume['state'] == 'AVAILABLE'
    assert volume['capacity'] == KIB_PER_GB
    assert volume['bootable'] is False
    assert volume['type'] == client_mod.NS + '/mapped'
    assert volume['properties'] == {'owner': 'qa', 'realm': cloud.realm}
    assert volume['created']
    assert rels(volume) == ['delete']
    volume_id = helpers.object_id(volume)
    assert sorted(cimi.ids('volumes')) == sorted(before + [volume_id])
    assert cimi.get('/volumes/' + volume_id).doc == volume
    listed = cimi.get('/volumes', params={'$filter': "name='data'", '$select': 'capacity'})
    assert listed.doc['volumes'] == [{'resourceURI': volume['resourceURI'],
                                      'id': volume['id'], 'capacity': KIB_PER_GB}]
    assert listed.doc['operations'] == [{'rel': 'add', 'href': helpers.BASE + 'volumes'}]

    deleted = cimi.delete('/volumes/' + volume_id)
    assert deleted.status == 202, deleted.text
    assert cimi.get('/volumes/' + volume_id).status == 404
    assert sorted(cimi.ids('volumes')) == sorted(before)
    assert cimi.delete('/volumes/' + volume_id).status == 404


def test_a_capacity_by_value_is_rounded_up_to_whole_gib(cimi, cloud):
    volume = resource_helpers.create_volume(cimi, cloud, capacity=KIB_PER_GB + 1).doc
    assert volume['capacity'] == 2 * KIB_PER_GB
    made = cimi.post('/volumeConfigurations', 'VolumeConfigurationCreate',
                     {'capacity': 3 * KIB_PER_GB})
    by_own_config = resource_helpers.create_volume(cimi, cloud,
                                                   config=helpers.object_id(made.doc)).doc
    assert by_own_config['capacity'] == 3 * KIB_PER_GB


def test_a_volume_without_a_realm_goes_where_the_driver_puts_it(cimi, cloud):
    answer = cimi.post('/volumes', 'VolumeCreate', {
        'volumeTemplate': resource_helpers.volume_template()})
    assert answer.status == 201, answer.text
    assert answer.doc['capacity'] == KIB_PER_GB


def test_volume_images_from_a_volume_and_back(cimi, cloud):
    volume = resource_helpers.create_volume(cimi, cloud, config='medium').doc
    before = cimi.ids('volumeImages')
    taken = cimi.post('/volumeImages', 'VolumeImageCreate', {
        'name': 'nightly', 'description': 'before the upgrade',
        'properties': {'keep': '7d'}, 'imageLocation': {'href': volume['id']}})
    assert taken.status == 201, taken.text
    image = taken.doc
    assert taken.headers['location'] == image['id']
    assert image['resourceURI'] == client_mod.TYPE + 'VolumeImage'
    assert (image['name'], image['description']) == ('nightly', 'before the upgrade')
    assert image['imageLocation'] == {'href': volume['id']}
    assert image['state'] == 'AVAILABLE' and image['bootable'] is False
    assert image['properties'] == {'keep': '7d'}
    assert rels(image) == ['delete']
    image_id = helpers.object_id(image)
    assert sorted(cimi.ids('volumeImages')) == sorted(before + [image_id])
    assert cimi.get('/volumeImages/' + image_id).doc == image

    restored = resource_helpers.create_volume(cimi, cloud, name='restored', config='medium',
                                              image=image_id).doc
    assert restored['capacity'] == 10 * KIB_PER_GB

    assert cimi.delete('/volumeImages/' + image_id).status == 202
    assert cimi.get('/volumeImages/' + image_id).status == 404
    assert sorted(cimi.ids('volumeImages')) == sorted(before)


def test_expand_nothing_in_a_volume_but_references(cimi, cloud):
    volume = resource_helpers.create_volume(cimi, cloud).doc
    taken = cimi.post('/volumeImages', 'VolumeImageCreate',
                      {'imageLocation': {'href': volume['id']}})
    expanded = cimi.get('/volumeImages/' + helpers.object_id(taken.doc),
                        params={'$expand': 'imageLocation'})
    assert expanded.status == 200
    location = expanded.doc['imageLocation']
    assert location['href'] == volume['id'] and location['capacity'] == KIB_PER_GB


def _json(doc, root='VolumeCreate'):
    return json.dumps(dict({'resourceURI': client_mod.TYPE + root}, **doc)).encode()


def _volume_bodies():
    """(what, content type, raw body, words the message must contain)."""
    xml, json_type = 'application/xml', 'application/json'
    template = resource_helpers.volume_template()
    return [
        ('wrong namespace', xml, b'<VolumeCreate xmlns="http://example.com/x"><volumeTemplate>'
         b'</volumeTemplate></VolumeCreate>', 'namespace'),
        ('malformed XML', xml, b'<VolumeCreate xmlns="%s">' % client_mod.NS.encode(), 'XML'),
        ('wrong root', xml, client_mod.dict_to_xml('Volume', {'volumeTemplate': template}),
         'VolumeCreate'),
        ('wrong resourceURI', json_type, _json({'volumeTemplate': template}, 'MachineCreate'),
         'resourceURI'),
        ('no template', json_type, _json({'name': 'x'}), 'volumeTemplate'),
        ('empty template', xml, client_mod.dict_to_xml('VolumeCreate', {
            'volumeTemplate': ''}), 'volumeTemplate'),
        ('template by reference', json_type, _json({'volumeTemplate': {
            'href': helpers.BASE + 'volumeTemplates/t'}}), 'volumeTemplate'),
        ('no config', json_type, _json({'volumeTemplate': {}}), 'volumeConfig'),
        ('no capacity', json_type, _json({'volumeTemplate': {'volumeConfig': {
            'format': 'ext4'}}}), 'capacity'),
        ('bad capacity', json_type, _json({'volumeTemplate': {'volumeConfig': {
            'capacity': 'big'}}}), 'capacity'),
        ('unknown config', json_type, _json({'volumeTemplate': resource_helpers.volume_template(
            config='nope')}), 'volumeConfigurations/nope'),
        ('config of another collection', json_type, _json({'volumeTemplate': {
            'volumeConfig': helpers.href('machineConfigurations', 'm1-small')}}),
         'volumeConfig'),
        ('unknown image', json_type, _json({'volumeTemplate': resource_helpers.volume_template(
            image='nope')}), 'volumeImages/nope'),
        ('image by value', json_type, _json({'volumeTemplate': dict(template, volumeImage={
            'bootable': 'true'})}), 'volumeImage'),
        ('unknown realm', json_type, _json({'volumeTemplate': template,
                                            'properties': {'realm': 'atlantis'}}), 'atlantis'),
    ]


def test_bad_volume_documents_answer_400_and_create_nothing(cimi):
    helpers.assert_bodies_refused(cimi, 'volumes', _volume_bodies())


@pytest.mark.parametrize('doc, words', [
    ({'name': 'x'}, 'imageLocation'),
    ({'imageLocation': {'href': helpers.BASE + 'volumes/nope'}}, 'volumes/nope'),
    ({'imageLocation': {'href': helpers.BASE + 'machines/nope'}}, 'imageLocation'),
    ({'imageLocation': 'somewhere'}, 'imageLocation'),
])
def test_bad_volume_image_documents_create_nothing(cimi, doc, words):
    helpers.assert_refused(cimi, 'volumeImages', 'VolumeImageCreate', doc, words)


def test_image_data_cannot_be_uploaded(cimi, cloud):
    volume = resource_helpers.create_volume(cimi, cloud).doc
    answer = cimi.post('/volumeImages', 'VolumeImageCreate', {
        'imageLocation': {'href': volume['id']}, 'imageData': 'aGVsbG8='})
    assert answer.status == 400 and 'imageData' in answer.error_message()


def test_unknown_volumes_and_images(cimi):
    for path in ('/volumes/nosuch', '/volumeImages/nosuch'):
        assert cimi.get(path).status == 404, path
        assert cimi.delete(path).status == 404, path


def test_volumes_need_credentials(cloud, fmt):
    client = cloud.client(fmt)
    for path in ('/volumes', '/volumeImages', '/volumeConfigurations'):
        answer = client.request('GET', path, auth=False)
        assert answer.status == 401, (path, answer.text)


def test_volumes_of_other_users_are_not_theirs(conf, request, fmt):
    cloud = conftest.broker_cloud(conf, request)  # the mock cloud has a single user
    alice = cloud.client(fmt)
    volume = resource_helpers.create_volume(alice, cloud).doc
    volume_id = helpers.object_id(volume)
    bob = cloud.client(fmt, user='bob', password='bob-password')
    assert volume_id not in bob.ids('volumes')
    assert bob.get('/volumes/' + volume_id).status == 404
    assert bob.delete('/volumes/' + volume_id).status == 404
    taken = bob.post('/volumeImages', 'VolumeImageCreate', {'imageLocation': {
        'href': volume['id']}})
    assert taken.status == 400 and volume_id in taken.error_message()
    assert bob.ids('volumeImages') == []
    assert alice.get('/volumes/' + volume_id).status == 200
