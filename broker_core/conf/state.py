"""Options of the state tracker ([state]): how often it asks providers and how long it waits."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('state', title='Instance state tracking')

OPTS = [
    cfg.FloatOpt('interval', default=30.0, min=0.1,
                 help='Seconds between two tracking cycles. A cycle asks every tracked '
                      'account (one that holds live instance records) for its instances, '
                      'with one list call per account.'),
    cfg.FloatOpt('account_timeout', default=20.0, min=0.1,
                 help='Seconds one account may take in a cycle, from when its turn starts. '
                      'An account that takes longer is counted as a health failure and its '
                      'late answer is thrown away; the cycle does not wait for it.'),
    cfg.IntOpt('concurrency', default=8, min=1,
               help='Accounts tracked at the same time in one process (threads).'),
    cfg.IntOpt('pending_timeout', default=900, min=1,
               help='Seconds an instance may stay PENDING at its provider before it is moved '
                    'to ERROR with last_error saying so.'),
    cfg.IntOpt('stopping_timeout', default=600, min=1,
               help='Seconds an instance may stay STOPPING or SHUTTING_DOWN at its provider '
                    'before it is moved to ERROR with last_error saying so.'),
    cfg.BoolOpt('embedded', default=True,
                help='Run the state tracker and the webhook dispatcher in a daemon thread of '
                     'every broker-api worker (the single-process default). Workers share '
                     'the accounts through [coordination]. Set it to false where '
                     'broker-state runs as a service of its own.'),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    return {GROUP: OPTS}
