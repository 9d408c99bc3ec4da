"""Placement explained: a launch's ranking worked out without launching, and past decisions."""

from broker_core import placement_preview
from broker_core import placements
from broker_mgmt import operations as ops
from broker_mgmt.resources import base
from broker_mgmt import schemas as s

NULLABLE_ID = s.nullable(s.ID)
DECISION = s.obj({
    'version': s.INTEGER, 'request': s.OBJECT, 'policy': s.OBJECT,
    'chosen': s.nullable(s.OBJECT),
    'attempts': {'type': 'array', 'items': s.OBJECT,
                 'description': 'the failover order, the chosen account first'},
    'draw': s.nullable(s.OBJECT),
    'counts': s.OBJECT,
    'ranked': {'type': 'array', 'items': s.OBJECT,
               'description': 'surviving candidates best first, with every score'},
    'dropped': {'type': 'array', 'items': s.OBJECT,
                'description': 'candidates a filter refused, and why'},
}, required=['request', 'policy', 'chosen', 'attempts', 'ranked', 'dropped'], additional=True)
PLACEMENT = base.Kind(
    'placement', 'placements',
    schema=s.record({'id': s.ID, 'instance_id': NULLABLE_ID, 'pool_id': NULLABLE_ID,
                     'user_id': NULLABLE_ID, 'account_id': NULLABLE_ID,
                     'outcome': s.TEXT, 'decision': s.OBJECT,
                     'attempts': {'type': 'array', 'items': s.OBJECT}}))
OVERRIDE = {'type': ['number', 'string']}
LAUNCH = s.obj({
    'pool_id': s.ID, 'hardware_profile_id': s.ID, 'image_id': s.ID,
    'overrides': s.obj({name: OVERRIDE for name in ('cpu', 'memory', 'storage',
                                                    'architecture')},
                       description="values asked to differ from the profile's defaults"),
    'owner_id': dict(s.ID, description="whose quotas count (admins only); default: the caller's"),
}, required=['pool_id', 'hardware_profile_id', 'image_id'])


class Preview(ops.Resource):
    """POST a launch request: its candidates ranked as a launch would rank them; no launch."""

    tag = 'placements'
    operations = {'POST': ops.Operation(
        'Rank the accounts of a pool for a launch without launching; say why',
        response=DECISION, body=LAUNCH)}

    def on_post(self, req, resp):
        with ops.references(pool='pool_id', hardware_profile='hardware_profile_id',
                            image='image_id', user='owner_id'):
            decision = placement_preview.preview_launch(req.context.caller, self.conf,
                                                        **req.context.body)
        resp.media = decision


class Placement(base.Item):
    """A launch's decision: by the placement's id, or the latest of an instance by its id."""

    kind = PLACEMENT
    operations = PLACEMENT.item_operations(delete=False)

    def fetch(self, caller, placement_id):
        return placements.get_placement(caller, placement_id)


def routes(services):
    return [('/placement', Preview(services)),
            ('/placements/{placement_id}', Placement(services))]
