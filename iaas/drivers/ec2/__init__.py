"""The Amazon EC2 driver."""
