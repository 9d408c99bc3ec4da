"""Options of the coordination backend ([coordination]) that divides accounts among workers."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('coordination', title='Work partitioned across state workers (tooz)')

LAST_KNOWN, ALL, WAIT = 'last_known', 'all', 'wait'

OPTS = [
    cfg.StrOpt('backend_url', default='file://$state_path/coordination',
               help='tooz backend the state workers meet in. The file backend serves the '
                    'workers of one host; use redis://127.0.0.1:6379 (or etcd3+http://, '
                    'zookeeper://) when workers run on several hosts. Empty: no '
                    'coordination, this process tracks every account.'),
    cfg.StrOpt('group', default='broker-state',
               help='Name of the tooz group the state workers join.'),
    cfg.IntOpt('member_timeout', default=10, min=1,
               help='Seconds after which a worker that stopped heartbeating counts as gone '
                    'and its accounts go to the others. Passed to the backend as its '
                    '"timeout" option unless backend_url sets one. The heartbeat runs on '
                    'a thread of its own, about twice per period.'),
    cfg.StrOpt('outage_policy', default=LAST_KNOWN, choices=[
        (LAST_KNOWN, 'keep tracking the accounts of the last membership seen; before one '
                     'was ever seen, track nothing'),
        (ALL, 'track every account (no account is missed; providers are asked once per '
              'worker)'),
        (WAIT, 'track nothing until the backend answers again')],
        help='What a worker tracks while the coordination backend does not answer. '
             'Events are never doubled whichever is chosen: changes are written under a '
             'row lock of the account, and an answer older than the one stored is '
             'dropped.'),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    return {GROUP: OPTS}
