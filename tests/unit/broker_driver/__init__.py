"""Unit tests of the broker driver."""
