"""``/cimi/machines/<id>/disks``: a machine's disks, from its hardware profile's storage.

A profile gives one storage size (GB); the machine's own override of it wins. A disk's id
is its position (``.../disks/0``), its capacity in KiB; disks are not added or removed here.
A machine whose profile gives no storage has no disks.
"""

from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import machine_configurations
from iaas.api.cimi.resources import machine_parts
from iaas.api.cimi import timestamps

HARDWARE_PROFILES = kinds.driver_collection('hardware_profiles')


class MachineDisks(machine_parts.MachinePart):
    type_name = 'MachineDisk'
    segment = 'machineDisks'
    part = 'disks'
    requires = ('instances.index', 'hardware_profiles.index')

    def _profiles(self, ctx):
        return ctx.cached('machineDisks.profiles', lambda: {
            p.id: p for p in ctx.session.call(HARDWARE_PROFILES, 'index')})

    def members(self, ctx, instance):
        profile = self._profiles(ctx).get(instance.hardware_profile_id)
        if profile is None:
            return []
        values = dict(profile.defaults(), **instance.hardware_profile_overrides)
        disks = machine_configurations.sizing(values).get('disks', [])
        created = timestamps.iso8601(instance.launch_time)
        return [documents.finish(dict(
            self.start_member(ctx, instance.id, str(position), created=created),
            capacity=disk['capacity']))
            for position, disk in enumerate(disks)]


KIND = MachineDisks()


def add_routes(app, kind):
    machine_parts.add_routes(app, kind)
