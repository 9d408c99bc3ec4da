"""Every IaaS option for oslo-config-generator; runtime registration uses the same lists."""

from iaas.conf import api
from iaas.conf import cimi
from iaas.conf import deltacloud
from iaas.conf import ec2
from iaas.conf import mock
from iaas.conf import paths


def list_opts():
    merged = {}
    for module in (paths, api, cimi, mock, deltacloud, ec2):
        for group, opts in module.list_opts().items():
            merged.setdefault(group, []).extend(opts)
    return list(merged.items())
