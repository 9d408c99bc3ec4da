"""Every broker option for oslo-config-generator; runtime registration uses the same modules."""

from broker_core.conf import coordination
from broker_core.conf import crypto
from broker_core.conf import database
from broker_core.conf import placement
from broker_core.conf import quota
from broker_core.conf import state
from broker_core.conf import webhooks

# [DEFAULT] state_path belongs to the iaas namespace; it is not listed twice.
MODULES = (database, crypto, quota, placement, state, coordination, webhooks)


def list_opts():
    merged = {}
    for module in MODULES:
        for group, opts in module.list_opts().items():
            merged.setdefault(group, []).extend(opts)
    return list(merged.items())
