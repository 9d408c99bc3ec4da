"""A mock cloud that quotes the login it was given in its errors, as careless providers do.

Installed for broker-api as the driver ``quoting`` (see ``install``), so that the broker's
masking of provider messages is tried on a provider that actually leaks.
"""

import os
import pathlib

from iaas import errors
from iaas.drivers.mock import driver as mock_driver

NAME = 'quoting'
ROOT = pathlib.Path(__file__).resolve().parents[2]


class QuotingDriver(mock_driver.MockDriver):
    """The mock, but every launch fails with a message that names the caller's credentials."""

    name = NAME
    display_name = 'Quoting mock'

    def create_instance(self, context, spec):
        credentials = context.credentials
        raise errors.ProviderError('No capacity for %s (password %s)' % (
            credentials.username, credentials.password))


def install(site_dir):
    """A distribution in ``site_dir`` that offers the driver; put the directory on sys.path."""
    dist = site_dir / 'quoting_mock-1.0.dist-info'
    dist.mkdir(parents=True)
    (dist / 'METADATA').write_text('Metadata-Version: 2.1\nName: quoting-mock\nVersion: 1.0\n')
    (dist / 'entry_points.txt').write_text(
        '[iaas.drivers]\n%s = %s:QuotingDriver\n' % (NAME, __name__))
    return site_dir


def environment(site_dir):
    """What broker-api needs in its environment to find the driver (and import this module)."""
    return {'PYTHONPATH': os.pathsep.join((str(site_dir), str(ROOT)))}
