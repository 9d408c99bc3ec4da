"""Renderers of driver objects: one XML and one JSON module per area, looked up by kind."""

from iaas.api.deltacloud.views import json_api
from iaas.api.deltacloud.views import json_compute
from iaas.api.deltacloud.views import json_network
from iaas.api.deltacloud.views import json_storage
from iaas.api.deltacloud.views import xml_api
from iaas.api.deltacloud.views import xml_compute
from iaas.api.deltacloud.views import xml_network
from iaas.api.deltacloud.views import xml_storage

JSON = {}
XML = {}
for _module in (json_api, json_compute, json_network, json_storage):
    JSON.update(_module.RENDERERS)
for _module in (xml_api, xml_compute, xml_network, xml_storage):
    XML.update(_module.RENDERERS)
