"""The broker's catalogs: hardware profiles, images, and users' keys, firewalls and networks."""
