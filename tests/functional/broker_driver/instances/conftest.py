"""Fixtures of the instance tests: the broker served by the WSGI app over two mock clouds."""

import pytest

from tests.functional.broker_driver.instances import served as served_mod


@pytest.fixture
def served(conf, database):
    """The broker over two mock clouds whose accounts are named after them."""
    return served_mod.make_served(conf, account_name=None)
