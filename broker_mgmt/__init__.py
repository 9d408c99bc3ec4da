"""The broker's management API: a Falcon app for operators, mounted at /broker by iaas.api."""
