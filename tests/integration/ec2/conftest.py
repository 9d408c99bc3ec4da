"""The moto fixtures for every test of this directory."""

from tests.integration.ec2.fixtures import *  # noqa: F401,F403
