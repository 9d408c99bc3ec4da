"""Validation of a launch request against a driver's own catalog, shared by every driver."""

import dataclasses

from iaas import errors

MAX_INSTANCE_COUNT = 100


@dataclasses.dataclass
class ResolvedLaunch:
    """A launch request whose references exist: what a driver needs to create the instances."""

    image: object
    realm: object
    profile: object
    overrides: dict       # only the properties that differ from the profile's defaults
    values: dict          # every concrete property value the instance gets


def _lookup(getter, context, object_id, what):
    try:
        return getter(context, object_id)
    except errors.NotFound:
        raise errors.ValidationError("%s '%s' does not exist." % (what, object_id)) from None


def default_profile(profiles, image):
    """Without ``hwp_id``: the first profile that fits the image's architecture (Deltacloud)."""
    for profile in profiles:
        arch = profile.properties.get('architecture')
        if arch is None or not image.architecture or arch.accepts(image.architecture):
            return profile
    raise errors.ValidationError(
        "No hardware profile fits the architecture '%s' of image '%s'."
        % (image.architecture, image.id))


def resolve(driver, context, spec):
    """Check ``spec`` (an InstanceSpec) against ``driver``'s catalog; 400 for anything unknown."""
    if not spec.image_id:
        raise errors.MissingParameter(name='image_id')
    if not 1 <= spec.instance_count <= MAX_INSTANCE_COUNT:
        raise errors.ValidationError('instance_count must be between 1 and %d'
                                     % MAX_INSTANCE_COUNT)
    image = _lookup(driver.get_image, context, spec.image_id, 'Image')
    if spec.realm_id:
        realm = _lookup(driver.get_realm, context, spec.realm_id, 'Realm')
    else:
        realm = driver.list_realms(context)[0]
    if spec.hardware_profile_id:
        profile = _lookup(driver.get_hardware_profile, context, spec.hardware_profile_id,
                          'Hardware profile')
    else:
        if spec.hardware_profile_overrides:
            raise errors.ValidationError('hwp_* parameters need hwp_id')
        profile = default_profile(driver.list_hardware_profiles(context), image)
    overrides = profile.resolve(spec.hardware_profile_overrides)
    values = dict(profile.defaults(), **overrides)
    return ResolvedLaunch(image, realm, profile, overrides, values)
