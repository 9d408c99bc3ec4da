"""Unit tests of broker_core.placement: filters, weighers, the pipeline and its plug-in loading."""
