"""Configuration options of the IaaS layer, one module per option group."""

from iaas.conf import api
from iaas.conf import base as conf_base
from iaas.conf import cimi
from iaas.conf import deltacloud
from iaas.conf import ec2
from iaas.conf import mock
from iaas.conf import paths


def register_opts(conf):
    paths.register_opts(conf)
    api.register_opts(conf)
    cimi.register_opts(conf)
    mock.register_opts(conf)
    deltacloud.register_opts(conf)
    ec2.register_opts(conf)


def build(args=None, default_config_files=None):
    """A new ConfigOpts with every IaaS option registered and parsed."""
    return conf_base.build(register_opts, args, default_config_files)
