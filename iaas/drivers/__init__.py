"""Provider drivers, each a package registered in the ``iaas.drivers`` entry-point group."""
