"""Broker databases on every backend for the broker_core tests (see tests/broker_db.py)."""

from tests.broker_db import *  # noqa: F401,F403 (fixtures)
