"""Hardware profiles: fixed, range and enum properties, launch overrides and matching."""

import dataclasses
import typing

from iaas import errors

UNITS = {'cpu': 'count', 'memory': 'MB', 'storage': 'GB', 'architecture': 'label'}
NUMERIC = ('cpu', 'memory', 'storage')
KINDS = ('fixed', 'range', 'enum')


def parse_value(name, raw):
    """Turn a property value given as text (a form field) into its number or label."""
    if name not in UNITS:
        raise errors.ValidationError("Unknown hardware property '%s'" % name)
    if name not in NUMERIC:
        text = str(raw).strip()
        if not text:
            raise errors.ValidationError("Hardware property '%s' must not be empty" % name)
        return text
    if isinstance(raw, bool):
        raise errors.ValidationError("Hardware property '%s' must be a number" % name)
    if isinstance(raw, (int, float)):
        number = raw
    else:
        try:
            number = float(str(raw).strip())
        except ValueError:
            raise errors.ValidationError(
                "Hardware property '%s' must be a number, not '%s'" % (name, raw)) from None
    if number != number or number in (float('inf'), float('-inf')) or number < 0:
        raise errors.ValidationError("Hardware property '%s' is out of range: %s" % (name, raw))
    return int(number) if float(number).is_integer() else float(number)


@dataclasses.dataclass
class HardwareProperty:
    name: str
    kind: str
    value: typing.Any = None          # the default (fixed value, range first, enum first)
    first: typing.Any = None          # range only
    last: typing.Any = None           # range only
    values: list = dataclasses.field(default_factory=list)  # enum only

    def __post_init__(self):
        if self.kind not in KINDS:
            raise errors.ValidationError("Hardware property kind must be one of %s, not '%s'"
                                         % ('/'.join(KINDS), self.kind))
        if self.kind == 'range':
            self.first = parse_value(self.name, self.first)
            self.last = parse_value(self.name, self.last)
            if self.first > self.last:
                raise errors.ValidationError("Range of '%s' is empty: %s..%s"
                                             % (self.name, self.first, self.last))
            self.value = self.first if self.value is None else parse_value(self.name, self.value)
        elif self.kind == 'enum':
            if not self.values:
                raise errors.ValidationError("Enum property '%s' needs values" % self.name)
            self.values = [parse_value(self.name, v) for v in self.values]
            self.value = (self.values[0] if self.value is None
                          else parse_value(self.name, self.value))
        else:
            self.value = parse_value(self.name, self.value)
        if not self.accepts(self.value):
            raise errors.ValidationError("Default of '%s' is outside its values" % self.name)

    @property
    def unit(self):
        return UNITS[self.name]

    def accepts(self, value):
        if self.kind == 'fixed':
            return value == self.value
        if self.kind == 'range':
            return self.first <= value <= self.last
        return value in self.values

    def smallest_satisfying(self, wanted):
        """The smallest concrete value at least ``wanted`` (equal, for labels), or None."""
        if self.name not in NUMERIC:
            return self.value if self.accepts(wanted) else None
        if self.kind == 'fixed':
            return self.value if self.value >= wanted else None
        if self.kind == 'range':
            return max(self.first, wanted) if wanted <= self.last else None
        fitting = sorted(v for v in self.values if v >= wanted)
        return fitting[0] if fitting else None


@dataclasses.dataclass
class HardwareProfile:
    id: str
    name: str
    properties: dict = dataclasses.field(default_factory=dict)  # name -> HardwareProperty
    extra: dict = dataclasses.field(default_factory=dict)

    @classmethod
    def build(cls, id, name=None, extra=None, **specs):
        """Build from ``cpu=1`` (fixed), ``memory=(1, 2)`` (range) or ``storage=[1, 2]`` (enum)."""
        props = {}
        for prop_name, spec in specs.items():
            if spec is None:
                continue
            if isinstance(spec, tuple):
                props[prop_name] = HardwareProperty(prop_name, 'range', first=spec[0], last=spec[1])
            elif isinstance(spec, list):
                props[prop_name] = HardwareProperty(prop_name, 'enum', values=spec)
            else:
                props[prop_name] = HardwareProperty(prop_name, 'fixed', value=spec)
        return cls(id=id, name=name or id, properties=props, extra=extra or {})

    def defaults(self):
        return {name: prop.value for name, prop in self.properties.items()}

    def resolve(self, overrides):
        """Validate launch overrides (``{'memory': '12288'}``); return the changed values."""
        chosen = {}
        for name, raw in overrides.items():
            value = parse_value(name, raw)
            prop = self.properties.get(name)
            if prop is None:
                raise errors.ValidationError(
                    "Hardware profile '%s' has no property '%s'" % (self.id, name))
            if not prop.accepts(value):
                raise errors.ValidationError(
                    "Value %s of '%s' is not allowed by hardware profile '%s'"
                    % (raw, name, self.id))
            if value != prop.value:
                chosen[name] = value
        return chosen

    def satisfy(self, requirements):
        """Concrete values meeting every requirement, or None when this profile cannot."""
        concrete = self.defaults()
        for name, wanted in requirements.items():
            prop = self.properties.get(name)
            if prop is None:
                return None
            value = prop.smallest_satisfying(parse_value(name, wanted))
            if value is None:
                return None
            concrete[name] = value
        return concrete
