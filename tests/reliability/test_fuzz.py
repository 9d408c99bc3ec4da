"""Bad input: generated requests to /api and to every management operation never get a 5xx.

Every 4xx is in the API's own error format and leaves everything stored (each broker table
and each mock cloud) as it was. The apps run in-process over a broker world: two mock
clouds, pool gold, alice's and bob's instances, a key and a volume for the fuzz to find.
Hypothesis runs a fixed number of examples, derandomized: the same requests every run.
"""

import json
from urllib import parse

from hypothesis import strategies as st
import pytest
import schemathesis
from schemathesis.generation.modes import GenerationMode

from broker_core import passwords
from broker_mgmt import app as mgmt_app
from tests.functional.broker_driver.instances import served as served_mod
from tests.functional import checks
from tests.reliability import examples
from tests.reliability import stored
from tests.reliability import world

API_EXAMPLES = 150
MGMT_EXAMPLES = 5  # per operation and generation mode
COLLECTIONS = ('instances', 'images', 'realms', 'hardware_profiles', 'keys', 'firewalls',
               'storage_volumes', 'storage_snapshots', 'addresses', 'networks', 'subnets',
               'network_interfaces', 'metrics', 'buckets', 'load_balancers', 'drivers')
ACTIONS = ('start', 'stop', 'reboot', 'destroy', 'attach', 'detach', 'associate',
           'disassociate', 'run', 'explode')
FIELDS = ('image_id', 'hwp_id', 'hwp_memory', 'hwp_cpu', 'hwp_storage', 'realm_id', 'keyname',
          'user_data', 'instance_count', 'name', 'firewalls1', 'capacity', 'volume_id',
          'instance_id', 'device', 'description', 'public_key', 'address_block', 'network_id',
          'state', 'architecture', 'id', 'owner_id', 'snapshot_id', 'load_balancer_id',
          'metrics', 'password', 'blob_id', 'blob_data', 'driver', 'provider')
ODD_VALUES = ('', '0', '-1', '1', '2', '1.5', 'nan', 'inf', '1e309', '9' * 40, 'x' * 300,
              '../..', 'a/b', '%', '\u2603', 'true', 'null', 'm1-small', 'gold', 'img1',
              'inst0', 'vol1', 'key1', 'cloud-a', '10.0.0.0/24', 'AAAA')
SHAPES = (('GET', '/{c}'), ('GET', '/{c}/{i}'), ('DELETE', '/{c}/{i}'), ('PUT', '/{c}/{i}'),
          ('POST', '/{c}'), ('POST', '/{c}'), ('POST', '/{c}/{i}/{a}'))
MATRIX = ('', ';driver=mock', ';driver=broker', ';provider=cloud-a',
          ';driver=mock;provider=cloud-b', ';driver=nosuch', ';provider=a/b', ';x')
# The management API's tags in groups of about 20 operations, one test each.
TAG_GROUPS = (('pools', 'quotas', 'instances', 'events', 'usage'),
              ('accounts', 'providers', 'hardware_profiles'),
              ('images', 'grants', 'placements', 'webhooks'),
              ('users', 'groups'))
MGMT_ERROR_KEYS = {'title', 'description'}
# Realm ids with which the mock raises that error on purpose (Deltacloud's mock does).
ERROR_REALMS = (500, 501, 502, 504)
# Deltacloud's answer to a parameter or variant the driver does not implement (see
# reference/deltacloud/API-NOTES.md): a refusal in the API's format, not a failure.
NOT_IMPLEMENTED = 501


@pytest.fixture(scope='module', autouse=True)
def cheaper_password_hashes():
    """scrypt at 2**10 here: every test makes its users, and the fuzz is not about the KDF."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, 'LOG_N', 10)
        yield


@pytest.fixture
def served(conf, database):
    """The broker world, served in-process at /api (drivers mock and broker), and its admin."""
    served = served_mod.make_served(conf)
    world.add_admin(served.world)
    for user in ('alice', 'bob'):
        assert served.launch(user=user).status_code == 201
    assert served.request('POST', '/api/keys', {'name': 'alice-key'}).status_code == 201
    assert served.request('POST', '/api/storage_volumes',
                          {'capacity': '1'}).status_code == 201
    return served


def known_ids(served):
    """Ids a generated request may name: the world's own, anyone's, and the mock's."""
    world_ = served.world
    ids = [row['id'] for row in served.records()]
    ids += [image['id'] for image in world_.images.values()]
    ids += [user['id'] for user in world_.users.values()]
    return ids + [world_.pool['id'], 'alice-key']


def base_forms(served, driver):
    """Per collection, a form the driver accepts: generated fields change or add to it."""
    image, realm = ((served.world.images['fedora']['id'], 'gold') if driver == 'broker'
                    else ('img1', 'us'))
    return {'instances': {'image_id': image, 'hwp_id': 'm1-small', 'realm_id': realm},
            'storage_volumes': {'capacity': '1'}, 'keys': {'name': 'fuzz-key'},
            'firewalls': {'name': 'fuzz-wall', 'description': 'fuzz'},
            'addresses': {}, 'networks': {'address_block': '10.1.0.0/16'}}


@st.composite
def api_requests(draw, ids, forms):
    """(method, path, params, params in the query?, format, login) of an /api request.

    Weighted towards what reaches the drivers: instances, the caller's own login, no
    matrix parameters, a valid form with some fields changed.
    """
    numbers = st.integers(-2 ** 40, 2 ** 40).filter(lambda n: n not in ERROR_REALMS)
    values = st.one_of(st.sampled_from(ODD_VALUES + tuple(ids)), st.text(max_size=30),
                       numbers.map(str))
    collection = draw(st.sampled_from(('instances',) * 4 + COLLECTIONS))
    method, template = draw(st.sampled_from(SHAPES))
    ident = draw(st.one_of(st.sampled_from(ids + ['inst0', 'img1', 'vol1', 'nope']),
                           st.text(min_size=1, max_size=20)))
    path = template.format(c=collection, i=parse.quote(ident, safe=''),
                           a=draw(st.sampled_from(ACTIONS)))
    params = dict(draw(st.sampled_from(({}, forms.get(collection, {})))),
                  **draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=4)))
    return ((method, path), draw(st.sampled_from(('',) * 6 + MATRIX)), params,
            draw(st.booleans()), draw(st.sampled_from(('json', 'xml'))),
            draw(st.sampled_from(('owner',) * 4 + ('other', 'wrong'))))


def logins(conf, driver):
    """Authorization per login kind: the right one, another valid one, a wrong password."""
    if driver == 'mock':
        user, password = conf.mock.username, conf.mock.password
        logins = {'owner': (user, password), 'other': (user, password)}
    else:
        logins = {name: (user, world.PASSWORDS[user])
                  for name, user in (('owner', 'alice'), ('other', 'bob'))}
    logins['wrong'] = (logins['owner'][0], 'not-the-password')
    return {name: {'Authorization': served_mod.basic(*login)} for name, login in logins.items()}


def send_api(served, driver, generated):
    (method, path), matrix, params, in_query, fmt, login = generated
    headers = dict(logins(served.conf, driver)[login], **{
        'X-Deltacloud-Driver': driver,
        'Accept': 'application/json' if fmt == 'json' else 'application/xml'})
    body = None
    if method in ('POST', 'PUT') and not in_query:
        body = parse.urlencode(params)
        headers['Content-Type'] = 'application/x-www-form-urlencoded'
        params = None
    return served.client.simulate_request(method, '/api' + matrix + path, params=params,
                                          headers=headers, body=body)


@pytest.mark.parametrize('driver', ['mock', 'broker'])
def test_generated_api_requests_get_4xx_and_change_nothing(served, database, driver):
    def check(generated, response):
        status = response.status_code
        assert status < 500 or status == NOT_IMPLEMENTED, (generated, status, response.text)
        if status >= 400:
            checks.error(response, status, generated[4])
        unchanged.after(status >= 400, generated)

    with stored.Unchanged(database, served.conf) as unchanged:
        examples.run(api_requests(known_ids(served), base_forms(served, driver)),
                     API_EXAMPLES, lambda generated: send_api(served, driver, generated),
                     check)


@pytest.fixture
def mgmt_schema(served):
    app = mgmt_app.create_app(served.conf, broker=served.world.broker)
    return schemathesis.openapi.from_wsgi('/v1/openapi.json', app)


def test_every_management_operation_is_fuzzed(mgmt_schema):
    """All but the document's own, which schemathesis leaves out (it takes no input)."""
    documented = {(method.upper(), path) for path, item in mgmt_schema.raw_schema[
        'paths'].items() for method in item}
    fuzzed = {(result.ok().method.upper(), result.ok().path) for group in TAG_GROUPS
              for tag in group for result in mgmt_schema.include(tag=tag).get_all_operations()}
    assert documented - fuzzed == {('GET', '/openapi.json')}


@pytest.mark.parametrize('tags', TAG_GROUPS, ids='-'.join)
def test_generated_management_requests_get_4xx_and_change_nothing(
        served, database, mgmt_schema, tags):
    """Valid and invalid requests for every operation of the tags, as the administrator."""
    auth = {'Authorization': served_mod.basic(*world.ADMIN)}

    def check(case, response):
        status = response.status_code
        assert status < 500, (case.method, case.formatted_path, status, response.content)
        if status >= 400:
            assert set(json.loads(response.content)) == MGMT_ERROR_KEYS, response.content
        unchanged.after(status >= 400, (case.method, case.formatted_path, case.body))

    with stored.Unchanged(database, served.conf) as unchanged:
        for tag in tags:
            for result in mgmt_schema.include(tag=tag).get_all_operations():
                operation = result.ok()
                modes = [GenerationMode.POSITIVE]
                if operation.definition.raw.get('parameters') or operation.body:
                    modes.append(GenerationMode.NEGATIVE)  # else nothing can be invalid
                for mode in modes:
                    examples.run(operation.as_strategy(generation_mode=mode),
                                 MGMT_EXAMPLES, lambda case: case.call(headers=auth), check)


def test_the_fuzzers_see_a_stored_change(served, database):
    """A change made beside a refused request is noticed: the check can fail."""
    with stored.Unchanged(database, served.conf) as unchanged:
        assert served.launch().status_code == 201
        with pytest.raises(AssertionError, match='a refused request changed'):
            unchanged.after(True, 'launch')
