"""Builders of placement inputs with sensible defaults, so each test states only what matters."""

import datetime

from broker_core.placement import models

NOW = datetime.datetime(2024, 5, 1, 12, 0, 0)


def candidate(name, **fields):
    """A healthy, enabled account named ``name`` with a matched profile and image, $1/h."""
    values = {'account_id': 'id-' + name, 'account_name': name, 'provider_id': 'p-' + name,
              'provider_name': 'provider-' + name, 'driver': 'mock', 'realm_id': 'r1',
              'hardware_profile_id': 'm1.small', 'hardware_values': {'cpu': 1},
              'price_per_hour': 1.0, 'image_id': 'ami-1'}
    values.update(fields)
    return models.Candidate(**values)


def request(**fields):
    values = {'pool_id': 'pool-1', 'owner_id': 'user-1', 'hardware_profile_id': 'small',
              'hardware_values': {'cpu': 1}, 'image_id': 'img-1', 'now': NOW}
    values.update(fields)
    return models.PlacementRequest(**values)


def policy(weighers=None, filters=(), **fields):
    """A policy of ``weighers`` ({name: multiplier}) and ``filters``; no filter by default."""
    specs = tuple(models.WeigherSpec(name, float(multiplier))
                  for name, multiplier in (weighers or {'price': 1.0}).items())
    return models.Policy(filters=tuple(filters), weighers=specs, **fields)


def names(candidates):
    return [c.account_name for c in candidates]
