"""What every part of the EC2 driver shares: its region, its clients and a few lookups."""

import re

from iaas import driver
from iaas import errors
from iaas.drivers.ec2 import client as client_mod

# us-east-1, eu-central-2, us-gov-west-1, cn-north-1 ...; anything else is no region.
REGION_PATTERN = re.compile(r'^[a-z]{2}(-[a-z]+)+-\d{1,2}$')


def one(items, what, object_id):
    """The single item a Describe call by id returned; NotFound when EC2 returned none."""
    if not items:
        raise errors.NotFound("%s '%s' does not exist" % (what, object_id))
    return items[0]


def filtered(objects, filters):
    return driver.apply_filters(objects, **filters)


class EC2Core(driver.Driver):
    """One region of EC2; every caller gets its own boto3 client, built once and kept."""

    def __init__(self, conf, provider=None):
        super().__init__(conf, provider)
        self.region = provider or conf.ec2.default_region
        self._pool = None

    @property
    def pool(self):
        """The region's client pool, made on first use so loading the driver costs nothing."""
        if self._pool is None:
            if not REGION_PATTERN.match(self.region):
                raise errors.ValidationError("'%s' is not an EC2 region" % self.region)
            self._pool = client_mod.ClientPool(self.conf, self.region)
        return self._pool

    def _connect(self, context):
        """The caller's Connection; AuthenticationFailure without credentials."""
        credentials = context.credentials if context is not None else None
        if credentials is None:
            raise errors.AuthenticationFailure()
        return self.pool.connect(credentials.username, credentials.password)

    def _instance_items(self, conn, **params):
        """``(instance, account id)`` pairs of a DescribeInstances, every page."""
        return [(item, reservation.get('OwnerId'))
                for reservation in conn.items('describe_instances', 'Reservations', **params)
                for item in reservation.get('Instances', ())]
