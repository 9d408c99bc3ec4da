"""Broker records as the IaaS value objects clients see: pools as realms, catalogs, instances."""

import ipaddress

from broker_core import hardware as broker_hardware
from iaas import models
from iaas import states

# The broker's own instance state machine: Deltacloud's mock, plus the states providers
# report on the way (STOPPING, SHUTTING_DOWN) and ERROR, from which an instance is destroyed.
STATE_MACHINE = states.StateMachine({
    states.START: [states.Transition(states.PENDING, 'create')],
    states.PENDING: [states.Transition(states.RUNNING)],
    states.RUNNING: [states.Transition(states.RUNNING, 'reboot'),
                     states.Transition(states.STOPPED, 'stop')],
    states.STOPPING: [states.Transition(states.STOPPED)],
    states.STOPPED: [states.Transition(states.RUNNING, 'start'),
                     states.Transition(states.FINISH, 'destroy')],
    states.SHUTTING_DOWN: [states.Transition(states.FINISH)],
    states.ERROR: [states.Transition(states.FINISH, 'destroy')],
    states.FINISH: [],
})
# States a provider moves out of by itself; an instance in one is asked about when shown.
TRANSITIONAL = frozenset((states.PENDING, states.STOPPING, states.SHUTTING_DOWN))
PUBLIC_IMAGE_OWNER = ''


def realm(pool):
    """A pool as a realm: its name is the id, a disabled pool is UNAVAILABLE."""
    return models.Realm(id=pool['name'], name=pool['description'] or pool['name'],
                        state='AVAILABLE' if pool['enabled'] else 'UNAVAILABLE')


def hardware_profile(profile):
    """A broker hardware profile, named by its name (as Deltacloud's m1-small)."""
    return models.HardwareProfile(
        id=profile['name'], name=profile['name'],
        properties=broker_hardware.load_properties(profile['properties']),
        extra={'description': profile['description']} if profile['description'] else {})


def fits_architecture(profile, architecture):
    prop = profile.properties.get('architecture')
    return prop is None or not architecture or prop.accepts(architecture)


def image(row, owner_name, profiles):
    """A broker image; ``profiles`` (iaas profiles) are those offered for its architecture."""
    properties = row['properties'] or {}
    return models.Image(
        id=row['id'], name=row['name'], description=row['description'] or '',
        owner_id=owner_name if row['owner_id'] else PUBLIC_IMAGE_OWNER,
        architecture=row['architecture'] or '',
        state=str(properties.get('state', 'AVAILABLE')).upper(),
        root_type=str(properties.get('root_type', 'transient')),
        creation_time=row['created_at'].strftime('%Y-%m-%d %H:%M:%S +0000'),
        hardware_profile_ids=[p.id for p in profiles
                              if fits_architecture(p, row['architecture'])])


def address(value):
    """An address as recorded (a string) with its type told from its form."""
    try:
        kind = 'ipv%d' % ipaddress.ip_address(value).version
    except ValueError:
        kind = 'hostname'
    return models.AddressValue(value, kind)


def instance(row, owner_name, pool_names, profiles, key_names=None):
    """An instance record as the client sees it: broker ids, recorded state and addresses.

    ``pool_names`` maps pool ids to names, ``profiles`` broker profile ids to iaas
    profiles, ``key_names`` key ids to names.
    """
    profile = profiles.get(row['hardware_profile_id'])
    return models.Instance(
        id=row['id'], name=row['name'] or row['id'], state=row['state'], owner_id=owner_name,
        image_id=row['image_id'] or '', realm_id=pool_names.get(row['pool_id'], ''),
        hardware_profile_id=profile.id if profile is not None else '',
        hardware_profile_overrides=_overrides(profile, row['hardware']),
        public_addresses=[address(a) for a in row['public_addresses'] or []],
        private_addresses=[address(a) for a in row['private_addresses'] or []],
        firewall_ids=list(row['firewall_ids'] or []),
        keyname=(key_names or {}).get(row['key_id']),
        launch_time=(row['launched_at'] or row['created_at']).strftime(
            '%Y-%m-%d %H:%M:%S +0000'),
        create_image=False)


def _overrides(profile, hardware):
    """The values of ``hardware`` that differ from the profile's defaults."""
    if profile is None:
        return {}
    defaults = profile.defaults()
    return {name: value for name, value in (hardware or {}).items()
            if name in defaults and defaults[name] != value}
