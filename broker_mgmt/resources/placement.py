"""Placement explained: the stored decision of a past launch."""

from broker_core import placements
from broker_mgmt.resources import base
from broker_mgmt import schemas as s

NULLABLE_ID = s.nullable(s.ID)
PLACEMENT = base.Kind(
    'placement', 'placements',
    schema=s.record({'id': s.ID, 'instance_id': NULLABLE_ID, 'pool_id': NULLABLE_ID,
                     'user_id': NULLABLE_ID, 'account_id': NULLABLE_ID,
                     'outcome': s.TEXT, 'decision': s.OBJECT,
                     'attempts': {'type': 'array', 'items': s.OBJECT}}))


class Placement(base.Item):
    """A launch's decision: by the placement's id, or the latest of an instance by its id."""

    kind = PLACEMENT
    operations = PLACEMENT.item_operations(delete=False)

    def fetch(self, caller, placement_id):
        return placements.get_placement(caller, placement_id)


def routes(services):
    return [('/placements/{placement_id}', Placement(services))]
