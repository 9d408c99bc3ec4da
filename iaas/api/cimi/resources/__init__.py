"""The CIMI collections: each module's ``KIND``, and the list the app registers.

To add a collection, write a module with ``KIND`` (a :class:`iaas.api.cimi.kinds.Kind`) and,
when it has routes beyond list/get/create/delete, ``add_routes(app, kind)``; then name the
module in :data:`MODULES`. The entry point orders collections as DSP0263 does, whatever the
order here.
"""

from iaas.api.cimi.resources import machine_configurations

MODULES = (
    machine_configurations,
)
