"""State tracking: providers asked once per account per cycle, records and events kept current."""
