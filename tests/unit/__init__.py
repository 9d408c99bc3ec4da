"""Unit tests, mirroring the packages they test."""
