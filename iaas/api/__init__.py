"""HTTP front ends of the IaaS layer and the WSGI application that serves them."""
