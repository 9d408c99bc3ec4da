"""Configuration of the broker: the IaaS options plus one module per broker option group."""

from oslo_config import cfg

from broker_core.conf import opts
from iaas import conf as iaas_conf


def register_opts(conf):
    """Register every IaaS and broker option on ``conf``."""
    iaas_conf.register_opts(conf)
    for module in opts.MODULES:
        module.register_opts(conf)


def build(args=None, default_config_files=None):
    """A new ConfigOpts with every IaaS and broker option registered and parsed."""
    conf = cfg.ConfigOpts()
    register_opts(conf)
    conf(args if args is not None else [], project='broker',
         default_config_files=default_config_files)
    return conf
