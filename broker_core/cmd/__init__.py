"""Command-line entry points of the broker."""
