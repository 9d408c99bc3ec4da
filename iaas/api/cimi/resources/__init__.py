"""The CIMI collections: each module's ``KIND``, and the list the app registers.

To add a collection, write a module with ``KIND`` (a :class:`iaas.api.cimi.kinds.Kind`) and,
when it has routes beyond list/get/create/delete, ``add_routes(app, kind)``; then name the
module in :data:`MODULES`. The entry point orders collections as DSP0263 does, whatever the
order here.
"""

from iaas.api.cimi.resources import addresses
from iaas.api.cimi.resources import credentials
from iaas.api.cimi.resources import machine_configurations
from iaas.api.cimi.resources import machine_disks
from iaas.api.cimi.resources import machine_images
from iaas.api.cimi.resources import machine_templates
from iaas.api.cimi.resources import machine_volumes
from iaas.api.cimi.resources import machines
from iaas.api.cimi.resources import network_ports
from iaas.api.cimi.resources import networks
from iaas.api.cimi.resources import volume_configurations
from iaas.api.cimi.resources import volume_images
from iaas.api.cimi.resources import volumes

MODULES = (
    machine_configurations,
    machine_images,
    credentials,
    machine_templates,
    machines,
    machine_disks,
    machine_volumes,
    volumes,
    volume_configurations,
    volume_images,
    networks,
    network_ports,
    addresses,
)
