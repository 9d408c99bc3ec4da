"""Finds drivers in the ``iaas.drivers`` entry-point group and keeps one instance per provider."""

import collections
from importlib import metadata
import logging
import threading

from stevedore import driver as stevedore_driver

from iaas import errors

LOG = logging.getLogger(__name__)
NAMESPACE = 'iaas.drivers'
# Provider names come from clients: keep the most recently used drivers, not one per name ever.
MAX_CACHED_DRIVERS = 256


class DriverRegistry:
    """The enabled drivers; classes load lazily, instances are cached per (driver, provider)."""

    def __init__(self, conf, enabled=None, namespace=NAMESPACE):
        self.conf = conf
        self.namespace = namespace
        self.enabled = list(enabled if enabled is not None else conf.api.enabled_drivers)
        self._classes = {}
        self._instances = collections.OrderedDict()
        self._lock = threading.Lock()

    def names(self):
        return list(self.enabled)

    def driver_class(self, name):
        """The driver class named ``name``; NotFound when it is not enabled."""
        if name not in self.enabled:
            raise errors.NotFound("Driver '%s' is not available" % name)
        cls = self._classes.get(name)
        if cls is None:
            cls = self._load_class(name)
            self._classes[name] = cls
        return cls

    def _load_class(self, name):
        try:
            manager = stevedore_driver.DriverManager(self.namespace, name, invoke_on_load=False)
        except Exception as exc:
            raise errors.DriverLoadError("Driver '%s' cannot be loaded: %s" % (name, exc)) from exc
        return manager.driver

    def load_all(self):
        """Load every enabled driver class now: a start-up check that fails naming the driver."""
        for name in self.enabled:
            self.driver_class(name)

    def get(self, name, provider=None):
        """The driver instance for ``name`` and ``provider`` (None: the driver's default)."""
        key = (name, provider or None)
        cls = self.driver_class(name)
        with self._lock:
            instance = self._instances.get(key)
            if instance is None:
                LOG.debug('Creating driver %s for provider %s', name, provider)
                instance = cls(self.conf, provider=provider or None)
                self._instances[key] = instance
                if len(self._instances) > MAX_CACHED_DRIVERS:
                    self._instances.popitem(last=False)
            else:
                self._instances.move_to_end(key)
        return instance


def installed_driver_names(namespace=NAMESPACE):
    """Names of every installed driver, enabled or not, without importing any of them."""
    return sorted({ep.name for ep in metadata.entry_points(group=namespace)})
