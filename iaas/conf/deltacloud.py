"""Options of the deltacloud driver: how it reaches remote Deltacloud APIs over HTTP."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('deltacloud', title='Remote Deltacloud driver')

OPTS = [
    cfg.StrOpt('default_url',
               help='Remote API used when a request names no provider, in the provider '
                    'string form: http[s]://host[:port]/api[;driver=D][;provider=P]. '
                    'Empty: a provider must be named.'),
    cfg.ListOpt('allowed_hosts', default=[],
                help='Remote hosts (host or host:port) a provider string may name. Empty '
                     'allows any host: a client choosing the provider can then make this '
                     'server send requests anywhere it can reach, so set it in production.'),
    cfg.FloatOpt('connect_timeout', default=5.0, min=0.1,
                 help='Seconds to wait for a TCP connection to the remote API; beyond it '
                      'the call fails with 504 (ProviderTimeout).'),
    cfg.FloatOpt('read_timeout', default=60.0, min=0.1,
                 help='Seconds to wait for the remote API to answer once connected; beyond '
                      'it the call fails with 504 (ProviderTimeout).'),
    cfg.IntOpt('pool_maxsize', default=10, min=1,
               help='Connections kept open per remote API (per provider string); as many '
                    'concurrent calls to one remote as threads in a worker are worth.'),
    cfg.FloatOpt('capabilities_ttl', default=60.0, min=0.0,
                 help='Seconds the remote /api (collections, features) and instance states '
                      'are cached per provider; 0 asks the remote on every call.'),
    cfg.BoolOpt('verify_tls', default=True,
                help='Verify the certificate of https remotes.'),
    cfg.StrOpt('ca_file',
               help='CA bundle to verify https remotes with, instead of the system one.'),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    return {GROUP: OPTS}
