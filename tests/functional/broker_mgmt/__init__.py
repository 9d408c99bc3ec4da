"""Functional tests of the management API (broker_mgmt) in-process."""
