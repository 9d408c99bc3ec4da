"""The instance state machines as Deltacloud publishes them."""

import pytest

from iaas import errors
from iaas import states


def test_default_machine_matches_deltacloud_mock():
    machine = states.DEFAULT
    assert machine.states == ['START', 'PENDING', 'RUNNING', 'STOPPED', 'FINISH']
    assert machine.actions('START') == ['create']
    assert machine.actions('PENDING') == []
    assert [(t.to, t.automatic) for t in machine.transitions('PENDING')] == [('RUNNING', True)]
    assert machine.actions('RUNNING') == ['reboot', 'stop']
    assert machine.actions('STOPPED') == ['start', 'destroy']
    assert machine.transitions('FINISH') == ()


def test_ec2_machine_stops_through_stopping():
    machine = states.EC2_LIKE
    assert machine.target('RUNNING', 'stop') == 'STOPPING'
    assert [t.to for t in machine.transitions('STOPPING') if t.automatic] == ['STOPPED']
    assert machine.target('RUNNING', 'destroy') == 'SHUTTING_DOWN'
    assert machine.target('STOPPED', 'start') == 'PENDING'
    assert machine.target('STOPPED', 'destroy') == 'SHUTTING_DOWN'


@pytest.mark.parametrize('machine,state,action,target', [
    (states.DEFAULT, 'RUNNING', 'reboot', 'RUNNING'),
    (states.DEFAULT, 'RUNNING', 'stop', 'STOPPED'),
    (states.DEFAULT, 'running', 'stop', 'STOPPED'),
    (states.DEFAULT, 'STOPPED', 'start', 'RUNNING'),
    (states.DEFAULT, 'STOPPED', 'destroy', 'FINISH'),
    (states.DEFAULT, 'START', 'create', 'PENDING'),
])
def test_target(machine, state, action, target):
    assert machine.target(state, action) == target
    machine.check(state, action)


@pytest.mark.parametrize('machine,state,action', [
    (states.DEFAULT, 'RUNNING', 'destroy'),
    (states.DEFAULT, 'RUNNING', 'start'),
    (states.DEFAULT, 'STOPPED', 'stop'),
    (states.DEFAULT, 'STOPPED', 'reboot'),
    (states.DEFAULT, 'PENDING', 'stop'),
    (states.DEFAULT, 'FINISH', 'start'),
    (states.DEFAULT, 'NO-SUCH-STATE', 'stop'),
    (states.EC2_LIKE, 'STOPPING', 'start'),
    (states.EC2_LIKE, 'SHUTTING_DOWN', 'destroy'),
])
def test_forbidden_actions_are_405(machine, state, action):
    with pytest.raises(errors.MethodNotAllowed) as raised:
        machine.target(state, action)
    assert raised.value.code == 405
    with pytest.raises(errors.MethodNotAllowed):
        machine.check(state, action)


def test_every_target_is_a_state():
    for machine in (states.DEFAULT, states.EC2_LIKE):
        for state in machine.states:
            for transition in machine.transitions(state):
                assert transition.to in machine.states
                assert transition.automatic or transition.action in states.ACTIONS
