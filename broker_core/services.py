"""The broker's collaborators built once at start-up and passed to the functions that need them."""

import logging

from broker_core import crypto
from iaas import loader

LOG = logging.getLogger(__name__)

# The broker's own driver stands for pools; an account cannot be held with it.
BROKER_DRIVER = 'broker'


def provider_driver_names():
    """Installed drivers a provider may use: every one but the broker's own."""
    return [name for name in loader.installed_driver_names() if name != BROKER_DRIVER]


class Broker:
    """Configuration, the credential cipher and the provider drivers.

    Domain functions that decrypt credentials or call a provider take it as their second
    argument, after ``context``; nothing reaches them through a global.
    """

    def __init__(self, conf, cipher=None, drivers=None):
        self.conf = conf
        self.cipher = cipher if cipher is not None else crypto.cipher_from_conf(conf)
        self.drivers = drivers if drivers is not None else loader.DriverRegistry(
            conf, enabled=provider_driver_names())

    def __repr__(self):
        return '<Broker cipher=%r drivers=%s>' % (self.cipher, self.drivers.names())

    def driver(self, name, provider=None):
        """The provider driver ``name`` for ``provider`` (None: the driver's default)."""
        return self.drivers.get(name, provider)
