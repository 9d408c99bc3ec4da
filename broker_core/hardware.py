"""Hardware profile properties in their stored form, to and from iaas.hardware, validated."""

from broker_core import errors
from iaas import errors as iaas_errors
from iaas import hardware

ORDER = ('cpu', 'memory', 'storage')


def dump_property(prop):
    """The stored form of an iaas HardwareProperty: a dict with ``kind`` and its values."""
    if prop.kind == 'range':
        return {'kind': 'range', 'first': prop.first, 'last': prop.last, 'value': prop.value}
    if prop.kind == 'enum':
        return {'kind': 'enum', 'values': list(prop.values), 'value': prop.value}
    return {'kind': 'fixed', 'value': prop.value}


def dump_properties(properties):
    """Stored form of ``{name: HardwareProperty}``."""
    return {name: dump_property(prop) for name, prop in sorted(properties.items())}


def load_property(name, spec):
    """A HardwareProperty from its stored form; Invalid naming the property when malformed.

    ``spec`` is ``{'kind': 'fixed', 'value': 2}``, ``{'kind': 'range', 'first': 1,
    'last': 8[, 'value': 2]}`` or ``{'kind': 'enum', 'values': [1, 2][, 'value': 1]}``; a
    bare number or label is short for a fixed value.
    """
    field = 'properties.%s' % name
    if name not in hardware.UNITS:
        raise errors.Invalid(field=field, reason='unknown property; known are %s'
                             % ', '.join(sorted(hardware.UNITS)))
    if not isinstance(spec, dict):
        spec = {'kind': 'fixed', 'value': spec}
    kind = spec.get('kind')
    allowed = {'fixed': {'kind', 'value'}, 'range': {'kind', 'first', 'last', 'value'},
               'enum': {'kind', 'values', 'value'}}.get(kind)
    if allowed is None:
        raise errors.Invalid(field=field, reason="kind must be fixed, range or enum")
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise errors.Invalid(field=field, reason='unknown keys %s' % ', '.join(unknown))
    values = spec.get('values')
    if kind == 'enum' and not isinstance(values, list):
        raise errors.Invalid(field=field, reason='an enum needs a list of values')
    try:
        return hardware.HardwareProperty(name, kind, value=spec.get('value'),
                                         first=spec.get('first'), last=spec.get('last'),
                                         values=list(values or []))
    except iaas_errors.ValidationError as exc:
        raise errors.Invalid(field=field, reason=exc.message) from None


def load_properties(properties):
    """``{name: HardwareProperty}`` from the stored form; Invalid naming a malformed one."""
    if not isinstance(properties, dict):
        raise errors.Invalid(field='properties', reason='a dict of properties is required')
    return {name: load_property(name, spec) for name, spec in properties.items()}


def normalize(properties):
    """Validated stored form of ``properties``, defaults filled in."""
    return dump_properties(load_properties(properties))


def concrete_values(properties, requirements):
    """Concrete values meeting every requirement, or None.

    Numbers take the smallest value at least the one required (fixed as is, a range clamped
    up, the smallest enum entry); labels must be accepted as they are. Properties not
    required take their default.
    """
    concrete = {name: prop.value for name, prop in properties.items()}
    for name, wanted in requirements.items():
        prop = properties.get(name)
        if prop is None:
            return None
        if name in hardware.NUMERIC:
            value = prop.smallest_satisfying(wanted)
        else:
            value = wanted if prop.accepts(wanted) else None
        if value is None:
            return None
        concrete[name] = value
    return concrete


def size_key(concrete):
    """Sort key making "smaller" mean fewer cpus, then less memory, then less storage."""
    return tuple(concrete.get(name) or 0 for name in ORDER)
