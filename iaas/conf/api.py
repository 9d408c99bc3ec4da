"""Options of the HTTP front ends and of the server that runs them."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('api', title='IaaS API server')

OPTS = [
    cfg.HostAddressOpt('host', default='127.0.0.1', help='Address to listen on.'),
    cfg.PortOpt('port', default=3001, help='Port to listen on.'),
    cfg.IntOpt('workers', default=2, min=1, help='Number of gunicorn worker processes.'),
    cfg.IntOpt('timeout', default=120, min=1,
               help='Seconds a worker may spend on one request before gunicorn restarts it.'),
    cfg.IntOpt('max_requests', default=0, min=0,
               help='Requests a worker serves before gunicorn replaces it with a fresh one, '
                    'which gives back the memory a very large answer left it holding; '
                    '0 keeps workers for as long as the server runs.'),
    cfg.IntOpt('max_requests_jitter', default=0, min=0,
               help='Up to this many more requests, chosen at random per worker, before it '
                    'is replaced, so that workers are not all replaced at once.'),
    cfg.StrOpt('default_driver', default='mock',
               help='Driver used when a request names none (X-Deltacloud-Driver or ;driver=).'),
    cfg.StrOpt('default_provider',
               help='Provider used when a request names none (X-Deltacloud-Provider or '
                    ';provider=); empty means the driver\'s default.'),
    # Not 'deltacloud': its provider is a URL, so a client choosing it could make this server
    # send requests anywhere; the broker still uses it for accounts the operator configures.
    cfg.ListOpt('enabled_drivers', default=['mock', 'ec2', 'broker'],
                help='Drivers of the iaas.drivers entry-point group a client may choose. '
                     'Each is loaded at start-up; one that fails to load stops the server. '
                     'Enable deltacloud only with [deltacloud] allowed_hosts set.'),
    cfg.BoolOpt('cimi_enabled', default=True,
                help='Serve the DMTF CIMI front end at /cimi over the same drivers as /api.'),
    cfg.ListOpt('enabled_apps', default=['broker'],
                help='Applications of the iaas.api.apps entry-point group mounted at /<name>.'),
    cfg.IntOpt('max_request_body_size', default=1024 * 1024, min=1024,
               help='Largest request body accepted, in bytes; larger ones answer 413.'),
    cfg.StrOpt('auth_realm', default='deltacloud',
               help='Realm named in the WWW-Authenticate header of a 401 answer.'),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    return {GROUP: OPTS}
