"""Documents the CIMI tests send (templates, machine creates) and checks of bad ones."""

BASE = 'http://falconframework.org/cimi/'


def href(segment, object_id):
    return {'href': '%s%s/%s' % (BASE, segment, object_id)}


def inline_template(cloud, **extra):
    """A template by value: the cloud's config and image."""
    doc = {'machineConfig': href('machineConfigurations', cloud.config),
           'machineImage': href('machineImages', cloud.image)}
    doc.update(extra)
    return doc


def create_template(cimi, cloud, name='web', **extra):
    answer = cimi.post('/machineTemplates', 'MachineTemplateCreate', {
        'name': name, 'description': 'a web server',
        'machineTemplate': inline_template(cloud, **extra)})
    assert answer.status == 201, answer.text
    return answer


def create_machine(cimi, cloud, template=None, name='m1', properties=None, **kw):
    """POST a MachineCreate (from ``template``'s href, else by value); the answer."""
    doc = {'name': name, 'description': 'made by a test',
           'machineTemplate': {'href': template} if template else inline_template(cloud)}
    doc['properties'] = dict({'realm': cloud.realm}, **(properties or {}))
    return cimi.post('/machines', 'MachineCreate', doc, **kw)


def object_id(doc):
    return doc['id'].rsplit('/', 1)[-1]


def action(cimi, machine_id, name, posted_to=None):
    """POST the Action ``name`` to the machine's href for ``posted_to`` (``name``'s own)."""
    return cimi.post('/machines/%s/%s' % (machine_id, posted_to or name), 'Action',
                     {'action': 'http://schemas.dmtf.org/cimi/1/action/' + name})


def assert_refused(cimi, segment, root, doc, words):
    """POSTing ``doc`` (a ``root``) to ``/<segment>``: 400 naming ``words``, nothing created."""
    before = cimi.ids(segment)
    answer = cimi.post('/' + segment, root, doc)
    assert answer.status == 400, answer.text
    assert words in answer.error_message()
    assert cimi.ids(segment) == before


def assert_bodies_refused(cimi, segment, bodies):
    """POSTing each of ``bodies`` as it is to ``/<segment>``: 400s, nothing created.

    A body is ``(what, content type, data, words)``; its answer names ``words``.
    """
    before = cimi.ids(segment)
    for what, content_type, data, words in bodies:
        answer = cimi.post_raw('/' + segment, data, content_type)
        assert answer.status == 400, (what, answer.text)
        assert words in answer.error_message(), (what, answer.error_message())
    assert cimi.ids(segment) == before
