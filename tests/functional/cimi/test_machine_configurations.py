"""MachineConfigurations from hardware profiles: KiB sizes, and the generic query parameters."""

from tests.functional.cimi import client as client_mod

BASE = 'http://falconframework.org/cimi/'
# The mock's (and the broker's copy of its) profiles, in CIMI units.
SMALL = {'cpu': 1, 'memory': int(round(1740.8 * 1024)), 'cpuArch': 'i386',
         'disks': [{'capacity': 160 * 1024 * 1024, 'format': 'unknown'}]}


def test_list_in_kib(cimi):
    answer = cimi.get('/machineConfigurations')
    assert answer.status == 200
    doc = answer.doc
    assert doc['resourceURI'] == client_mod.TYPE + 'MachineConfigurationCollection'
    assert doc['id'] == BASE + 'machineConfigurations'
    configs = {c['name']: c for c in doc['machineConfigurations']}
    assert doc['count'] == len(configs) == 3  # 'opaque' sizes nothing and is left out
    small = configs['m1-small']
    assert small['id'] == BASE + 'machineConfigurations/m1-small'
    assert small['resourceURI'] == client_mod.TYPE + 'MachineConfiguration'
    assert {key: small[key] for key in SMALL} == SMALL
    # A range shows its default: m1-large's memory is 10240 MB by default.
    assert configs['m1-large']['memory'] == 10240 * 1024
    assert 'operations' not in doc  # nobody adds a configuration
    if cimi.fmt == 'xml':
        assert answer.xml.tag == '{%s}Collection' % client_mod.NS
        assert answer.xml.get('resourceURI') == doc['resourceURI']


def test_get_one(cimi):
    answer = cimi.get('/machineConfigurations/m1-small')
    assert answer.status == 200
    assert {key: answer.doc[key] for key in SMALL} == SMALL
    if cimi.fmt == 'xml':
        assert answer.xml.tag == '{%s}MachineConfiguration' % client_mod.NS
    assert cimi.get('/machineConfigurations/opaque').status == 404
    assert cimi.get('/machineConfigurations/nope').status == 404


def test_not_creatable(cimi):
    answer = cimi.post('/machineConfigurations', 'MachineConfiguration', {'cpu': '1'})
    assert answer.status == 405


def test_filter(cimi):
    def names(expression):
        return sorted(c.rsplit('/', 1)[-1] for c in cimi.ids(
            'machineConfigurations', params={'$filter': expression}))

    assert names('cpu >= 2') == ['m1-xlarge']
    assert names("cpuArch = 'x86_64'") == ['m1-large', 'm1-xlarge']
    assert names("cpuArch='x86_64' and cpu<2") == ['m1-large']
    assert names("name = 'm1-small' or (cpu > 3 and memory >= 12582912)") == [
        'm1-small', 'm1-xlarge']
    assert names('1 = cpu') == ['m1-large', 'm1-small']
    assert names("name != \"m1-small\"") == ['m1-large', 'm1-xlarge']
    assert names("nosuchattribute = 'x'") == []
    assert names("cpuArch = 'x86_64' AND cpu = 4") == ['m1-xlarge']


def test_several_filters_must_all_match(cimi):
    answer = cimi.get("/machineConfigurations?$filter=cpu<4&$filter=cpuArch='x86_64'")
    assert [c['name'] for c in answer.doc['machineConfigurations']] == ['m1-large']


def test_first_and_last_are_1_based_and_count_is_before_the_window(cimi):
    everything = cimi.ids('machineConfigurations')
    assert len(everything) == 3
    answer = cimi.get('/machineConfigurations', params={'$first': '2', '$last': '3'})
    assert [c['id'].rsplit('/', 1)[-1] for c in answer.doc['machineConfigurations']] \
        == everything[1:3]
    assert answer.doc['count'] == 3
    assert cimi.ids('machineConfigurations', params={'$first': '2'}) == everything[1:]
    assert cimi.ids('machineConfigurations', params={'$last': '1'}) == everything[:1]
    assert cimi.ids('machineConfigurations', params={'$first': '3', '$last': '2'}) == []
    assert cimi.ids('machineConfigurations', params={'$first': '9'}) == []


def test_select_keeps_id_and_resource_uri(cimi):
    answer = cimi.get('/machineConfigurations', params={'$select': 'cpu,name'})
    for config in answer.doc['machineConfigurations']:
        assert set(config) == {'resourceURI', 'id', 'cpu', 'name'}
    one = cimi.get('/machineConfigurations/m1-small', params={'$select': 'memory'})
    assert set(one.doc) == {'resourceURI', 'id', 'memory'}
    everything = cimi.get('/machineConfigurations/m1-small', params={'$select': '*'})
    assert 'disks' in everything.doc
