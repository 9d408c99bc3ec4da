"""Registration helpers shared by every option module, the IaaS ones and the broker's."""

from oslo_config import cfg


def register_group_opts(conf, group, opts):
    """Register ``opts`` under a copy of ``group`` that belongs to ``conf`` alone.

    oslo.config copies a registered group shallowly, so a module-level OptGroup registered on
    several configurations would share their option overrides.
    """
    conf.register_group(cfg.OptGroup(group.name, title=group.title, help=group.help))
    conf.register_opts(opts, group=group.name)


def build(register_opts, args=None, default_config_files=None):
    """A new ConfigOpts, with the options ``register_opts(conf)`` adds, parsed (no global CONF)."""
    conf = cfg.ConfigOpts()
    register_opts(conf)
    conf(args if args is not None else [], project='broker',
         default_config_files=default_config_files)
    return conf
