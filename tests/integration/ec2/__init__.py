"""The EC2 driver against a real EC2 API emulator (moto_server)."""
