"""Options of the CIMI front end: where it keeps the state no driver holds (templates)."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('cimi', title='CIMI front end')

OPTS = [
    cfg.StrOpt('store_path',
               help='SQLite file of the CIMI-only state (machine templates, machine names '
                    'and properties the driver cannot keep); defaults to '
                    '<state_path>/cimi.sqlite. Every worker of one host shares it.'),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    return {GROUP: OPTS}
