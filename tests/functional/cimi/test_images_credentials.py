"""MachineImages from images and Credentials from keys: list, get, create, delete."""

from broker_driver import access
from tests.functional.cimi import client as client_mod

BASE = 'http://falconframework.org/cimi/'
PUBLIC_KEY = access.generate_key_pair()[1]


def test_machine_images(cimi, cloud):
    answer = cimi.get('/machineImages')
    assert answer.status == 200
    assert answer.doc['resourceURI'] == client_mod.TYPE + 'MachineImageCollection'
    images = {i['id'].rsplit('/', 1)[-1]: i for i in answer.doc['machineImages']}
    assert answer.doc['count'] == len(images)
    image = images[cloud.image]
    assert image['resourceURI'] == client_mod.TYPE + 'MachineImage'
    assert image['state'] == 'AVAILABLE' and image['type'] == 'IMAGE'
    assert image['imageLocation'] == cloud.image
    one = cimi.get('/machineImages/' + cloud.image)
    assert one.status == 200 and one.doc == image
    assert cimi.get('/machineImages/nope').status == 404
    if cimi.fmt == 'xml':
        assert one.xml.tag == '{%s}MachineImage' % client_mod.NS


def test_machine_image_delete_where_the_driver_can(cimi, cloud):
    image = cimi.get('/machineImages/' + cloud.other_image).doc
    rels = [op['rel'] for op in image.get('operations', [])]
    if cloud.driver == 'mock':
        assert rels == ['delete']
        answer = cimi.delete('/machineImages/img3')  # the mock user's own image
        assert answer.status == 200, answer.text
        assert 'img3' not in cimi.ids('machineImages')
        refused = cimi.delete('/machineImages/img1')  # fedoraproject's
        assert refused.status == 403 and refused.error_message()
    else:  # the broker's images are the operator's, not deletable through an IaaS API
        assert rels == []
        assert cimi.delete('/machineImages/' + cloud.other_image).status == 412


def test_credentials_import_a_public_key(cimi):
    before = cimi.ids('credentials')
    answer = cimi.post('/credentials', 'CredentialCreate', {
        'name': 'imported', 'credentialTemplate': {'publicKey': PUBLIC_KEY}})
    assert answer.status == 201, answer.text
    assert answer.headers['location'] == BASE + 'credentials/imported'
    assert answer.doc['id'] == BASE + 'credentials/imported'
    assert answer.doc['resourceURI'] == client_mod.TYPE + 'Credential'
    assert 'key' not in answer.doc  # nothing private was made
    assert sorted(cimi.ids('credentials')) == sorted(before + ['imported'])
    shown = cimi.get('/credentials/imported')
    assert shown.status == 200 and shown.doc['name'] == 'imported'
    assert [op['rel'] for op in shown.doc['operations']] == ['delete']
    assert cimi.delete('/credentials/imported').status == 200
    assert cimi.get('/credentials/imported').status == 404
    assert sorted(cimi.ids('credentials')) == sorted(before)


def test_credentials_generated_show_the_private_key_once(cimi):
    answer = cimi.post('/credentials', 'CredentialCreate', {
        'name': 'made', 'credentialTemplate': {'description': 'make me one'}})
    assert answer.status == 201, answer.text
    assert 'PRIVATE KEY' in answer.doc['key']
    cimi.delete('/credentials/made')


def test_credential_create_needs_a_name_and_a_template(cimi):
    before = cimi.ids('credentials')
    for doc in ({'credentialTemplate': {'publicKey': PUBLIC_KEY}}, {'name': 'x'}):
        answer = cimi.post('/credentials', 'CredentialCreate', doc)
        assert answer.status == 400, answer.text
        assert answer.error_message()
    assert cimi.ids('credentials') == before
