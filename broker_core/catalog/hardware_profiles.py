"""Broker hardware profiles and matching them to the smallest fitting provider profile."""

import decimal
import logging

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import helpers
from broker_core.db import models
from broker_core import errors
from broker_core import events
from broker_core import hardware
from broker_core import validation as check
from iaas import errors as iaas_errors
from iaas import hardware as iaas_hardware

LOG = logging.getLogger(__name__)
UNSET = check.UNSET
KIND = 'hardware profile'
# Sorts a profile without a known price after every priced one.
NO_PRICE = decimal.Decimal('Infinity')


def render(profile):
    return dict({'id': profile.id, 'name': profile.name, 'description': profile.description,
                 'properties': dict(profile.properties or {})}, **helpers.timestamps(profile))


@db_api.writer
def create_hardware_profile(context, name, properties, description=None):
    """A new broker profile; ``properties`` in the fixed/range/enum form of broker_core.hardware."""
    row = models.HardwareProfile(name=check.name('name', name),
                                 properties=hardware.normalize(properties),
                                 description=check.text('description', description))
    taken = sa.select(models.HardwareProfile.id).where(models.HardwareProfile.name == name)
    if helpers.exists(context, taken):
        raise errors.ObjectExists(kind=KIND, ident=name)
    context.session.add(row)
    helpers.flush_unique(context, KIND, name)
    events.record(context, 'hardware_profile.create', 'hardware_profile', row.id,
                  details={'name': name, 'properties': row.properties})
    return render(row)


@db_api.reader
def get_hardware_profile(context, profile_id):
    return render(helpers.get_or_raise(context, models.HardwareProfile, profile_id, KIND))


@db_api.reader
def get_hardware_profile_by_name(context, name):
    return render(helpers.get_by_name_or_raise(context, models.HardwareProfile, name, KIND))


@db_api.reader
def list_hardware_profiles(context):
    statement = sa.select(models.HardwareProfile).order_by(models.HardwareProfile.name)
    return [render(row) for row in context.session.scalars(statement)]


@db_api.writer
def update_hardware_profile(context, profile_id, *, name=UNSET, description=UNSET,
                            properties=UNSET):
    """Change the given fields; properties are replaced as a whole."""
    row = helpers.get_or_raise(context, models.HardwareProfile, profile_id, KIND)
    changes = {}
    if name is not UNSET:
        changes['name'] = check.name('name', name)
    if description is not UNSET:
        changes['description'] = check.text('description', description)
    if properties is not UNSET:
        changes['properties'] = hardware.normalize(properties)
    for field, value in changes.items():
        setattr(row, field, value)
    helpers.flush_unique(context, KIND, row.name)
    events.record(context, 'hardware_profile.update', 'hardware_profile', row.id,
                  details={'changed': sorted(changes)})
    return render(row)


@db_api.writer
def delete_hardware_profile(context, profile_id):
    """Delete a profile; InUse while live instances were launched with it."""
    row = helpers.get_or_raise(context, models.HardwareProfile, profile_id, KIND)
    live = helpers.count_live(context, hardware_profile_id=row.id)
    if live:
        raise errors.InUse(kind=KIND, ident=row.name, reason='%d live instances' % live)
    context.session.delete(row)
    context.session.flush()
    events.record(context, 'hardware_profile.delete', 'hardware_profile', row.id,
                  details={'name': row.name})


def requirements(properties, overrides):
    """The values a launch asks for: the profile's defaults with valid ``overrides`` applied."""
    if overrides is None:
        overrides = {}
    if not isinstance(overrides, dict):
        raise errors.Invalid(field='overrides', reason='a dict is required')
    wanted = {name: prop.value for name, prop in properties.items()}
    for name, raw in overrides.items():
        field = 'overrides.%s' % name
        prop = properties.get(name)
        if prop is None:
            raise errors.Invalid(field=field, reason='the profile has no such property')
        try:
            value = iaas_hardware.parse_value(name, raw)
        except iaas_errors.ValidationError as exc:
            raise errors.Invalid(field=field, reason=exc.message) from None
        if not prop.accepts(value):
            raise errors.Invalid(field=field, reason='%s is not allowed by the profile' % raw)
        wanted[name] = value
    return wanted


@db_api.reader
def match_profile(context, broker_hwp, requested_overrides, account_id):
    """The smallest provider profile of the account meeting the request, or None.

    The request is the broker profile ``broker_hwp`` (its id) with ``requested_overrides``.
    Smallest means fewest cpus, then least memory, then least storage, then lowest price
    (unknown last), each counted in the concrete values the provider profile would give.
    Returns the provider profile with ``hardware``, those concrete values.
    """
    broker_row = helpers.get_or_raise(context, models.HardwareProfile, broker_hwp, KIND)
    account = helpers.get_or_raise(context, models.ProviderAccount, account_id, 'account')
    wanted = requirements(hardware.load_properties(broker_row.properties), requested_overrides)
    model = models.ProviderHardwareProfile
    candidates = []
    for row in context.session.scalars(sa.select(model).where(
            model.account_id == account.id, model.vanished_at.is_(None))):
        concrete = hardware.concrete_values(hardware.load_properties(row.properties), wanted)
        if concrete is not None:
            price = NO_PRICE if row.price_per_hour is None else row.price_per_hour
            candidates.append(((hardware.size_key(concrete), price, row.provider_profile_id),
                               row, concrete))
    if not candidates:
        LOG.debug('No profile of account %s satisfies %s', account.name, wanted)
        return None
    _, row, concrete = min(candidates, key=lambda candidate: candidate[0])
    return {'provider_hardware_profile_id': row.id, 'account_id': row.account_id,
            'provider_profile_id': row.provider_profile_id, 'name': row.name,
            'price_per_hour': row.price_per_hour, 'hardware': concrete}
