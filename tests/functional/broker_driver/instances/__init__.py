"""End-to-end tests of the broker driver's instances: launches, placement, races and crashes."""
