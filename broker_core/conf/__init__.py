"""Configuration of the broker: the IaaS options plus one module per broker option group."""

from broker_core.conf import opts
from iaas import conf as iaas_conf
from iaas.conf import base as conf_base


def register_opts(conf):
    """Register every IaaS and broker option on ``conf``."""
    iaas_conf.register_opts(conf)
    for module in opts.MODULES:
        module.register_opts(conf)


def build(args=None, default_config_files=None):
    """A new ConfigOpts with every IaaS and broker option registered and parsed."""
    return conf_base.build(register_opts, args, default_config_files)
