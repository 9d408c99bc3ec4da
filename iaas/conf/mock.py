"""Options of the mock driver: its credentials and the default knobs of every simulated cloud."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('mock', title='Mock driver')

OPTS = [
    cfg.StrOpt('username', default='mockuser', help='User name the mock clouds accept.'),
    cfg.StrOpt('password', default='mockpassword', secret=True,
               help='Password the mock clouds accept.'),
    cfg.StrOpt('state_dir',
               help='Directory of the simulated clouds, one SQLite file per provider; '
                    'defaults to <state_path>/mock.'),
    cfg.IntOpt('max_providers', default=100, min=1,
               help='Most simulated clouds (provider names) kept; a request naming a new '
                    'provider beyond it is refused, so clients cannot fill the disk.'),
    cfg.FloatOpt('boot_time', default=0.0, min=0.0,
                 help='Default seconds a new instance stays PENDING before it is RUNNING.'),
    cfg.FloatOpt('latency', default=0.0, min=0.0,
                 help='Default seconds added to every operation.'),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    return {GROUP: OPTS}
