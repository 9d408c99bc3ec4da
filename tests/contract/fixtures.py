"""What a driver's contract run needs: its fixture, cleanup and state helpers."""

import dataclasses
import inspect
import time
import typing
import uuid

from iaas import collections
from iaas import driver as driver_mod
from iaas import errors
from iaas import models
from iaas import states

# A real OpenSSH RSA public key (its private half was thrown away) for import_key.
CONTRACT_PUBLIC_KEY = (
    'ssh-rsa '
    'AAAAB3NzaC1yc2EAAAADAQABAAABAQCu3gmaSg66COpbjWM6rS0PL0vdTv002ItfgkbTgSGIvTQQ3kEy'
    'GUfRbrmlm67Yb9f+teWPYPWLoACGaanmd8FHVXUdXL0TSaMU5Hz0Gg8nZPHk7G+ODO4M4ziXYRwfPDjw'
    '5v0dJtKeYQ/4P0NEe9Qkhp3ZmerRsk7gWm9sIoCfVXjd46HbIYWitFViIX57qOUsl9Oa8Svaib03PRuz'
    'fH45QX74yUUJpKOQk179MtCF0LKZIwssOeN6oUC/lrx9EhRs0Q1MtrNTURKF+UOwK93mYEQ7SCekdKfF'
    'OTA9GF4fyA6fNNsyTLYB/ZW3oJzVznosoid6h3VGE8v90qSs4fab'
    ' contract@example')


@dataclasses.dataclass
class ContractFixture:
    """Everything the contract needs from one driver; each driver's test module builds one.

    ``context`` must hold valid credentials, ``bad_context`` wrong ones. ``image_id``
    names an image that launches with the driver's defaults; ``hardware_profile_id`` and
    ``realm_id`` are valid choices for it (None: let the driver choose).
    """

    driver: driver_mod.Driver
    context: models.RequestContext
    bad_context: models.RequestContext
    image_id: str
    realm_id: typing.Optional[str] = None
    hardware_profile_id: typing.Optional[str] = None
    # Remote and real clouds take a while; the mock answers at once.
    timeout: float = 10.0
    poll_interval: float = 0.05
    network_block: str = '10.250.0.0/16'
    subnet_block: str = '10.250.1.0/24'
    public_key: str = CONTRACT_PUBLIC_KEY
    attach_device: str = '/dev/sdf'

    def supports(self, *operations):
        return all(op in self.driver.supported_operations(self.context) for op in operations)

    def has_feature(self, collection, feature):
        return self.driver.has_feature(self.context, collection, feature)

    @staticmethod
    def unique(kind):
        """A fresh name, recognisable as the contract's in a shared cloud."""
        return 'contract-%s-%s' % (kind, uuid.uuid4().hex[:8])

    def spec(self, **fields):
        values = {'image_id': self.image_id, 'realm_id': self.realm_id,
                  'hardware_profile_id': self.hardware_profile_id}
        values.update(fields)
        return models.InstanceSpec(**values)


class Cleanup:
    """Best-effort undo of what a test created, newest first, whatever the test's outcome."""

    def __init__(self):
        self._steps = []

    def add(self, func, *args):
        self._steps.append((func, args))

    def run(self):
        for func, args in reversed(self._steps):
            try:
                func(*args)
            except errors.IaasError:
                pass  # already gone, or the test destroyed it itself
        self._steps.clear()


def settle(machine, state):
    """The state ``state`` ends in once every automatic transition has happened."""
    seen = set()
    while state not in seen:
        seen.add(state)
        automatic = [t for t in machine.transitions(state) if t.automatic]
        if not automatic:
            return state
        state = automatic[0].to
    return state


def wait_for_state(fx, instance_id, expected):
    """Poll until the instance is in ``expected``; the last state seen in the failure."""
    deadline = time.monotonic() + fx.timeout
    while True:
        state = fx.driver.get_instance(fx.context, instance_id).state
        if state == expected:
            return state
        if time.monotonic() > deadline:
            raise AssertionError('instance %s is %s, not %s after %ss'
                                 % (instance_id, state, expected, fx.timeout))
        time.sleep(fx.poll_interval)


def wait_until_gone(fx, instance_id):
    """A destroyed instance disappears or shows FINISH (clouds list the dead a while)."""
    deadline = time.monotonic() + fx.timeout
    while True:
        try:
            state = fx.driver.get_instance(fx.context, instance_id).state
        except errors.NotFound:
            return
        if state == states.FINISH:
            return
        if time.monotonic() > deadline:
            raise AssertionError('instance %s is still %s after destroy' % (instance_id, state))
        time.sleep(fx.poll_interval)


def destroy_instance(fx, instance_id):
    """Take an instance down whatever its state: stop first where the machine demands it."""
    machine = fx.driver.state_machine
    try:
        state = fx.driver.get_instance(fx.context, instance_id).state
    except errors.NotFound:
        return
    if not machine.actions(state):
        state = wait_for_state(fx, instance_id, settle(machine, state))
    if 'destroy' not in machine.actions(state) and 'stop' in machine.actions(state):
        fx.driver.stop_instance(fx.context, instance_id)
        wait_for_state(fx, instance_id, settle(machine, machine.target(state, 'stop')))
    fx.driver.destroy_instance(fx.context, instance_id)


def launch(fx, cleanup, **fields):
    """Create instances from ``fx.spec(**fields)``, registered for cleanup, once running."""
    created = fx.driver.create_instance(fx.context, fx.spec(**fields))
    for instance in created:
        cleanup.add(destroy_instance, fx, instance.id)
    running = settle(fx.driver.state_machine, states.PENDING)
    for instance in created:
        wait_for_state(fx, instance.id, running)
    return created


def placeholder_args(fx, method):
    """Arguments that fit ``method``'s signature, for calling an unsupported operation."""
    values = {'spec': fx.spec(), 'sources': [], 'listeners': [], 'data': b'',
              'user_metadata': {}, 'port_from': 1, 'port_to': 1}
    args = []
    for name, param in list(inspect.signature(method).parameters.items())[1:]:
        if param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
            continue
        if param.default is param.empty:
            args.append(values.get(name, 'contract-placeholder'))
    return args


def all_operations():
    for collection in collections.COLLECTIONS.values():
        for op in collection.operations:
            yield collection, op, collections.operation_name(collection.name, op)
