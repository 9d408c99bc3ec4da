"""The ``deltacloud`` driver: any Deltacloud 1.1 API (another cloud-broker included) over HTTP."""
