"""Capabilities of a remote Deltacloud: inferred from /api, corrected by its answers, cached."""

import pytest

from iaas import collections
from iaas import models
from iaas import states
from iaas.drivers.deltacloud import capabilities
from tests.functional import reference

# The reference server's entry point: mock driver, no firewalls or load balancers.
API = reference.live('GET /api X-Deltacloud-Provider: p2 JSON').json()
STATES = reference.live('GET /instance_states JSON').json()


def ops_of(collection):
    spec = collections.COLLECTIONS[collection]
    return {collections.operation_name(collection, op) for op in spec.operations}


def test_parse_api_of_deltacloud_113():
    api = capabilities.parse_api(API)
    assert (api.version, api.driver, api.provider) == ('1.1.3', 'mock', 'p2')
    assert {'instances', 'realms', 'buckets', 'drivers', 'instance_states'} <= api.links
    assert 'firewalls' not in api.links
    assert api.features['instances'] == ('metrics', 'realm_filter', 'user_name',
                                         'authentication_key')


@pytest.mark.parametrize('body', [None, [], {'api': {}}, {'api': {'links': {}}}])
def test_parse_api_refuses_other_documents(body):
    with pytest.raises(ValueError):
        capabilities.parse_api(body)


def test_parse_states_of_deltacloud_113():
    machine = capabilities.parse_states(STATES)
    assert machine.states == ['START', 'PENDING', 'RUNNING', 'STOPPED', 'FINISH']
    assert machine.actions('RUNNING') == ['reboot', 'stop']
    assert machine.transitions('PENDING') == (states.Transition('RUNNING'),)
    assert machine.target('STOPPED', 'destroy') == 'FINISH'


def test_operations_inferred_from_links():
    api = capabilities.parse_api(API)
    ops = capabilities.inferred_operations(api, capabilities.parse_states(STATES))
    expected = set()
    for rel in ('addresses', 'buckets', 'blobs', 'hardware_profiles', 'images', 'instances',
                'keys', 'metrics', 'network_interfaces', 'networks', 'realms',
                'storage_snapshots', 'storage_volumes', 'subnets'):
        expected |= ops_of(rel)
    assert ops == expected
    assert not ops & (ops_of('firewalls') | ops_of('load_balancers'))


def test_instance_actions_follow_the_remote_state_machine():
    api = capabilities.parse_api(API)
    no_reboot = states.StateMachine({'RUNNING': [states.Transition('STOPPED', 'stop')],
                                     'STOPPED': [states.Transition('FINISH', 'destroy')]})
    ops = capabilities.inferred_operations(api, no_reboot)
    assert {'instances.stop', 'instances.destroy'} <= ops
    assert not {'instances.reboot', 'instances.start'} & ops


def test_only_known_features_are_kept():
    api = capabilities.parse_api({'api': {'links': [
        {'rel': 'instances', 'features': [[{'name': 'user_name'}], [{'name': 'sandboxing'}]]},
        {'rel': 'images', 'features': []}]}})
    found = capabilities.known_features(api)
    assert [f.name for f in found['instances']] == ['user_name']
    assert 'images' not in found


class Remote:
    """Counts fetches and answers the reference documents; the clock is set by the test."""

    def __init__(self):
        self.now = 0.0
        self.api_fetches = self.state_fetches = 0

    def api(self):
        self.api_fetches += 1
        return API

    def states(self):
        self.state_fetches += 1
        return STATES


@pytest.fixture
def remote():
    return Remote()


@pytest.fixture
def caps(remote):
    return capabilities.Capabilities(30.0, remote.api, remote.states, clock=lambda: remote.now)


def test_documents_are_cached_for_the_ttl(caps, remote):
    caps.operations()
    caps.operations()
    caps.features()
    assert (remote.api_fetches, remote.state_fetches) == (1, 1)
    remote.now = 31.0
    caps.operations()
    assert (remote.api_fetches, remote.state_fetches) == (2, 2)


def test_a_412_hides_the_operation_until_the_next_fetch(caps, remote):
    assert 'keys.create' in caps.operations()
    caps.learn('keys.create', False)
    assert 'keys.create' not in caps.operations()
    remote.now = 31.0
    assert 'keys.create' in caps.operations()


def _instance(state, actions, create_image=True):
    return models.Instance('i1', 'i1', state, 'u', 'img1', 'us', 'm1-small',
                           create_image=create_image, extra={'actions': actions})


def test_instance_action_links_show_what_the_remote_offers(caps):
    machine = caps.state_machine()
    caps.observe_instance(_instance('RUNNING', ['stop', 'create_image']), machine)
    ops = caps.operations()
    assert 'instances.reboot' not in ops and 'images.create' in ops
    assert 'instances.stop' in ops
    caps.observe_instance(_instance('STOPPED', ['start', 'destroy'], create_image=False),
                          machine)
    assert {'instances.start', 'instances.destroy', 'images.create'} <= caps.operations()
    caps.observe_instance(_instance('RUNNING', ['reboot', 'stop']), machine)
    assert 'instances.reboot' in caps.operations()
    assert 'images.create' not in caps.operations()


def test_observations_that_contradict_each_other_take_turns(caps):
    machine = caps.state_machine()
    with_reboot = _instance('RUNNING', ['reboot', 'stop'])
    for _ in range(2):
        caps.observe_instance(with_reboot, machine)
        assert 'instances.reboot' in caps.operations()
        caps.observe_instance(_instance('RUNNING', ['stop']), machine)
        assert 'instances.reboot' not in caps.operations()
