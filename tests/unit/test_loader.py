"""Driver loading: enabled drivers only, one instance per provider, a bounded cache."""

import pytest

from iaas import errors
from iaas import loader
from iaas.drivers.mock import driver as mock_driver


def test_instances_are_shared_per_driver_and_provider(conf):
    registry = loader.DriverRegistry(conf)
    first = registry.get('mock', 'p1')
    assert registry.get('mock', 'p1') is first
    assert registry.get('mock', 'p2') is not first
    assert registry.get('mock', None) is registry.get('mock', '')
    assert isinstance(first, mock_driver.MockDriver)


def test_a_disabled_driver_is_not_found(conf):
    registry = loader.DriverRegistry(conf, enabled=['mock'])
    with pytest.raises(errors.NotFound):
        registry.get('ec2')


def test_an_unloadable_driver_names_itself(conf):
    registry = loader.DriverRegistry(conf, enabled=['mock', 'nosuch'])
    with pytest.raises(errors.DriverLoadError, match="'nosuch'"):
        registry.load_all()


def test_the_instance_cache_is_bounded(conf, monkeypatch):
    monkeypatch.setattr(loader, 'MAX_CACHED_DRIVERS', 3)
    registry = loader.DriverRegistry(conf)
    oldest = registry.get('mock', 'p0')
    for n in range(1, 4):
        registry.get('mock', 'p%d' % n)
    assert len(registry._instances) == 3
    assert registry.get('mock', 'p0') is not oldest
