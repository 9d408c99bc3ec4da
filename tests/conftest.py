"""Test-wide fixtures and the switch that turns a missing service into a failure in CI."""

import os

import pytest

from iaas import conf as iaas_conf

REQUIRE_SERVICES = os.environ.get('BROKER_REQUIRE_SERVICES', '') not in ('', '0', 'false')


def service_unavailable(reason):
    """Skip a test whose server is absent, or fail it where CI demands every service."""
    if REQUIRE_SERVICES:
        pytest.fail('required service unavailable (BROKER_REQUIRE_SERVICES is set): %s' % reason)
    pytest.skip('service unavailable: %s' % reason)


@pytest.fixture
def conf(tmp_path):
    """A fresh configuration whose state lives in the test's own directory."""
    config = iaas_conf.build()
    config.set_override('state_path', str(tmp_path))
    return config
