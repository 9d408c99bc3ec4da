"""Defaults for pools' placement policies, and the circuit breaker that guards accounts."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('placement', title='Placement defaults')

CHOICES = ('best_first', 'weighted_random')

OPTS = [
    cfg.StrOpt('choice', default='best_first', choices=CHOICES,
               help='How a pool picks among its best candidates: always the best one, or at '
                    'random weighted by score among the top_k.'),
    cfg.IntOpt('top_k', default=3, min=1,
               help='Number of best candidates weighted_random chooses from.'),
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Accounts a launch tries, in ranked order, before it fails.'),
    cfg.IntOpt('circuit_failure_threshold', default=3, min=1,
               help='Consecutive provider failures that open an account\'s circuit, taking it '
                    'out of placement.'),
    cfg.IntOpt('circuit_open_seconds', default=60, min=1,
               help='Seconds an open circuit waits before one trial request (half-open).'),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    return {GROUP: OPTS}
