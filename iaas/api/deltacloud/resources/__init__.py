"""Falcon resources of the Deltacloud API: thin handlers that parse, call the driver, render."""
