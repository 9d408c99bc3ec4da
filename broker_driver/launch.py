"""Launch requests checked against the broker's catalogs, and the placement that ranks accounts.

The saga that follows (reserve, create at a provider, record) is in saga.py.
"""

import base64
import binascii
import dataclasses
import math
import typing

from broker_core.catalog import hardware_profiles
from broker_core.catalog import images
from broker_core import errors as broker_errors
from broker_core import placement
from broker_core import policy
from broker_core import pools
from broker_driver import views
from iaas import errors
from iaas import launch as iaas_launch

# Launch parameters of features the broker does not offer (yet): refused, never ignored.
UNSUPPORTED = (('load_balancer_id', 'load_balancer_id'), ('snapshot_id', 'snapshot_id'),
               ('password', 'password'), ('metrics', 'metrics'))


class NoCandidate(errors.ServiceUnavailable):
    """No account of the pool can run the launch now; the message says why for each one."""

    msg_fmt = "No account of pool '%(pool)s' can run this launch: %(reasons)s"


@dataclasses.dataclass
class LaunchRequest:
    """A launch whose references exist in the broker's catalogs and which the user may make."""

    spec: typing.Any
    pool: dict
    image: dict
    profile: dict                 # the broker hardware profile row
    overrides: dict               # the properties asked to differ from the profile's defaults
    values: dict                  # every concrete property value asked for
    key: typing.Optional[dict] = None
    firewall_ids: list = dataclasses.field(default_factory=list)   # broker firewall ids

    @property
    def idempotency_key(self):
        return self.spec.extra.get('idempotency_key')

    @property
    def callback_url(self):
        return self.spec.extra.get('callback_url')

    def amounts(self):
        """What one instance of the request holds against quotas, but its cost."""
        return {'instances': 1,
                'vcpus': math.ceil(self.values.get('cpu', 0) or 0),
                'memory_mb': math.ceil(self.values.get('memory', 0) or 0),
                'storage_gb': math.ceil(self.values.get('storage', 0) or 0)}


def validate(driver, bctx, spec):
    """The LaunchRequest of ``spec``; 400 for anything unknown, 403 for a pool not the user's."""
    if not spec.image_id:
        raise errors.MissingParameter(name='image_id')
    if not 1 <= spec.instance_count <= iaas_launch.MAX_INSTANCE_COUNT:
        raise errors.ValidationError('instance_count must be between 1 and %d'
                                     % iaas_launch.MAX_INSTANCE_COUNT)
    if spec.instance_count != 1:
        raise errors.NotImplementedFeature('The broker launches one instance per request')
    for field, parameter in UNSUPPORTED:
        if getattr(spec, field):
            raise errors.NotImplementedFeature(
                "The broker does not support '%s' on launch" % parameter)
    check_user_data(spec.user_data)
    image = find_image(bctx, spec.image_id)
    pool = choose_pool(driver.conf, bctx, spec.realm_id)
    if not pool['enabled']:
        raise errors.ValidationError("Realm '%s' is unavailable" % pool['name'])
    profile, iaas_profile = choose_profile(bctx, spec, image)
    overrides = iaas_profile.resolve(spec.hardware_profile_overrides or {})
    values = dict(iaas_profile.defaults(), **overrides)
    key = find_key(driver, bctx, spec.keyname) if spec.keyname else None
    firewall_ids = find_firewalls(driver, bctx, spec.firewall_ids)
    return LaunchRequest(spec, pool, image, profile, overrides, values, key, firewall_ids)


def check_user_data(user_data):
    """User data must be base64 text, as the user_data feature defines it."""
    if user_data in (None, ''):
        return
    try:
        base64.b64decode(user_data, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise errors.ValidationError('user_data must be base64 encoded') from None


def find_image(bctx, image_id):
    """A broker image offered to the caller (public, or the caller's own)."""
    try:
        image = images.get_image(bctx, image_id)
    except broker_errors.ObjectNotFound:
        image = None
    if image is None or image['owner_id'] not in (None, bctx.user_id):
        raise errors.ValidationError("Image '%s' does not exist." % image_id)
    return image


def usable_pools(bctx):
    """The pools the caller may launch in, by name (disabled ones too: they show UNAVAILABLE)."""
    return [pool for pool in pools.list_pools(bctx)
            if policy.is_allowed(bctx, 'pool:use', {'pool_id': pool['id'],
                                                    'owner_id': bctx.user_id})]


def choose_pool(conf, bctx, realm_id):
    """The pool of the launch: the realm asked for, else the user's only pool or the default.

    An unknown realm is a 400; a pool the user may not use is a 403.
    """
    if realm_id:
        try:
            pool = pools.get_pool_by_name(bctx, realm_id)
        except broker_errors.ObjectNotFound:
            raise errors.ValidationError("Realm '%s' does not exist." % realm_id) from None
        if not policy.is_allowed(bctx, 'pool:use', {'pool_id': pool['id'],
                                                    'owner_id': bctx.user_id}):
            raise errors.Forbidden("You may not launch in realm '%s'" % realm_id)
        return pool
    usable = usable_pools(bctx)
    if not usable:
        raise errors.Forbidden('You may not launch in any realm')
    default = conf.broker_driver.default_pool
    for pool in usable:
        if pool['name'] == default:
            return pool
    if len(usable) == 1:
        return usable[0]
    raise errors.ValidationError('realm_id is required: you may launch in %s'
                                 % ', '.join(sorted(p['name'] for p in usable)))


def choose_profile(bctx, spec, image):
    """The broker profile named by ``hwp_id``, else the first fitting the image's architecture."""
    if spec.hardware_profile_id:
        try:
            row = hardware_profiles.get_hardware_profile_by_name(bctx, spec.hardware_profile_id)
        except broker_errors.ObjectNotFound:
            raise errors.ValidationError("Hardware profile '%s' does not exist."
                                         % spec.hardware_profile_id) from None
        return row, views.hardware_profile(row)
    if spec.hardware_profile_overrides:
        raise errors.ValidationError('hwp_* parameters need hwp_id')
    rows = hardware_profiles.list_hardware_profiles(bctx)
    profiles = [views.hardware_profile(row) for row in rows]
    chosen = iaas_launch.default_profile(profiles, views.image(image, '', profiles))
    return rows[profiles.index(chosen)], chosen


def find_key(driver, bctx, keyname):
    """The caller's broker key named ``keyname``; 400 when there is none.

    Keys belong to the access mixin (access.py); a driver composed without it refuses them.
    """
    if not hasattr(driver, 'key_named'):
        raise errors.NotImplementedFeature("The broker does not support 'keyname' on launch")
    try:
        return driver.key_named(bctx, keyname)
    except errors.NotFound:
        raise errors.ValidationError("Key '%s' does not exist." % keyname) from None


def find_firewalls(driver, bctx, firewall_ids):
    """The broker ids of the launch's firewalls (access.py resolves them; 400 if unknown)."""
    if not firewall_ids:
        return []
    if not hasattr(driver, 'resolve_firewalls'):
        raise errors.NotImplementedFeature("The broker does not support 'firewalls' on launch")
    return driver.resolve_firewalls(bctx, firewall_ids)


def placement_request(request, bctx, now):
    return placement.PlacementRequest(
        pool_id=request.pool['id'], owner_id=bctx.user_id,
        hardware_profile_id=request.profile['id'], hardware_values=dict(request.values),
        image_id=request.image['id'], realm=None, instance_count=1, now=now)


def refusal(pool, decision):
    """The error for a decision without any candidate: 403 when only quotas stood in the way."""
    reasons = '; '.join('%s: %s' % (d.candidate.account_name, d.reason)
                        for d in decision.dropped) or 'the pool has no accounts'
    if decision.dropped and all(d.filter == 'quota' for d in decision.dropped):
        return 'quota', errors.Forbidden('Quota exceeded in realm %s: %s'
                                         % (pool['name'], reasons))
    return 'no_candidate', NoCandidate(pool=pool['name'], reasons=reasons)
