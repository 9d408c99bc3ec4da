"""Machine actions: POST an Action to ``/cimi/machines/<id>/<start|stop|restart>``; 202.

An action is offered (as an operation) when the machine's state allows it in the driver's
state machine and the driver supports it. The Action's ``action`` URI must be the one its
href stands for. A delete takes a running machine down first where the state machine needs
a stop before a destroy (the mock's): CIMI lets a client delete a machine in any state.
"""

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi import render
from iaas import errors
from iaas import models

INSTANCES = kinds.driver_collection('instances')
# CIMI action -> the driver's instance action.
ACTIONS = {'start': 'start', 'stop': 'stop', 'restart': 'reboot'}
_CIMI_NAMES = {driver: cimi for cimi, driver in ACTIONS.items()}
_DESCRIPTIONS = {'start': 'Start the machine', 'stop': 'Stop the machine',
                 'restart': 'Restart the machine'}


def _supports(ctx, driver_action):
    return ctx.session.supports('instances.' + driver_action)


def allowed(ctx, instance):
    """CIMI actions the machine's state allows and the driver supports, in machine order."""
    return [_CIMI_NAMES[action]
            for action in ctx.driver.state_machine.actions(instance.state or '')
            if action in _CIMI_NAMES and _supports(ctx, action)]


def destroy_path(ctx, state):
    """The driver actions that delete a machine in ``state``, or None when none can."""
    machine = ctx.driver.state_machine
    actions = machine.actions(state or '')
    if 'destroy' in actions:
        return ['destroy']
    if 'stop' in actions and _supports(ctx, 'stop') \
            and 'destroy' in machine.actions(machine.target(state, 'stop')):
        return ['stop', 'destroy']
    return None


def requested_action(doc, expected):
    """The CIMI action name of an Action document; 400 unless it is ``expected``'s URI."""
    uri = body.text(doc, 'action', required=True)
    name = uri[len(documents.ACTION_PREFIX):] if uri.startswith(documents.ACTION_PREFIX) \
        else None
    if name not in ACTIONS:
        raise errors.ValidationError("Unknown action '%s'; a machine knows %s" % (
            uri, ', '.join(documents.action_uri(a) for a in ACTIONS)))
    if name != expected:
        raise errors.ValidationError("Action '%s' was posted to the href of '%s'"
                                     % (uri, documents.action_uri(expected)))
    return name


class ActionResource:
    """``POST /cimi/machines/<id>/<action>`` with an Action document."""

    def __init__(self, kind, action):
        self.kind = kind
        self.action = action

    def on_post(self, req, resp, object_id):
        ctx = req.context.cimi
        self.kind.check(ctx)
        doc = body.read_document(req, ctx.max_body, ('Action',))
        requested_action(doc, self.action)
        self.kind.instance(ctx, object_id)
        result = ctx.session.call(INSTANCES, ACTIONS[self.action], object_id)
        instance = result if isinstance(result, models.Instance) \
            else self.kind.instance(ctx, object_id)
        render.resource(req, resp, self.kind, self.kind.object_document(ctx, instance),
                        status=202)


def metadata(ctx):
    """ResourceMetadata actions of Machine: those the driver supports."""
    return [{'name': name, 'uri': documents.action_uri(name),
             'description': _DESCRIPTIONS[name], 'method': 'POST',
             'inputMessage': 'application/json', 'outputMessage': 'application/json'}
            for name, driver_action in ACTIONS.items() if _supports(ctx, driver_action)]


def add_routes(app, kind):
    for action in ACTIONS:
        app.add_route('/%s/{object_id}/%s' % (kind.segment, action), ActionResource(kind, action))
