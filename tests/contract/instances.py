"""Contract: launching instances, their state machine, and launches that must be refused."""

import base64

import pytest

from iaas import errors
from iaas import models
from iaas import states
from tests.contract import fixtures

ACTIONS = ('start', 'stop', 'reboot', 'destroy')


def instance_ids(contract):
    return {i.id for i in contract.driver.list_instances(contract.context)}


def _memory_range_profile(contract):
    for profile in contract.driver.list_hardware_profiles(contract.context):
        memory = profile.properties.get('memory')
        if memory is not None and memory.kind == 'range':
            return profile
    return None


class InstanceContract:
    """create -> list -> stop -> start -> reboot -> stop -> destroy, and the 4xx cases."""

    def _require(self, contract, *operations):
        if not contract.supports('instances.index', 'instances.create', *operations):
            pytest.skip('instances are not launchable through this driver')

    def _act(self, contract, instance_id, action):
        """Run ``action`` and wait for the state the state machine says it leads to."""
        machine = contract.driver.state_machine
        before = contract.driver.get_instance(contract.context, instance_id).state
        expected = fixtures.settle(machine, machine.target(before, action))
        result = getattr(contract.driver, action + '_instance')(contract.context, instance_id)
        if action == 'destroy':
            fixtures.wait_until_gone(contract, instance_id)
            return None
        assert result.id == instance_id
        return fixtures.wait_for_state(contract, instance_id, expected)

    def test_lifecycle(self, contract, cleanup):
        self._require(contract, 'instances.stop', 'instances.destroy')
        before = instance_ids(contract)
        instance, = fixtures.launch(contract, cleanup)
        assert isinstance(instance, models.Instance)
        assert instance.id not in before
        assert instance.image_id == contract.image_id
        assert instance.owner_id == contract.context.username
        assert instance.id in instance_ids(contract)
        shown = contract.driver.get_instance(contract.context, instance.id)
        assert (shown.id, shown.image_id) == (instance.id, instance.image_id)
        steps = ['stop']
        if contract.supports('instances.start'):
            rebooting = ['reboot'] if contract.supports('instances.reboot') else []
            steps += ['start'] + rebooting + ['stop']
        for action in steps:
            state = self._act(contract, instance.id, action)
            assert state in contract.driver.state_machine.states
        assert contract.driver.get_instance(contract.context, instance.id).state == states.STOPPED
        self._act(contract, instance.id, 'destroy')
        assert instance.id not in {i.id for i in contract.driver.list_instances(contract.context)
                                   if i.state != states.FINISH}

    def test_actions_the_state_forbids_are_405(self, contract, cleanup):
        self._require(contract, 'instances.stop')
        machine = contract.driver.state_machine
        instance, = fixtures.launch(contract, cleanup)
        for phase in ('running', 'stopped'):
            state = contract.driver.get_instance(contract.context, instance.id).state
            refused = [a for a in ACTIONS if a not in machine.actions(state)
                       and contract.supports('instances.' + a)]
            for action in refused:
                with pytest.raises(errors.MethodNotAllowed):
                    getattr(contract.driver, action + '_instance')(contract.context, instance.id)
                after = contract.driver.get_instance(contract.context, instance.id).state
                assert after == state, 'a refused %s changed the state' % action
            if phase == 'running':
                self._act(contract, instance.id, 'stop')

    def test_unknown_instance(self, contract):
        self._require(contract)
        with pytest.raises(errors.NotFound):
            contract.driver.get_instance(contract.context, 'contract-no-such-instance')
        for action in ACTIONS:
            if contract.supports('instances.' + action):
                method = getattr(contract.driver, action + '_instance')
                # Deltacloud answers an action on an unknown instance with 403.
                with pytest.raises((errors.NotFound, errors.Forbidden)):
                    method(contract.context, 'contract-no-such-instance')

    def test_instance_count(self, contract, cleanup):
        self._require(contract)
        if not contract.has_feature('instances', 'instance_count'):
            pytest.skip('instance_count not declared')
        created = fixtures.launch(contract, cleanup, instance_count=2)
        assert len({i.id for i in created}) == 2
        assert {i.id for i in created} <= instance_ids(contract)

    def test_declared_launch_features_are_honoured(self, contract, cleanup):
        self._require(contract)
        fields, checks = {}, []
        if contract.has_feature('instances', 'user_name'):
            fields['name'] = contract.unique('vm')
            checks.append(lambda i: i.name == fields['name'])
        if contract.has_feature('instances', 'authentication_key') and contract.supports(
                'keys.index'):
            keys = contract.driver.list_keys(contract.context)
            if keys:
                fields['keyname'] = keys[0].id
                checks.append(lambda i: i.keyname == fields['keyname'])
        if contract.has_feature('instances', 'user_data'):
            fields['user_data'] = base64.b64encode(b'#!/bin/sh\necho contract\n').decode()
        if not fields:
            pytest.skip('no launch feature with a visible effect declared')
        instance, = fixtures.launch(contract, cleanup, **fields)
        shown = contract.driver.get_instance(contract.context, instance.id)
        for check in checks:
            assert check(shown), shown

    def test_realm_filter(self, contract, cleanup):
        self._require(contract)
        if not contract.has_feature('instances', 'realm_filter'):
            pytest.skip('realm_filter not declared')
        instance, = fixtures.launch(contract, cleanup)
        same = contract.driver.list_instances(contract.context, realm_id=instance.realm_id)
        assert instance.id in {i.id for i in same}
        assert {i.realm_id for i in same} == {instance.realm_id}
        other = contract.driver.list_instances(contract.context, realm_id='contract-no-realm')
        assert other == []

    # -- refused launches leave nothing behind --------------------------------------------

    INVALID_LAUNCHES = {
        'missing image': lambda c: c.spec(image_id=''),
        'unknown image': lambda c: c.spec(image_id='contract-no-such-image'),
        'unknown hardware profile': lambda c: c.spec(hardware_profile_id='contract-no-such-hwp'),
        'unknown realm': lambda c: c.spec(realm_id='contract-no-such-realm'),
        'instance_count 0': lambda c: c.spec(instance_count=0),
        'instance_count too large': lambda c: c.spec(instance_count=1000),
    }

    @pytest.mark.parametrize('case', sorted(INVALID_LAUNCHES))
    def test_invalid_launch_is_refused(self, contract, case):
        self._require(contract)
        self._assert_refused(contract, self.INVALID_LAUNCHES[case](contract))

    def test_memory_outside_the_profile_range_is_refused(self, contract):
        self._require(contract)
        profile = _memory_range_profile(contract)
        if profile is None:
            pytest.skip('no hardware profile with a memory range')
        too_big = profile.properties['memory'].last + 1
        self._assert_refused(contract, contract.spec(
            hardware_profile_id=profile.id, hardware_profile_overrides={'memory': too_big}))

    @pytest.mark.parametrize('feature,field,value', [
        ('authentication_key', 'keyname', 'contract-no-such-key'),
        ('firewalls', 'firewall_ids', ['contract-no-such-firewall']),
    ])
    def test_unknown_launch_reference_is_refused(self, contract, feature, field, value):
        self._require(contract)
        if not contract.has_feature('instances', feature):
            pytest.skip('%s not declared' % feature)
        self._assert_refused(contract, contract.spec(**{field: value}))

    def _assert_refused(self, contract, spec):
        before = instance_ids(contract)
        with pytest.raises(errors.ValidationError):
            contract.driver.create_instance(contract.context, spec)
        assert instance_ids(contract) == before
