"""What the broker recorded against what the mock clouds hold: every disagreement, in words.

``problems(site)`` is the suite's final check: an empty list means no orphan (a provider
instance without a live record), no duplicate (two provider instances for one broker id),
no lost instance (a live record whose provider instance is gone), no launch left in a
transitional state, and quota usage that equals what the live records hold.
"""

import collections

from broker_core import instances
from broker_core import quotas
from broker_driver import views
from iaas import states
from tests.reliability import world as world_mod

STUCK_STATES = views.TRANSITIONAL | {states.START}


def problems(site):
    """Every disagreement between the broker's records, its quota usage and the mock clouds.

    Quota usage is checked with ``quotas.recount``, which also repairs what it finds: call
    this once, at the end.
    """
    rows = instances.list_instances(site.world.admin, include_deleted=True)
    found = record_problems(rows)
    found += provider_problems(site, [row for row in rows if row['deleted_at'] is None])
    found += quota_problems(site, rows)
    return found


def record_problems(rows):
    """Live records must be placed, settled and hold quota; deleted ones must hold none."""
    found = []
    for row in rows:
        if row['deleted_at'] is not None:
            if row['quota_scopes'] is not None:
                found.append('deleted instance %s still holds quota' % row['id'])
            continue
        if row['state'] in STUCK_STATES or row['provider_instance_id'] is None:
            found.append('instance %s is stuck: %s, provider id %s' % (
                row['id'], row['state'], row['provider_instance_id']))
        if row['quota_scopes'] is None:
            found.append('live instance %s holds no quota' % row['id'])
    return found


def provider_problems(site, live):
    """Live records and the broker's instances at the mock clouds must match one to one."""
    providers = {account['id']: name for name, account in site.world.accounts.items()}
    held = {key: instance for key, instance in world_mod.provider_instances(
        site.conf, site.world.providers).items() if key not in site.seeded}
    recorded = {(providers.get(row['account_id']), row['provider_instance_id']): row
                for row in live}
    found = ['orphan %s at %s named %s' % (key[1], key[0], held[key].name)
             for key in sorted(set(held) - set(recorded))]
    found += ['instance %s is gone from %s (was %s)' % (recorded[key]['id'], key[0], key[1])
              for key in sorted(set(recorded) - set(held))]
    for key in sorted(set(recorded) & set(held)):
        row, instance = recorded[key], held[key]
        if instance.name != row['id'] or instance.state != row['state']:
            found.append('instance %s (%s) is %s at %s as %s (%s)' % (
                row['id'], row['state'], key[1], key[0], instance.name, instance.state))
    names = collections.Counter(instance.name for instance in held.values())
    found += ['%d provider instances carry the id %s' % (count, name)
              for name, count in sorted(names.items()) if count > 1]
    return found


def quota_problems(site, rows):
    """Each user's instance usage is its live records; every usage row is what records hold."""
    found = []
    live = collections.Counter(row['owner_id'] for row in rows if row['deleted_at'] is None)
    for name, user in site.world.users.items():
        in_use = quotas.usage(site.world.admin, 'user', user['id'])['resources'][
            'instances']['in_use']
        if in_use != live[user['id']]:
            found.append('%s uses %s instances but has %d' % (name, in_use, live[user['id']]))
    found += ['quota usage of %(scope_type)s %(scope_id)s %(resource)s was %(was)s, '
              'the records hold %(now)s' % change
              for change in quotas.recount(site.world.admin)]
    return found
