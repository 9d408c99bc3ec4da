"""Reproducible performance runs of cloud-broker: ``python -m benchmarks [suite ...]``."""
