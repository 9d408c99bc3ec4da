"""The broker as an IaaS driver: pools as realms, launches placed across provider accounts."""
