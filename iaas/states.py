"""Instance state machines: the states, the actions that move between them, and checks on them."""

import dataclasses

from iaas import errors

START, PENDING, RUNNING, STOPPING, STOPPED, SHUTTING_DOWN, FINISH, ERROR = (
    'START', 'PENDING', 'RUNNING', 'STOPPING', 'STOPPED', 'SHUTTING_DOWN', 'FINISH', 'ERROR')
# The actions a client can ask for; 'create' is the launch itself.
ACTIONS = ('create', 'start', 'stop', 'reboot', 'destroy')


@dataclasses.dataclass(frozen=True)
class Transition:
    to: str
    action: str = None  # None for an automatic transition

    @property
    def automatic(self):
        return self.action is None


class StateMachine:
    """States in order, each with its transitions; states are upper case as in response bodies."""

    def __init__(self, transitions):
        self._transitions = {state: tuple(trs) for state, trs in transitions.items()}

    @property
    def states(self):
        return list(self._transitions)

    def transitions(self, state):
        return self._transitions.get(state.upper(), ())

    def actions(self, state):
        """The actions allowed from ``state`` in machine order (what an instance's links show)."""
        return [t.action for t in self.transitions(state) if not t.automatic]

    def target(self, state, action):
        """The state ``action`` leads to from ``state``; 405 when the state does not allow it."""
        for transition in self.transitions(state):
            if transition.action == action:
                return transition.to
        raise errors.MethodNotAllowed()

    def check(self, state, action):
        self.target(state, action)


def _t(to, action=None):
    return Transition(to, action)


# Deltacloud's mock: running instances must be stopped before they are destroyed.
DEFAULT = StateMachine({
    START: [_t(PENDING, 'create')],
    PENDING: [_t(RUNNING)],
    RUNNING: [_t(RUNNING, 'reboot'), _t(STOPPED, 'stop')],
    STOPPED: [_t(RUNNING, 'start'), _t(FINISH, 'destroy')],
    FINISH: [],
})

# EC2-like clouds: stop goes through STOPPING; terminate works from running and stopped.
EC2_LIKE = StateMachine({
    START: [_t(PENDING, 'create')],
    PENDING: [_t(RUNNING)],
    RUNNING: [_t(RUNNING, 'reboot'), _t(STOPPING, 'stop'), _t(SHUTTING_DOWN, 'destroy')],
    STOPPING: [_t(STOPPED)],
    STOPPED: [_t(PENDING, 'start'), _t(SHUTTING_DOWN, 'destroy')],
    SHUTTING_DOWN: [_t(FINISH)],
    FINISH: [],
})
