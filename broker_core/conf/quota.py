"""Default quotas for users that have no quota of their own."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('quota', title='Default user quotas')

_UNLIMITED = ' -1 means unlimited.'

OPTS = [
    cfg.IntOpt('instances', default=-1, min=-1,
               help='Instances a user may have.' + _UNLIMITED),
    cfg.IntOpt('vcpus', default=-1, min=-1,
               help='Virtual CPUs a user\'s instances may have in total.' + _UNLIMITED),
    cfg.IntOpt('memory_mb', default=-1, min=-1,
               help='Memory in MB a user\'s instances may have in total.' + _UNLIMITED),
    cfg.IntOpt('storage_gb', default=-1, min=-1,
               help='Storage in GB a user\'s instances and volumes may have in total.'
                    + _UNLIMITED),
    cfg.FloatOpt('cost_per_hour', default=-1.0, min=-1.0,
                 help='Summed hourly price of a user\'s instances.' + _UNLIMITED),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    return {GROUP: OPTS}
