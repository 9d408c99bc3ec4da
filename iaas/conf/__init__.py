"""Configuration options of the IaaS layer, one module per option group."""

from oslo_config import cfg

from iaas.conf import api
from iaas.conf import mock
from iaas.conf import paths


def register_opts(conf):
    paths.register_opts(conf)
    api.register_opts(conf)
    mock.register_opts(conf)


def build(args=None, default_config_files=None):
    """A new ConfigOpts with every IaaS option registered and parsed (no global CONF)."""
    conf = cfg.ConfigOpts()
    register_opts(conf)
    conf(args if args is not None else [], project='broker',
         default_config_files=default_config_files)
    return conf
