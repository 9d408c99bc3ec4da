"""The DMTF CIMI (DSP0263) front end served at ``/cimi`` over the same drivers as ``/api``."""
