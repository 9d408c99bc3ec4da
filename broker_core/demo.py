"""The demo data set: two simulated clouds at different prices in one pool, a catalog and users."""

import dataclasses
import logging

from broker_core import accounts
from broker_core import bootstrap
from broker_core.catalog import hardware_profiles
from broker_core.catalog import images
from broker_core import discovery
from broker_core import errors
from broker_core import identity
from broker_core import policy
from broker_core import pool_members
from broker_core import pools
from broker_core import providers
from broker_core import quotas
from broker_core import roles
from iaas.drivers.mock import knobs

LOG = logging.getLogger(__name__)

DEMO_USER, DEMO_PASSWORD = 'demo', 'demopassword'
ADMIN_USER, ADMIN_PASSWORD = 'admin', 'adminpassword'
POOL = 'default'
# (provider name = the mock's provider string, account name, price knob per mock profile).
# West is the cheaper cloud, so the price-weighed pool places there first.
CLOUDS = (
    ('mock-east', 'east', {'m1-small': 0.06, 'm1-large': 0.24, 'm1-xlarge': 0.48}),
    ('mock-west', 'west', {'m1-small': 0.04, 'm1-large': 0.16, 'm1-xlarge': 0.32}),
)
# Every filter (the default); the cheapest candidate first, without randomness.
POLICY = {'weighers': [{'name': 'price', 'multiplier': 1.0}], 'choice': 'best_first'}


def _range(first, last, value):
    return {'kind': 'range', 'first': first, 'last': last, 'value': value}


def _enum(values, value):
    return {'kind': 'enum', 'values': values, 'value': value}


# Each fits exactly one mock profile by default (smallest fit): m1-small, m1-large, m1-xlarge.
HARDWARE_PROFILES = (
    ('small', '1 CPU, 1.7 GB memory, 160 GB disk',
     {'cpu': 1, 'memory': 1740.8, 'storage': 160}),
    ('medium', '1-6 CPUs, 7.5-15 GB memory, 850 or 1024 GB disk',
     {'cpu': _range(1, 6, 2), 'memory': _range(7680, 15360, 7680),
      'storage': _enum([850, 1024], 850)}),
    ('large', '4 CPUs, 12-32 GB memory, 1-4 TB disk',
     {'cpu': 4, 'memory': _range(12288, 32768, 16384),
      'storage': _enum([1024, 2048, 4096], 1024)}),
)
# (broker image name, description, architecture, the image id of both mock clouds).
IMAGES = (
    ('fedora-x86_64', 'Fedora 10 (x86_64)', 'x86_64', 'img1'),
    ('fedora-i386', 'Fedora 10 (i386)', 'i386', 'img2'),
    ('jboss', 'JBoss (i386)', 'i386', 'img3'),
)
DEMO_QUOTA = {'instances': 5, 'vcpus': 12, 'memory_mb': 65536, 'storage_gb': 8192,
              'cost_per_hour': 2}


@dataclasses.dataclass
class Report:
    """What a seeding run did: (action, kind, name) steps and the demo logins that work."""

    steps: list = dataclasses.field(default_factory=list)
    logins: list = dataclasses.field(default_factory=list)  # (user, password, what for)
    notes: list = dataclasses.field(default_factory=list)

    def add(self, action, kind, name):
        self.steps.append((action, kind, name))

    def changed(self):
        return [step for step in self.steps if step[0] != 'exists']


def seed(context, broker, password=DEMO_PASSWORD, admin_password=ADMIN_PASSWORD):
    """Create whatever of the demo data set is missing; returns a Report of what it did.

    Nothing that exists is changed, so a second run changes nothing and a run that was
    interrupted is completed by the next. An account is synced only when it never was.
    """
    report = Report()
    clouds = [_seed_cloud(context, broker, report, *cloud) for cloud in CLOUDS]
    pool = _seed_pool(context, report, clouds)
    for name, description, properties in HARDWARE_PROFILES:
        _ensure(report, 'hardware profile', name,
                lambda: hardware_profiles.get_hardware_profile_by_name(context, name),
                lambda: hardware_profiles.create_hardware_profile(
                    context, name, properties, description=description))
    for image in IMAGES:
        _seed_image(context, report, [provider for provider, _ in clouds], *image)
    _seed_demo_user(context, report, pool, password)
    _seed_admin(context, report, admin_password)
    return report


def _ensure(report, kind, name, find, create):
    """What ``find()`` returns, else what ``create()`` does; the report says which."""
    try:
        found = find()
    except errors.ObjectNotFound:
        found = None
    report.add('exists' if found is not None else 'created', kind, name)
    return found if found is not None else create()


def _seed_cloud(context, broker, report, name, account_name, prices):
    """A mock provider with its price knob and an account, synced once."""
    def create_provider():
        # Prices first: the sync that follows reads them as the provider's list prices.
        knobs.set_knobs(broker.conf, name, prices=prices)
        return providers.create_provider(context, name, 'mock', provider=name,
                                         description='Simulated cloud (demo)')

    provider = _ensure(report, 'provider', name,
                       lambda: providers.get_provider_by_name(context, name), create_provider)
    credentials = {'username': broker.conf.mock.username, 'password': broker.conf.mock.password}
    label = '%s/%s' % (name, account_name)
    account = _ensure(report, 'account', label,
                      lambda: _find_account(context, provider['id'], account_name),
                      lambda: accounts.create_account(context, broker, provider['id'],
                                                      account_name, credentials))
    if account['synced_at'] is None:
        summary = discovery.sync_account(context, broker, account['id'])
        report.add('synced', 'account', '%s (%s)' % (label, describe_sync(summary)))
    return provider, account


def _find_account(context, provider_id, name):
    for account in accounts.list_accounts(context, provider_id=provider_id):
        if account['name'] == name:
            return account
    raise errors.ObjectNotFound(kind='account', ident=name)


def describe_sync(summary):
    """A catalog sync's summary in words: '4 hardware profiles added, ...' or 'no changes'."""
    parts = ['%d %s %s' % (count, collection.replace('_', ' '), change)
             for collection, counts in summary.items()
             for change, count in counts.items() if count]
    return ', '.join(parts) or 'no changes'


def _seed_pool(context, report, clouds):
    """The pool with every demo account as a member, on all of its realms."""
    pool = _ensure(report, 'pool', POOL, lambda: pools.get_pool_by_name(context, POOL),
                   lambda: pools.create_pool(context, POOL, policy=POLICY,
                                             description='Demo pool: mock-east and mock-west'))
    for provider, account in clouds:
        _ensure(report, 'pool member', '%s: %s/%s' % (POOL, provider['name'], account['name']),
                lambda: pool_members.get_member(context, pool['id'], account['id']),
                lambda: pool_members.add_member(context, pool['id'], account['id']))
    return pool


def _seed_image(context, report, demo_providers, name, description, architecture, mock_image):
    """A public broker image mapped to the same mock image at every demo provider."""
    image = _ensure(report, 'image', name, lambda: _find_image(context, name),
                    lambda: images.create_image(context, name, description=description,
                                                architecture=architecture))
    mapped = {(mapping['provider_id'], mapping['provider_image_id'])
              for mapping in images.list_image_mappings(context, image['id'])}
    for provider in demo_providers:
        if (provider['id'], mock_image) not in mapped:
            images.set_image_mapping(context, image['id'], mock_image,
                                     provider_id=provider['id'])
            report.add('mapped', 'image', '%s to %s at %s' % (name, mock_image, provider['name']))


def _find_image(context, name):
    for image in images.list_images(context):
        if image['name'] == name:
            return image
    raise errors.ObjectNotFound(kind='image', ident=name)


def _seed_demo_user(context, report, pool, password):
    """The demo user: may launch in the pool, within a modest quota."""
    user = _ensure(report, 'user', DEMO_USER,
                   lambda: identity.get_user_by_name(context, DEMO_USER),
                   lambda: identity.create_user(context, DEMO_USER, password,
                                                description='Demo user'))
    grants = roles.list_grants(context, user_id=user['id'], pool_id=pool['id'])
    if not any(grant['role'] == policy.POOL_USER for grant in grants):
        roles.grant_role(context, policy.POOL_USER, user_id=user['id'], pool_id=pool['id'])
        report.add('granted', 'role', '%s on pool %s to %s' % (policy.POOL_USER, POOL, DEMO_USER))
    _ensure(report, 'quota', 'of user %s' % DEMO_USER,
            lambda: quotas.get_limits(context, 'user', user['id']),
            lambda: quotas.set_limits(context, 'user', user['id'], DEMO_QUOTA))
    _add_login(context, report, DEMO_USER, password,
               "%s on pool '%s': /api with X-Deltacloud-Driver: broker" % (policy.POOL_USER, POOL))


def _seed_admin(context, report, password):
    """The demo admin, unless an administrator exists already."""
    admins = bootstrap.admin_names(context)
    if not admins:
        bootstrap.bootstrap_admin(context, ADMIN_USER, password)
        report.add('created', 'user', '%s (global admin)' % ADMIN_USER)
    for name in admins:
        report.add('exists', 'user', '%s (global admin)' % name)
    if not admins or ADMIN_USER in admins:
        _add_login(context, report, ADMIN_USER, password, 'global admin: /broker/v1')


def _add_login(context, report, name, password, purpose):
    """List a demo login if it works; a password changed since is not shown."""
    try:
        identity.authenticate(context, name, password)
    except errors.NotAuthenticated:
        report.notes.append('user %s exists with another password (not shown)' % name)
        return
    report.logins.append((name, password, purpose))
