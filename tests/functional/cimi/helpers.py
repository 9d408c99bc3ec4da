"""Documents the CIMI tests send: templates and machine creates for a cloud."""

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
