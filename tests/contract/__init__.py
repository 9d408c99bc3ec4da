"""The driver contract suite and its runs against each driver."""
