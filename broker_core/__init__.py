"""The broker's domain library: configuration, database, credentials and the rules built on them."""
