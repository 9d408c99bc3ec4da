"""Options of webhook and callback delivery ([webhooks]) by the outbox dispatcher."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('webhooks', title='Webhook and callback delivery')

OPTS = [
    cfg.FloatOpt('dispatch_interval', default=1.0, min=0.05,
                 help='Seconds between two looks at the outbox for deliveries that are due.'),
    cfg.FloatOpt('timeout', default=10.0, min=0.1,
                 help='Seconds a receiver may take to answer one POST.'),
    cfg.IntOpt('max_attempts', default=8, min=1,
               help='Attempts of one delivery before it is given up; the next delivery of '
                    'the same instance to the same receiver waits until then.'),
    cfg.FloatOpt('backoff_base', default=2.0, min=0.0,
                 help='Seconds before the first retry; each further retry waits twice as '
                      'long, with random jitter of up to half the wait.'),
    cfg.FloatOpt('backoff_max', default=600.0, min=0.0,
                 help='Longest wait between two attempts, in seconds.'),
    cfg.IntOpt('batch_size', default=50, min=1,
               help='Deliveries claimed from the outbox at a time.'),
    cfg.IntOpt('concurrency', default=4, min=1,
               help='Deliveries sent at the same time by one dispatcher (to different '
                    'receivers or instances; one instance\'s deliveries stay in order).'),
    cfg.FloatOpt('lease_seconds', default=60.0, min=1.0,
                 help='Seconds a dispatcher holds a claimed delivery; a dispatcher that '
                      'dies leaves it to another after that. Keep it above timeout.'),
    cfg.ListOpt('own_base_urls', default=[],
                help='Base URLs under which clients reach this broker (e.g. '
                     'https://broker.example.com). No webhook or callback is delivered to '
                     'a URL under one of them, nor to the /broker path of the [api] host '
                     'and port.'),
    cfg.StrOpt('callback_secret', secret=True,
               help='Key that signs the POSTs to launch callback URLs (X-Broker-Signature). '
                    'Empty: callbacks go unsigned. Subscriptions have a secret each.'),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    return {GROUP: OPTS}
