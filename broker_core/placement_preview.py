"""A launch's placement worked out without launching: the ranked candidates and why."""

import math

from broker_core import candidates
from broker_core.catalog import hardware_profiles
from broker_core.catalog import images
from broker_core.db import api as db_api
from broker_core import errors
from broker_core import hardware
from broker_core import identity
from broker_core import placement
from broker_core import policy
from broker_core import pools
from broker_core import quotas

# Hardware property -> the quota amount it counts as (rounded up, as a launch reserves it).
_COUNTED = {'cpu': 'vcpus', 'memory': 'memory_mb', 'storage': 'storage_gb'}


@db_api.reader
def preview_launch(context, conf, *, pool_id, hardware_profile_id, image_id, overrides=None,
                   owner_id=None, now=None):
    """The Decision (as ``Decision.to_dict``) a launch in ``pool_id`` would get now.

    Nothing is reserved, stored or sent to a provider. ``owner_id`` (default: the caller)
    is whose quotas count; only those who may launch in the pool for that owner may ask.
    ObjectNotFound for an unknown pool, profile or image (an image of another user too).
    """
    owner_id = owner_id or context.user_id
    if owner_id is None:
        raise errors.Invalid(field='owner_id', reason='required when the caller is no user')
    pool = pools.get_pool(context, pool_id)
    policy.authorize(context, 'pool:use', {'pool_id': pool['id'], 'owner_id': owner_id})
    identity.get_user(context, owner_id)
    profile = hardware_profiles.get_hardware_profile(context, hardware_profile_id)
    image = images.get_image(context, image_id)
    if image['owner_id'] not in (None, owner_id):
        raise errors.ObjectNotFound(kind='image', ident=image_id)
    wanted = hardware_profiles.requirements(hardware.load_properties(profile['properties']),
                                            overrides)
    found = candidates.build(
        context, pool_id=pool['id'], owner_id=owner_id, hardware_profile_id=profile['id'],
        overrides=overrides or {}, image_id=image['id'], amounts=amounts_of(wanted),
        quota_defaults=quotas.defaults_from(conf))
    request = placement.PlacementRequest(
        pool_id=pool['id'], owner_id=owner_id, hardware_profile_id=profile['id'],
        hardware_values=wanted, image_id=image['id'], now=now)
    decision = placement.place(request, found, placement.Policy.from_dict(pool['policy'], conf))
    return decision.to_dict()


def amounts_of(wanted):
    """What one instance with the ``wanted`` hardware holds against quotas, but its cost."""
    amounts = {'instances': 1}
    for prop, resource in _COUNTED.items():
        amounts[resource] = math.ceil(wanted.get(prop) or 0)
    return amounts
