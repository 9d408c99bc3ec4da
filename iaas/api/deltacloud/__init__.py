"""The Deltacloud REST front end (``/api``): routes, negotiation, auth, parameters and rendering."""
