"""Options of the broker driver ([broker_driver]): the default pool, logins, the reconciler."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('broker_driver', title='The broker as an IaaS driver')

OPTS = [
    cfg.StrOpt('default_pool',
               help='Pool (its name) a launch without realm_id goes to when the user may use '
                    'it; without it, a user who may use exactly one pool launches there and '
                    'anyone else must name a realm.'),
    cfg.FloatOpt('login_cache_seconds', default=5.0, min=0.0,
                 help='Seconds a verified login is trusted before the password is checked '
                      'again (0 checks it on every request). Only a keyed hash of the '
                      'password is kept, in memory.'),
    cfg.BoolOpt('reconcile_on_start', default=True,
                help='Reconcile interrupted launches once when the driver starts in a '
                     'process.'),
    cfg.IntOpt('reconcile_grace_seconds', default=600, min=0,
               help='Age after which a launch that never recorded its provider instance is '
                    'taken as interrupted: the reconciler adopts the provider instance '
                    'carrying its id, or fails it and gives its quota back. Keep it above '
                    'the longest launch (every attempt with its provider timeouts).'),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    """For oslo-config-generator (namespace ``broker_driver``)."""
    return [(GROUP, OPTS)]
