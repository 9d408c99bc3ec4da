"""``/cimi/machineConfigurations``: the driver's hardware profiles as MachineConfigurations.

CIMI sizes are KiB: a profile's memory (MB) and storage (GB) are converted. A profile with a
range or a choice of values is shown with its default; one with neither cpu, memory nor
storage (the mock's ``opaque``) configures nothing and is not a MachineConfiguration.
"""

from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas import errors

HARDWARE_PROFILES = kinds.driver_collection('hardware_profiles')
KIB_PER_MB = 1024
KIB_PER_GB = 1024 * 1024
DISK_FORMAT = 'unknown'  # drivers do not say how a profile's disk is formatted
_SIZING = ('cpu', 'memory', 'storage')


def kib(value, per_unit):
    return int(round(float(value) * per_unit))


def sizing(values):
    """``{"cpu", "memory", "disks"}`` in CIMI units from profile values (cpu, MB, GB)."""
    result = {}
    if values.get('cpu') is not None:
        result['cpu'] = int(values['cpu'])
    if values.get('memory') is not None:
        result['memory'] = kib(values['memory'], KIB_PER_MB)
    if values.get('architecture'):
        result['cpuArch'] = values['architecture']
    if values.get('storage') is not None:
        result['disks'] = [{'capacity': kib(values['storage'], KIB_PER_GB),
                            'format': DISK_FORMAT}]
    return result


def configures(profile):
    return any(name in profile.properties for name in _SIZING)


class MachineConfigurations(kinds.Kind):
    type_name = 'MachineConfiguration'
    segment = 'machineConfigurations'
    entry_key = 'machineConfigs'
    requires = ('hardware_profiles.index',)

    def document(self, ctx, profile):
        doc = self.start_document(ctx, profile.id, name=profile.name,
                                  description=profile.extra.get('description'))
        doc.update(sizing(profile.defaults()))
        return documents.finish(doc)

    def list(self, ctx):
        profiles = ctx.session.call(HARDWARE_PROFILES, 'index')
        return [self.document(ctx, p) for p in profiles if configures(p)]

    def get(self, ctx, object_id):
        return self.document(ctx, self.profile(ctx, object_id))

    def profile(self, ctx, object_id):
        """The hardware profile behind a MachineConfiguration id; NotFound otherwise."""
        profile = ctx.session.call(HARDWARE_PROFILES, 'show', object_id)
        if not configures(profile):
            raise errors.NotFound("Hardware profile '%s' is not a machine configuration"
                                  % object_id)
        return profile


KIND = MachineConfigurations()
