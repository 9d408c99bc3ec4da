"""Where the service keeps its state on disk."""

import os

from oslo_config import cfg

OPTS = [
    cfg.StrOpt('state_path',
               default=os.path.join(os.path.expanduser('~'), '.local', 'state', 'cloud-broker'),
               sample_default='~/.local/state/cloud-broker',
               help='Directory for the service state: the embedded SQLite databases and the '
                    'mock clouds. Shared by every worker of one host.'),
]


def register_opts(conf):
    conf.register_opts(OPTS)


def list_opts():
    return {'DEFAULT': OPTS}
