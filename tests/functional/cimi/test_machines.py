"""Machines: the primer's scenario, creation by reference or value, actions and their states."""

import json

import pytest

from tests.functional.cimi import client as client_mod
from tests.functional.cimi import conftest
from tests.functional.cimi import helpers

ACTION = client_mod.ACTION


def rels(doc):
    return [op['rel'] for op in doc.get('operations', [])]


def test_primer_create_from_a_template_stop_start_restart_delete(cimi, cloud):
    template = helpers.create_template(cimi, cloud).doc['id']
    before = cimi.ids('machines')
    created = helpers.create_machine(cimi, cloud, template=template, name='primer',
                                     properties={'owner': 'qa'})
    assert created.status == 201, created.text
    machine = created.doc
    assert created.headers['location'] == machine['id']
    assert machine['resourceURI'] == client_mod.TYPE + 'Machine'
    assert machine['name'] == 'primer' and machine['description'] == 'made by a test'
    assert machine['state'] == 'STARTED'
    assert machine['cpu'] == 1 and machine['memory'] == int(round(1740.8 * 1024))
    assert machine['properties']['owner'] == 'qa'
    assert machine['properties']['realm'] == cloud.realm
    machine_id = helpers.object_id(machine)
    assert machine['disks'] == {'href': machine['id'] + '/disks'}
    assert machine['volumes'] == {'href': machine['id'] + '/volumes'}
    assert ACTION + 'stop' in rels(machine) and ACTION + 'start' not in rels(machine)
    assert sorted(cimi.ids('machines')) == sorted(before + [machine_id])
    assert cimi.get('/machines/' + machine_id).doc == machine

    stopped = helpers.action(cimi, machine_id, 'stop')
    assert stopped.status == 202, stopped.text
    assert stopped.doc['state'] == 'STOPPED'
    assert rels(stopped.doc) == ['delete', ACTION + 'start']

    started = helpers.action(cimi, machine_id, 'start')
    assert started.status == 202 and started.doc['state'] == 'STARTED'
    restarted = helpers.action(cimi, machine_id, 'restart')
    assert restarted.status == 202 and restarted.doc['state'] == 'STARTED'

    listed = cimi.get('/machines', params={'$filter': "name='primer' and state='STARTED'"})
    assert [helpers.object_id(m) for m in listed.doc['machines']] == [machine_id]
    assert listed.doc['count'] == 1

    deleted = cimi.delete('/machines/' + machine_id)
    assert deleted.status == 202, deleted.text
    assert cimi.get('/machines/' + machine_id).status == 404
    assert sorted(cimi.ids('machines')) == sorted(before)


def test_create_by_value_with_credential_and_user_data(cimi, cloud):
    made = cimi.post('/credentials', 'CredentialCreate', {'name': 'k2', 'credentialTemplate': {}})
    assert made.status == 201
    doc = {'name': 'byvalue', 'machineTemplate': helpers.inline_template(
        cloud, credential=helpers.href('credentials', 'k2'), userData='aGVsbG8=')}
    answer = cimi.post('/machines', 'MachineCreate', doc)
    assert answer.status == 201, answer.text
    machine = answer.doc
    assert machine['properties']['credential'] == helpers.href('credentials', 'k2')['href']
    assert machine['properties']['machineImage'] == helpers.href('machineImages',
                                                                 cloud.image)['href']
    assert 'description' not in machine


def test_template_values_can_be_overridden_by_value(cimi, cloud):
    template = helpers.create_template(cimi, cloud).doc['id']
    doc = {'machineTemplate': {
        'href': template, 'machineConfig': helpers.href('machineConfigurations', 'm1-xlarge'),
        'machineImage': helpers.href('machineImages', cloud.other_image)}}
    answer = cimi.post('/machines', 'MachineCreate', doc)
    assert answer.status == 201, answer.text
    assert answer.doc['cpu'] == 4


def _machine_bodies(cloud, fmt):
    """(what, content type, raw body, words the message must contain)."""
    good = helpers.inline_template(cloud)
    ns = client_mod.NS
    xml = 'application/xml'
    json_type = 'application/json'
    return [
        ('wrong namespace', xml, b'<MachineCreate xmlns="http://example.com/not-cimi">'
         b'<machineTemplate/></MachineCreate>', 'namespace'),
        ('no namespace', xml, b'<MachineCreate><name>x</name></MachineCreate>', 'namespace'),
        ('malformed XML', xml, b'<MachineCreate xmlns="%s"><name>' % ns.encode(), 'XML'),
        ('malformed JSON', json_type, b'{"name": ', 'JSON'),
        ('not an object', json_type, b'["MachineCreate"]', 'object'),
        ('empty', json_type, b'', 'MachineCreate'),
        ('wrong root', xml, client_mod.dict_to_xml('Machine', {'name': 'x'}), 'MachineCreate'),
        ('wrong resourceURI', json_type, client_mod.json.dumps({
            'resourceURI': client_mod.TYPE + 'VolumeCreate', 'machineTemplate': good}).encode(),
         'resourceURI'),
        ('no template', json_type, b'{"name": "x"}', 'machineTemplate'),
        ('no image', json_type, client_mod.json.dumps({'machineTemplate': {
            'machineConfig': good['machineConfig']}}).encode(), 'machineImage'),
        ('no config', json_type, client_mod.json.dumps({'machineTemplate': {
            'machineImage': good['machineImage']}}).encode(), 'machineConfig'),
        ('unknown config', json_type, client_mod.json.dumps({'machineTemplate': dict(
            good, machineConfig=helpers.href('machineConfigurations', 'nope'))}).encode(),
         'machineConfigurations/nope'),
        ('unknown image', json_type, client_mod.json.dumps({'machineTemplate': dict(
            good, machineImage=helpers.href('machineImages', 'nope'))}).encode(),
         'machineImages/nope'),
        ('foreign href', json_type, client_mod.json.dumps({'machineTemplate': dict(
            good, machineImage={'href': 'http://elsewhere/images/1'})}).encode(),
         'http://elsewhere/images/1'),
        ('unknown template', json_type, client_mod.json.dumps({'machineTemplate': {
            'href': helpers.BASE + 'machineTemplates/nope'}}).encode(),
         'machineTemplates/nope'),
        ('unknown realm', json_type, client_mod.json.dumps({
            'machineTemplate': good, 'properties': {'realm': 'atlantis'}}).encode(),
         'atlantis'),
        ('reference not a dict', json_type, client_mod.json.dumps({'machineTemplate': dict(
            good, machineImage='img')}).encode(), 'machineImage'),
    ]


def test_bad_machine_documents_answer_400_and_create_nothing(cimi, cloud):
    helpers.assert_bodies_refused(cimi, 'machines', _machine_bodies(cloud, cimi.fmt))


def test_unsupported_body_type_is_415(cimi):
    answer = cimi.post_raw('/machines', b'name=x', 'application/x-www-form-urlencoded')
    assert answer.status == 415 and answer.error_message()


@pytest.mark.parametrize('posted_to, action, words', [
    ('stop', 'explode', 'Unknown action'),
    ('stop', 'start', 'href'),
])
def test_bad_actions_answer_400(cimi, cloud, posted_to, action, words):
    machine_id = helpers.object_id(helpers.create_machine(cimi, cloud).doc)
    answer = helpers.action(cimi, machine_id, action, posted_to=posted_to)
    assert answer.status == 400
    assert words in answer.error_message()
    assert cimi.get('/machines/' + machine_id).doc['state'] == 'STARTED'


def test_action_documents_are_checked(cimi, cloud):
    machine_id = helpers.object_id(helpers.create_machine(cimi, cloud).doc)
    path = '/machines/%s/stop' % machine_id
    assert cimi.post_raw(path, b'', 'application/json').status == 400
    assert cimi.post(path, 'Action', {'force': 'true'}).status == 400  # no action
    assert cimi.post(path, 'MachineCreate', {'action': ACTION + 'stop'}).status == 400
    assert cimi.get('/machines/' + machine_id).doc['state'] == 'STARTED'


def test_action_the_state_does_not_allow(cimi, cloud):
    machine_id = helpers.object_id(helpers.create_machine(cimi, cloud).doc)
    answer = helpers.action(cimi, machine_id, 'start')
    assert answer.status == 405 and answer.error_message()


def test_actions_and_delete_of_unknown_machines(cimi):
    assert helpers.action(cimi, 'nosuch', 'stop').status == 404
    assert cimi.delete('/machines/nosuch').status == 404
    assert cimi.get('/machines/nosuch').status == 404


def test_list_queries(cimi, cloud):
    for name in ('q1', 'q2', 'q3'):
        assert helpers.create_machine(cimi, cloud, name=name).status == 201
    mine = cimi.get('/machines', params={'$filter': "name='q1' or name='q2' or name='q3'"})
    assert mine.doc['count'] == 3
    ids = [helpers.object_id(m) for m in mine.doc['machines']]
    window = cimi.get('/machines', params={
        '$filter': "name='q1' or name='q2' or name='q3'", '$first': '2', '$last': '2',
        '$select': 'name'})
    assert window.doc['count'] == 3
    assert [helpers.object_id(m) for m in window.doc['machines']] == ids[1:2]
    assert set(window.doc['machines'][0]) == {'resourceURI', 'id', 'name'}
    realm = cimi.get('/machines', params={
        '$filter': "property['realm'] = '%s' and name = 'q3'" % cloud.realm})
    assert [m['name'] for m in realm.doc['machines']] == ['q3']


def test_machines_of_other_users_are_not_shown(conf, request, fmt):
    cloud = conftest.broker_cloud(conf, request)  # the mock cloud has a single user
    alice = cloud.client(fmt)
    machine_id = helpers.object_id(helpers.create_machine(alice, cloud).doc)
    bob = cloud.client(fmt, user='bob', password='bob-password')
    assert machine_id not in bob.ids('machines')
    assert bob.get('/machines/' + machine_id).status == 404
    assert bob.delete('/machines/' + machine_id).status == 404
    assert alice.get('/machines/' + machine_id).status == 200


def test_a_retried_create_with_the_same_idempotency_key_makes_one_machine(conf, request, fmt):
    cloud = conftest.broker_cloud(conf, request)  # the broker keeps idempotency keys
    cimi = cloud.client(fmt)
    first = helpers.create_machine(cimi, cloud, headers={'Idempotency-Key': 'retry-1'})
    again = helpers.create_machine(cimi, cloud, headers={'Idempotency-Key': 'retry-1'})
    assert first.status == 201 and again.status == 201, again.text
    assert again.doc['id'] == first.doc['id']
    assert cimi.ids('machines') == [helpers.object_id(first.doc)]
    bad = helpers.create_machine(cimi, cloud, headers={'Idempotency-Key': 'x' * 300})
    assert bad.status == 400 and 'idempotency key' in bad.error_message()


def test_head_answers_like_get_without_a_body(cimi):
    answer = cimi.request('HEAD', '/machineConfigurations')
    assert answer.status == 200 and answer.response.content == b''


def test_a_nul_in_a_path_query_or_json_document_is_400_and_creates_nothing(cimi, cloud):
    before = cimi.ids('machines')
    for path in ('/machines/inst%00', '/machines?$filter=name%3D%27a%00%27'):
        answer = cimi.get(path)
        assert answer.status == 400 and 'NUL' in answer.error_message()
    posted = cimi.post_raw('/machines', json.dumps({
        'resourceURI': 'http://schemas.dmtf.org/cimi/1/MachineCreate', 'name': 'a\x00b',
        'machineTemplate': {'machineConfig': {'href': 'x'}}}).encode(), 'application/json')
    assert posted.status == 400 and 'NUL' in posted.error_message()
    assert cimi.ids('machines') == before
