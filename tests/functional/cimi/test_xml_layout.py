"""The XML of CIMI documents, element by element: namespace, attributes and order."""

from lxml import etree
import pytest

from tests.functional.cimi import client as client_mod
from tests.functional.cimi import helpers

NS = '{%s}' % client_mod.NS
COMMON = ['id', 'name', 'description', 'created', 'updated', 'property']


def local(node):
    return etree.QName(node).localname


def check_common_first_operations_last(node):
    """Common attributes first, in the schema's order; operations last."""
    names = [local(child) for child in node]
    common = [n for n in names if n in COMMON]
    assert names[:len(common)] == common
    assert common == sorted(common, key=COMMON.index)
    operations = [i for i, n in enumerate(names) if n == 'operation']
    assert operations == list(range(len(names) - len(operations), len(names)))


def check_operations(node):
    for operation in node.findall(NS + 'operation'):
        assert set(operation.attrib) == {'rel', 'href'}
        assert len(operation) == 0 and not (operation.text or '').strip()


@pytest.fixture
def xml_cimi(cloud):
    return cloud.client('xml')


def test_machine(xml_cimi, cloud):
    machine_id = helpers.object_id(helpers.create_machine(
        xml_cimi, cloud, properties={'tier': 'web'}).doc)
    root = xml_cimi.get('/machines/' + machine_id).xml
    assert root.tag == NS + 'Machine'
    assert root.nsmap == {None: client_mod.NS}
    assert root.get('resourceURI') == client_mod.TYPE + 'Machine'
    check_common_first_operations_last(root)
    check_operations(root)
    properties = {p.get('key'): p.text for p in root.findall(NS + 'property')}
    assert properties['tier'] == 'web' and properties['realm'] == cloud.realm
    for reference in ('disks', 'volumes'):
        node = root.find(NS + reference)
        assert set(node.attrib) == {'href'} and len(node) == 0
    assert root.findtext(NS + 'state') == 'STARTED'
    assert int(root.findtext(NS + 'memory')) > 0


def test_collection(xml_cimi, cloud):
    helpers.create_machine(xml_cimi, cloud)
    root = xml_cimi.get('/machines').xml
    assert root.tag == NS + 'Collection'
    assert root.get('resourceURI') == client_mod.TYPE + 'MachineCollection'
    names = [local(child) for child in root]
    assert names[:2] == ['id', 'count']
    assert names[-1] == 'operation'
    assert set(names[2:-1]) == {'Machine'}
    assert int(root.findtext(NS + 'count')) == len(names) - 3
    check_operations(root)
    for member in root.findall(NS + 'Machine'):
        check_common_first_operations_last(member)
        check_operations(member)


def test_machine_configuration_disks(xml_cimi):
    root = xml_cimi.get('/machineConfigurations/m1-small').xml
    disk = root.find(NS + 'disk')
    assert [local(child) for child in disk] == ['capacity', 'format']
    assert disk.findtext(NS + 'capacity') == str(160 * 1024 * 1024)


def test_template_references(xml_cimi, cloud):
    template = helpers.create_template(xml_cimi, cloud).xml
    assert template.tag == NS + 'MachineTemplate'
    check_common_first_operations_last(template)
    check_operations(template)
    image = template.find(NS + 'machineImage')
    assert image.get('href').endswith('/machineImages/' + cloud.image) and len(image) == 0
    expanded = xml_cimi.get('/machineTemplates/' + helpers.object_id(
        client_mod.xml_to_dict(template)), params={'$expand': 'machineImage'}).xml
    image = expanded.find(NS + 'machineImage')
    assert image.get('href') == image.findtext(NS + 'id')
    assert image.get('resourceURI') == client_mod.TYPE + 'MachineImage'


def test_entry_point(xml_cimi):
    root = xml_cimi.get('/cloudEntryPoint').xml
    names = [local(child) for child in root]
    assert names[names.index('baseURI') + 1] == 'resourceMetadata'
    for child in root:
        if local(child) not in ('id', 'name', 'description', 'baseURI'):
            assert set(child.attrib) == {'href'} and len(child) == 0, local(child)
