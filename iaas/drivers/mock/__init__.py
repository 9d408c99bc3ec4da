"""The mock driver: simulated clouds for development, tests and benchmarks."""
