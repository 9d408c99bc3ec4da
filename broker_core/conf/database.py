"""The [database] options of oslo.db, defaulting to an embedded SQLite file under state_path."""

import copy

from oslo_db import options as db_options

GROUP = 'database'
# Interpolated by oslo.config when read: a state_path set in a config file moves the database too.
DEFAULT_CONNECTION = 'sqlite:///$state_path/broker.sqlite'


def register_opts(conf):
    db_options.set_defaults(conf, connection=DEFAULT_CONNECTION)


def list_opts():
    # oslo.db hands out its option objects; copy them so the sample shows our default
    # without changing what any other user of oslo.db registers.
    opts = copy.deepcopy(db_options.database_opts)
    for opt in opts:
        if opt.name == 'connection':
            opt.default = DEFAULT_CONNECTION
    return {GROUP: opts}
