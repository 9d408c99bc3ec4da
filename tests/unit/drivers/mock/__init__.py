"""Tests of what is specific to the mock driver."""
