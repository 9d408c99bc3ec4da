"""Tests of the provider drivers."""
