"""Tests of the EC2 driver."""
