"""The routes of the management API, one module per family of resources."""
