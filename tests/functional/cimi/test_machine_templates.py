"""MachineTemplates in the CIMI store: create, list, get, delete, $expand, visibility."""

from tests.functional.cimi import client as client_mod
from tests.functional.cimi import helpers


def test_create_list_get_delete(cimi, cloud):
    assert cimi.ids('machineTemplates') == []
    answer = helpers.create_template(cimi, cloud)
    doc = answer.doc
    assert answer.headers['location'] == doc['id']
    assert doc['id'].startswith(helpers.BASE + 'machineTemplates/')
    assert doc['resourceURI'] == client_mod.TYPE + 'MachineTemplate'
    assert doc['name'] == 'web' and doc['description'] == 'a web server'
    assert doc['machineConfig'] == helpers.href('machineConfigurations', cloud.config)
    assert doc['machineImage'] == helpers.href('machineImages', cloud.image)
    assert doc['created']
    assert [op['rel'] for op in doc['operations']] == ['delete']
    template_id = helpers.object_id(doc)
    assert cimi.ids('machineTemplates') == [template_id]
    shown = cimi.get('/machineTemplates/' + template_id)
    assert shown.status == 200 and shown.doc == doc
    collection = cimi.get('/machineTemplates').doc
    assert collection['resourceURI'] == client_mod.TYPE + 'MachineTemplateCollection'
    assert collection['operations'] == [{'rel': 'add', 'href': helpers.BASE + 'machineTemplates'}]
    assert cimi.delete('/machineTemplates/' + template_id).status == 200
    assert cimi.get('/machineTemplates/' + template_id).status == 404
    assert cimi.delete('/machineTemplates/' + template_id).status == 404
    assert cimi.ids('machineTemplates') == []


def test_template_at_the_top_level_and_with_a_credential(cimi, cloud):
    made = cimi.post('/credentials', 'CredentialCreate', {'name': 'k1', 'credentialTemplate': {}})
    assert made.status == 201, made.text
    doc = dict(helpers.inline_template(cloud, credential=helpers.href('credentials', 'k1'),
                                       userData='aGVsbG8='),
               name='flat', properties={'tier': 'web'})
    answer = cimi.post('/machineTemplates', 'MachineTemplate', doc)
    assert answer.status == 201, answer.text
    assert answer.doc['credential'] == helpers.href('credentials', 'k1')
    assert answer.doc['userData'] == 'aGVsbG8='
    assert answer.doc['properties'] == {'tier': 'web'}


def test_expand_inlines_config_and_image(cimi, cloud):
    template_id = helpers.object_id(helpers.create_template(cimi, cloud).doc)
    expanded = cimi.get('/machineTemplates/' + template_id, params={'$expand': 'machineConfig'})
    config = expanded.doc['machineConfig']
    assert config['href'] == helpers.href('machineConfigurations', cloud.config)['href']
    assert config['id'] == config['href'] and config['cpu'] == 1
    assert set(expanded.doc['machineImage']) == {'href'}
    everything = cimi.get('/machineTemplates', params={'$expand': '*'}).doc
    image = everything['machineTemplates'][0]['machineImage']
    assert image['type'] == 'IMAGE' and image['id'] == image['href']
    selected = cimi.get('/machineTemplates', params={'$select': 'name', '$expand': '*'}).doc
    assert set(selected['machineTemplates'][0]) == {'resourceURI', 'id', 'name'}


def test_bad_template_documents_create_nothing(cimi, cloud):
    bad = [
        ('MachineTemplateCreate', {'machineTemplate': {
            'machineConfig': helpers.href('machineConfigurations', cloud.config)}},
         'machineImage'),
        ('MachineTemplateCreate', {'machineTemplate': helpers.inline_template(
            cloud, machineConfig=helpers.href('machineConfigurations', 'huge'))},
         'machineConfigurations/huge'),
        ('MachineTemplateCreate', {'machineTemplate': helpers.inline_template(
            cloud, machineImage=helpers.href('machineImages', 'no-image'))},
         'machineImages/no-image'),
        ('MachineTemplateCreate', {'machineTemplate': helpers.inline_template(
            cloud, credential=helpers.href('credentials', 'no-key'))}, 'credentials/no-key'),
        ('MachineTemplateCreate', {'machineTemplate': helpers.inline_template(
            cloud, machineImage=helpers.href('machines', cloud.image))}, 'machineImage'),
        ('MachineCreate', {'machineTemplate': helpers.inline_template(cloud)}, 'MachineCreate'),
    ]
    for root, doc, named in bad:
        answer = cimi.post('/machineTemplates', root, doc)
        assert answer.status == 400, (doc, answer.text)
        assert named in answer.error_message(), (named, answer.error_message())
    assert cimi.ids('machineTemplates') == []


def test_templates_are_private_to_user_and_provider(cloud, fmt):
    alice = cloud.client(fmt)
    template_id = helpers.object_id(helpers.create_template(alice, cloud).doc)
    if cloud.driver == 'broker':
        bob = cloud.client(fmt, user='bob', password='bob-password')
        assert bob.get('/machineTemplates/' + template_id).status == 404
        assert bob.ids('machineTemplates') == []
        assert bob.delete('/machineTemplates/' + template_id).status == 404
        # A wrong password is not alice, even with her user name.
        assert cloud.client(fmt, password='x').get(
            '/machineTemplates/' + template_id).status == 401
    other = cloud.client(fmt)
    other.headers['X-Deltacloud-Provider'] = 'elsewhere'
    if cloud.driver == 'mock':
        assert other.get('/machineTemplates/' + template_id).status == 404
        assert other.ids('machineTemplates') == []
    assert alice.get('/machineTemplates/' + template_id).status == 200
