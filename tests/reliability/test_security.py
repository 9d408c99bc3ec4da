"""Security through broker-api: secrets never show; users cannot reach each other's objects.

- No credential (account passwords and secret keys, user passwords, webhook secrets) in
  any answer, header, stored row (events, outbox, deliveries...) or the server's log, even
  when a provider quotes the login it was given in its errors.
- bob cannot read, act on, destroy, attach to or infer alice's objects: every try answers
  exactly as for an object that does not exist (404 where the object is addressed), and
  changes nothing.
- Every management write needs an administrator: 403 for a user, 401 without a login, and
  nothing stored changes (the exceptions are in the test's docstring).
"""

import uuid

import pytest
import schemathesis
from schemathesis.generation.modes import GenerationMode

from broker_core import events
from iaas.drivers.mock import knobs
from tests.functional.broker_driver.instances import served as served_mod
from tests.reliability import examples
from tests.reliability import quoting
from tests.reliability import stored
from tests.reliability import world

pytestmark = pytest.mark.integration

MOCK_LOGIN = ('mock-login-user', 'mock-pass-7Qx9w')  # what the clouds accept, accounts hold
API_KEY = 'api-key-4Kd2z'                  # one more secret field of an account
NEW_PASSWORD = 'new-pass-8Wm3y'            # an account's replaced credentials
REFUSED = 'refused-pass-2Jt6v'             # in requests the API refuses
USER_PASSWORD = 'user-pass-5Rb1u'
HOOK_SECRET = 'hook-secret-3Lp8t'
SECRETS = (MOCK_LOGIN[1], API_KEY, NEW_PASSWORD, REFUSED, USER_PASSWORD, HOOK_SECRET,
           world.ADMIN[1]) + tuple(world.PASSWORDS.values())
HOOK_URL = 'http://127.0.0.1:9/hook'       # nothing listens: deliveries fail, and are kept
WRITES = ('post', 'put', 'patch', 'delete')
BOB = ('bob', world.PASSWORDS['bob'])
# No state tracker writing on its own schedule: every stored change is some request's.
QUIET = {'state': {'embedded': False}}


def launch_form(site, realm='gold'):
    return {'image_id': site.world.images['fedora']['id'], 'hwp_id': 'm1-small',
            'realm_id': realm}


def object_ids(server, site, user='alice'):
    """An object of every kind the management API's paths name, by path parameter.

    The user, quota, grant, group membership and instance are ``user``'s.
    """
    mgmt, world_ = server.mgmt(), site.world
    owner = world_.users[user]['id']
    instance = server.api(user).json('POST', '/instances', 201,
                                     data=launch_form(site))['instance']
    account = world_.accounts['cloud-a']
    profile = mgmt.json('GET', '/accounts/%s/hardware_profiles' % account['id'])[
        'hardware_profiles'][0]
    mgmt.json('PUT', '/quotas/user/%s' % owner, json={'limits': {'instances': 10}})
    group = mgmt.json('POST', '/groups', 201, json={'name': 'ops'})
    mgmt.json('POST', '/groups/%s/members' % group['id'], 201, json={'user_id': owner})
    return {'provider_id': world_.providers['cloud-a']['id'], 'account_id': account['id'],
            'pool_id': world_.pool['id'], 'provider_hardware_profile_id': profile['id'],
            'profile_id': world_.profiles['m1-small']['id'],
            'image_id': world_.images['fedora']['id'], 'user_id': owner,
            'group_id': group['id'],
            'grant_id': mgmt.json('GET', '/grants', params={'user_id': owner})[
                'grants'][0]['id'],
            'scope_type': 'user', 'scope_id': owner, 'instance_id': instance['id'],
            'placement_id': instance['id'],
            'webhook_id': mgmt.json('POST', '/webhooks', 201, json={
                'url': HOOK_URL, 'secret': HOOK_SECRET})['id']}


def add_quoting_cloud(server, site):
    """A cloud that quotes its login in errors: first choice in gold, alone in pool solo."""
    mgmt = server.mgmt()
    provider = mgmt.json('POST', '/providers', 201, json={
        'name': quoting.NAME, 'driver': quoting.NAME, 'provider': quoting.NAME})
    account = mgmt.json('POST', '/accounts', 201, json={
        'provider_id': provider['id'], 'name': 'main', 'credentials': {
            'username': MOCK_LOGIN[0], 'password': MOCK_LOGIN[1], 'api_key': API_KEY}})
    mgmt.json('POST', '/accounts/%s/sync' % account['id'])
    mgmt.json('PUT', '/images/%s/mappings/providers/%s' % (
        site.world.images['fedora']['id'], provider['id']), json={'provider_image_id': 'img2'})
    solo = mgmt.json('POST', '/pools', 201, json={'name': 'solo'})
    for pool_id in (site.world.pool['id'], solo['id']):
        mgmt.json('POST', '/pools/%s/members' % pool_id, 201, json={'account_id': account['id']})
    mgmt.json('POST', '/grants', 201, json={'role': 'pool_user', 'pool_id': solo['id'],
                                            'user_id': site.world.users['alice']['id']})


def send_secrets(server, site):
    """Secrets in requests the API takes and in requests it refuses; logins that fail."""
    mgmt = server.mgmt()
    account = site.world.accounts['cloud-b']['id']
    mgmt.json('PUT', '/accounts/%s/credentials' % account, 204, json={
        'username': MOCK_LOGIN[0], 'password': NEW_PASSWORD})
    assert mgmt.request('POST', '/accounts/%s/sync' % account).status_code >= 400
    mgmt.json('POST', '/users', 201, json={'name': 'dave', 'password': USER_PASSWORD})
    assert mgmt.request('POST', '/users', json={
        'name': 'bad name!', 'password': REFUSED}).status_code == 400
    assert mgmt.request('POST', '/accounts', json={
        'provider_id': site.world.providers['cloud-a']['id'], 'name': 'bad',
        'credentials': {'username': MOCK_LOGIN[0], 'password': [REFUSED]}}).status_code == 400
    assert server.api('alice', REFUSED).request('GET', '/instances').status_code == 401
    assert server.mgmt(('alice', REFUSED)).request('GET', '/providers').status_code == 401


def read_everything(server, ids):
    """GET every path of the management API (as the administrator) and the /api collections."""
    mgmt = server.mgmt()
    document = mgmt.json('GET', '/openapi.json')
    for path, item in document['paths'].items():
        if 'get' in item:
            params = {'since': '2000-01-01T00:00:00Z'} if path == '/usage' else None
            response = mgmt.request('GET', path.format(**ids), params=params)
            assert response.status_code == 200, (path, response.text)
    api = server.api('alice')
    for collection in ('instances', 'realms', 'hardware_profiles', 'images', 'keys'):
        assert api.request('GET', '/' + collection).status_code == 200


def test_no_secret_in_answers_stored_rows_or_the_log(tmp_path, conf, database):
    knobs.set_knobs(conf, quoting.NAME, prices={'m1-small': 0.001})  # cheapest: tried first
    site = world.Site(tmp_path, conf, database, mock_login=MOCK_LOGIN)
    env = quoting.environment(quoting.install(tmp_path / 'site'))
    with site.serve(env=env, api={'enabled_drivers': ['mock', 'broker', quoting.NAME]},
                    state={'interval': 0.5}) as server:
        add_quoting_cloud(server, site)
        ids = object_ids(server, site)  # alice's launch fails over from the quoting cloud
        refused = server.api('alice').request('POST', '/instances',
                                              data=launch_form(site, 'solo'))
        assert refused.status_code == 502
        assert 'No capacity for %s (password %s)' % (MOCK_LOGIN[0], events.MASK) in refused.text
        send_secrets(server, site)
        read_everything(server, ids)

    answers = '\n'.join('%s %s %s' % (response.status_code, dict(response.headers),
                                      response.text) for response in server.seen)
    log = site.log_path.read_text(errors='replace')
    rows = stored.dump(database, conf)
    assert events.MASK in rows, 'the quoting cloud was tried, and its message recorded'
    for secret in SECRETS:
        assert secret not in answers
        assert secret not in log
        assert secret not in rows


def ghost_of(ident):
    """An id of the same shape that nothing has."""
    try:
        uuid.UUID(ident)
    except ValueError:
        return ident[:-1] + ('x' if ident[-1] != 'x' else 'y')
    return str(uuid.uuid4())


def alices_objects(server, site):
    """alice's instance, key, firewall, volume, snapshot, address, network and subnet."""
    api = server.api('alice')

    def create(collection, **form):
        response = api.request('POST', '/' + collection, data=form)
        assert response.status_code in (200, 201), (collection, response.text)
        return next(iter(response.json().values()))['id']

    instance = create('instances', **launch_form(site))
    volume = create('storage_volumes', capacity='1')
    network = create('networks', address_block='10.20.0.0/16')
    return {'instances': instance, 'keys': create('keys', name='alice-key'),
            'firewalls': create('firewalls', name='alice-wall', description='mine'),
            'storage_volumes': volume,
            'storage_snapshots': create('storage_snapshots', volume_id=volume),
            'addresses': create('addresses'), 'networks': network,
            'subnets': create('subnets', network_id=network, address_block='10.20.1.0/24')}


def bobs_tries(owned, bobs, launch):
    """(method, path, form, alice's id in them) of what bob tries on alice's objects.

    ``launch`` is a launch form bob may use.
    """
    tries = []
    for collection, ident in owned.items():
        tries += [('GET', '/%s/%s' % (collection, ident), None, ident),
                  ('DELETE', '/%s/%s' % (collection, ident), None, ident)]
    instance, volume, address = (owned[k] for k in ('instances', 'storage_volumes',
                                                    'addresses'))
    tries += [('POST', '/instances/%s/%s' % (instance, action), {}, instance)
              for action in ('stop', 'start', 'reboot', 'destroy')]
    return tries + [
        ('POST', '/storage_volumes/%s/attach' % volume, {'instance_id': bobs['instance']},
         volume),
        ('POST', '/storage_volumes/%s/detach' % volume, {}, volume),
        ('POST', '/addresses/%s/associate' % address, {'instance_id': bobs['instance']},
         address),
        ('POST', '/addresses/%s/disassociate' % address, {}, address),
        # alice's objects named in bob's own requests
        ('POST', '/storage_volumes/%s/attach' % bobs['volume'], {'instance_id': instance},
         instance),
        ('POST', '/addresses/%s/associate' % bobs['address'], {'instance_id': instance},
         instance),
        ('POST', '/storage_snapshots', {'volume_id': volume}, volume),
        ('POST', '/storage_volumes', {'capacity': '1', 'snapshot_id': owned['storage_snapshots']},
         owned['storage_snapshots']),
        ('POST', '/instances', dict(launch, firewalls1=owned['firewalls']), owned['firewalls']),
        ('POST', '/subnets', {'network_id': owned['networks'],
                              'address_block': '10.20.2.0/24'}, owned['networks'])]


def named(value, ident, other):
    """``value`` (a path or a form) with ``other`` where ``ident`` was."""
    if isinstance(value, dict):
        return {key: other if item == ident else item for key, item in value.items()}
    return None if value is None else value.replace(ident, other)


def test_one_user_cannot_reach_or_infer_anothers_objects(site, database, conf):
    with site.serve(**QUIET) as server:
        owned = alices_objects(server, site)
        bob = server.api('bob')
        bobs = {'instance': bob.json('POST', '/instances', 201,
                                     data=launch_form(site))['instance']['id'],
                'volume': bob.json('POST', '/storage_volumes', 201,
                                   data={'capacity': '1'})['storage_volume']['id'],
                'address': bob.json('POST', '/addresses', 201)['address']['id']}
        with stored.Unchanged(database, conf) as unchanged:
            for method, path, form, ident in bobs_tries(owned, bobs, launch_form(site)):
                answers = []
                for other in (ident, ghost_of(ident)):
                    response = bob.request(method, named(path, ident, other),
                                           data=named(form, ident, other))
                    answers.append((response.status_code, response.text.replace(other, '<id>')))
                    unchanged.after(True, (method, path, other))
                assert answers[0] == answers[1], (method, path, answers)
                assert answers[0][0] == (404 if ident in path else answers[0][0]) and (
                    400 <= answers[0][0] < 500), (method, path, answers[0])
            for collection, ident in owned.items():
                assert ident not in bob.request('GET', '/' + collection).text, collection
            mgmt = server.mgmt(BOB)
            for path in ('/instances/%s', '/placements/%s'):
                answers = [mgmt.request('GET', path % ident) for ident in (
                    owned['instances'], ghost_of(owned['instances']))]
                assert [a.status_code for a in answers] == [404, 404], path
            assert owned['instances'] not in mgmt.request('GET', '/instances').text
            unchanged.after(True, 'bob reading the management API')


def write_operations(server):
    schema = schemathesis.openapi.from_url(server.base + '/broker/v1/openapi.json')
    return [result.ok() for result in schema.get_all_operations()
            if result.ok().method.lower() in WRITES]


def test_management_writes_need_an_administrator(site, database, conf):
    """bob (a pool user) sends a valid write of every operation on his own objects.

    Each answers 403 to him and 401 without a login, and changes nothing. A 400 is taken
    only when the administrator gets it too: the request is bad for anyone. Exceptions:
    a user may change his own password (so bob tries alice's), and a placement preview
    stores nothing and is open to whoever may launch in the pool.
    """
    with site.serve(**QUIET) as server:
        ids = object_ids(server, site, 'bob')
        password_of = dict(ids, user_id=site.world.users['alice']['id'])
        operations = write_operations(server)
        answers = {}

        def call(case):
            chosen = password_of if case.path.endswith('/password') else ids
            case.path_parameters = {name: chosen[name] for name in case.path_parameters or {}}
            return [case.call(headers=headers) for headers in (
                {'Authorization': served_mod.basic(*BOB)}, {})]

        def check(case, responses):
            codes = [response.status_code for response in responses]
            unchanged.after(True, (case.method, case.formatted_path, case.body))
            if codes[0] == 400:
                codes.append(case.call(headers={
                    'Authorization': served_mod.basic(*world.ADMIN)}).status_code)
                unchanged.after(False, 'the administrator')
            answers[(case.method, case.path)] = codes

        with stored.Unchanged(database, conf) as unchanged:
            for operation in operations:
                examples.run(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                             1, call, check)
    assert len(answers) == len(operations) > 40
    preview = answers.pop(('POST', '/placement'))
    assert preview[1] == 401 and preview[0] < 500
    assert {key: codes for key, codes in answers.items()
            if codes not in ([403, 401], [400, 401, 400])} == {}
