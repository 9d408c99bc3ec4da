"""Fixtures that run real servers for the integration tests."""

import pytest

from tests.integration import servers


@pytest.fixture
def api_server(tmp_path):
    """``broker-api`` with two gunicorn workers and the mock driver, state in tmp_path."""
    with servers.broker_api(tmp_path, workers=2) as base:
        yield base
