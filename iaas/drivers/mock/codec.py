"""Value objects to JSON-ready dicts and back, for the rows of the mock's SQLite store."""

import dataclasses

from iaas import models

# Fields holding lists of other value objects; every other field is plain JSON already.
NESTED = {
    models.Instance: {'public_addresses': models.AddressValue,
                      'private_addresses': models.AddressValue},
    models.Firewall: {'rules': models.FirewallRule},
    models.LoadBalancer: {'listeners': models.Listener},
    models.Metric: {'properties': models.MetricProperty},
}


def dump(obj):
    """A dict of the value object's fields, nested value objects included."""
    return dataclasses.asdict(obj)


def load(cls, data):
    """Rebuild a ``cls`` from :func:`dump` output; unknown keys are ignored."""
    names = {f.name for f in dataclasses.fields(cls)}
    values = {k: v for k, v in data.items() if k in names}
    for field, item_cls in NESTED.get(cls, {}).items():
        if values.get(field) is not None:
            values[field] = [load(item_cls, item) if isinstance(item, dict) else item
                             for item in values[field]]
    return cls(**values)
