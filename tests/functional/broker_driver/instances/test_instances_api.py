"""Instances through the Deltacloud front end with the broker driver: realms, launches, actions."""

import pytest

from broker_core import events
from broker_core import instances
from broker_core import errors as broker_errors
from broker_core import placements
from broker_core import pools
from iaas import states


def test_realms_are_the_pools_the_user_may_use(served):
    silver = pools.create_pool(served.world.admin, 'silver', enabled=False)
    served.world.grant('alice', silver)
    realms = served.request('GET', '/api/realms').json['realms']
    assert {(r['id'], r['name'], r['state']) for r in realms} == {
        ('gold', 'Gold pool', 'AVAILABLE'), ('silver', 'silver', 'UNAVAILABLE')}
    assert served.request('GET', '/api/realms', user='carol').json['realms'] == []
    assert served.request('GET', '/api/realms/gold', user='carol').status_code == 404
    assert served.request('GET', '/api/realms/gold').json['realm']['id'] == 'gold'
    refused = served.launch(realm_id='silver')
    assert refused.status_code == 400 and 'unavailable' in refused.text
    assert served.records() == []


def test_a_pool_without_permission_refuses_launches(served):
    refused = served.launch(user='carol')
    assert refused.status_code == 403, refused.text
    assert served.records() == []
    assert served.world.launched_at('cloud-a') == served.world.launched_at('cloud-b') == []


def test_the_only_pool_is_the_default_realm(served):
    created = served.launch(realm_id=None)
    assert created.status_code == 201, created.text
    assert created.json['instance']['realm']['id'] == 'gold'


def test_unknown_references_are_400_and_create_nothing(served):
    for params in ({'realm_id': 'nowhere'}, {'hwp_id': 'no-such-profile'},
                   {'image_id': 'no-such-image'}, {'hwp_memory': '99999'},
                   {'hwp_id': 'm1-large', 'hwp_memory': '99999'}):
        refused = served.launch(**params)
        assert refused.status_code == 400, (params, refused.text)
    assert served.records() == []


def test_hardware_profile_overrides_reach_the_matching_provider_profile(served):
    created = served.launch(image_id=served.world.images['fedora64']['id'],
                            hwp_id='m1-large', hwp_memory='12288', hwp_cpu='2')
    assert created.status_code == 201, created.text
    shown = created.json['instance']
    assert shown['hardware_profile']['id'] == 'm1-large'
    assert shown['hardware_profile']['properties'] == {'memory': '12288', 'cpu': '2'}
    provider = served.where(shown['id'])
    at_provider, = served.world.launched_at(provider)
    assert at_provider.name == shown['id']
    assert at_provider.hardware_profile_id == 'm1-large'
    assert at_provider.hardware_profile_overrides == {'memory': 12288, 'cpu': 2}
    assert at_provider.image_id == 'img1'
    record = served.record(shown['id'])
    assert (record['vcpus'], record['memory_mb']) == (2, 12288)


def test_lifecycle_delegates_to_the_owning_account(served):
    created = served.launch(name='web-1')
    assert created.status_code == 201, created.text
    instance = created.json['instance']
    assert (instance['name'], instance['state'], instance['owner']) == (
        'web-1', states.RUNNING, 'alice')
    assert instance['public_addresses'], 'the provider\'s addresses are recorded'
    instance_id = instance['id']
    provider = served.where(instance_id)
    for action, state in (('stop', 'STOPPED'), ('start', 'RUNNING'), ('reboot', 'RUNNING'),
                          ('stop', 'STOPPED')):
        answer = served.act(instance_id, action)
        assert answer.status_code == 202, answer.text
        assert answer.json['state'] == state
        assert served.world.launched_at(provider)[0].state == state
    assert served.in_use() == 1
    assert served.request('DELETE', '/api/instances/' + instance_id).status_code == 204
    assert served.world.launched_at(provider) == []
    assert served.request('GET', '/api/instances/' + instance_id).status_code == 404
    assert served.in_use() == 0
    types = [e['type'] for e in events.query(served.world.admin, object_type='instance',
                                             object_id=instance_id)]
    for expected in ('instance.create', 'instance.assign', 'instance.place',
                     'instance.state', 'instance.delete'):
        assert expected in types


def test_actions_the_state_forbids_are_405(served):
    instance_id = served.launch().json['instance']['id']
    assert served.act(instance_id, 'start').status_code == 405
    assert served.request('DELETE', '/api/instances/' + instance_id).status_code == 405
    assert served.record(instance_id)['state'] == states.RUNNING


def test_a_user_never_sees_another_users_instances(served):
    instance_id = served.launch().json['instance']['id']
    assert served.request('GET', '/api/instances', user='bob').json['instances'] == []
    assert served.request('GET', '/api/instances/' + instance_id,
                          user='bob').status_code == 404
    assert served.act(instance_id, 'stop', user='bob').status_code == 404
    assert served.request('DELETE', '/api/instances/' + instance_id,
                          user='bob').status_code == 404
    assert served.record(instance_id)['state'] == states.RUNNING
    listed = served.request('GET', '/api/instances').json['instances']
    assert [i['id'] for i in listed] == [instance_id]


def test_realm_filter(served):
    instance_id = served.launch().json['instance']['id']
    assert [i['id'] for i in served.request(
        'GET', '/api/instances?realm_id=gold').json['instances']] == [instance_id]
    assert served.request('GET', '/api/instances?realm_id=silver').json['instances'] == []


def test_placement_is_explained_to_its_owner_only(served):
    instance_id = served.launch().json['instance']['id']
    explained = placements.get_placement(served.bctx('alice'), instance_id)
    assert explained['outcome'] == 'placed'
    assert explained['account_id'] == served.record(instance_id)['account_id']
    decision = explained['decision']
    assert decision['counts'] == {'candidates': 2, 'dropped': 0, 'ranked': 2}
    assert [entry['rank'] for entry in decision['ranked']] == [1, 2]
    assert decision['chosen']['account_id'] == explained['account_id']
    assert [a['outcome'] for a in explained['attempts']] == ['created']
    assert placements.get_placement(served.bctx('alice'), explained['id']) == explained
    try:
        placements.get_placement(served.bctx('bob'), instance_id)
    except broker_errors.ObjectNotFound:
        pass
    else:
        raise AssertionError('bob read alice\'s placement')


def test_wrong_password_is_401(served):
    assert served.request('GET', '/api/instances', password='nope').status_code == 401
    assert served.request('GET', '/api/hardware_profiles', password='nope').status_code == 200


def test_a_launch_realizes_its_key_and_firewall_in_the_chosen_account(served):
    from tests.contract.fixtures import CONTRACT_PUBLIC_KEY
    context = served.world.context('alice')
    served.driver.create_key(context, 'deploy', public_key=CONTRACT_PUBLIC_KEY)
    firewall = served.driver.create_firewall(context, 'web', 'web servers')
    created = served.launch(keyname='deploy', firewalls1=firewall.id)
    assert created.status_code == 201, created.text
    shown = created.json['instance']
    assert shown['authentication'] == {'keyname': 'deploy'}
    assert [f['id'] for f in shown['firewalls']] == [firewall.id]
    at_provider, = served.world.launched_at(served.where(shown['id']))
    assert at_provider.keyname.startswith('broker-')
    assert len(at_provider.firewall_ids) == 1
    refused = served.launch(keyname='no-such-key')
    assert refused.status_code == 400, refused.text


def test_a_provider_that_reuses_ids_gets_a_new_launch_recorded(served):
    """The mock hands out a destroyed instance's id again; the broker must take it."""
    first = served.launch(name='one').json['instance']['id']
    provider = served.where(first)
    provider_id = served.record(first)['provider_instance_id']
    assert served.act(first, 'stop').status_code == 202
    assert served.request('DELETE', '/api/instances/' + first).status_code == 204

    again = served.launch(name='two')
    assert again.status_code == 201, again.text
    second = again.json['instance']['id']
    assert served.where(second) == provider
    assert served.record(second)['provider_instance_id'] == provider_id
    assert served.in_use() == 1
    types = [e['type'] for e in events.query(served.world.admin, object_type='instance',
                                             object_id=first)]
    assert 'instance.provider_id_reused' in types


def test_an_id_reused_while_its_holder_is_being_destroyed_goes_to_the_new_launch(served):
    """A destroy racing a launch: the launch is recorded, the old record closed once.

    The provider destroyed the instance and handed its id out again before the destroying
    request closed the record (the reliability load test saw such a launch answered 409).
    """
    world = served.world
    first = served.launch(name='one').json['instance']['id']
    old = served.record(first)
    for action in ('stop_instance', 'destroy_instance'):  # the destroy's provider half only
        world.driver.account_call(world.admin, old['account_id'], action,
                                  old['provider_instance_id'])

    again = served.launch(name='two')
    assert again.status_code == 201, again.text
    second = served.record(again.json['instance']['id'])
    assert (second['account_id'], second['provider_instance_id']) == (
        old['account_id'], old['provider_instance_id'])
    closed = served.record(first)
    assert (closed['state'], closed['provider_instance_id']) == (states.FINISH, None)
    assert closed['deleted_at'] is not None and served.in_use() == 1
    types = [e['type'] for e in events.query(world.admin, object_type='instance',
                                             object_id=first)]
    assert {'instance.vanished', 'instance.provider_id_reused'} <= set(types)
    # The destroying request now closes its record: already done, nothing given back twice.
    assert served.request('DELETE', '/api/instances/' + first).status_code == 404
    instances.mark_deleted(world.admin, first)
    assert served.in_use() == 1


@pytest.mark.parametrize('db_backend', [
    'sqlite', pytest.param('postgresql', marks=pytest.mark.integration)])
def test_a_nul_in_an_id_or_a_field_is_400_on_every_database(served):
    """PostgreSQL refuses NUL in text (a 500 once): the front end refuses it before any lookup."""
    for method, path, params in (('GET', '/api/instances/x%00', None),
                                 ('DELETE', '/api/keys/k%00', None),
                                 ('GET', '/api/instances?id=x%00', None),
                                 ('POST', '/api/keys', {'name': 'k\x00'})):
        assert served.request(method, path, params).status_code == 400, (method, path)
    assert served.launch(name='web\x00').status_code == 400
    assert served.records() == []
