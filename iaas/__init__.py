"""The IaaS abstraction: driver interface, value objects, drivers and API front ends."""
