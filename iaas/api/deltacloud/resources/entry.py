"""``/api``, ``/api/drivers`` and ``/api/instance_states``: answered without credentials."""

import dataclasses

from iaas.api.deltacloud import render
from iaas import collections
from iaas import errors


@dataclasses.dataclass
class DriverInfo:
    id: str
    name: str
    providers: list


class ApiResource:
    """``GET /api``: the collections the driver supports; ``?force_auth=1`` checks credentials."""

    def on_get(self, req, resp):
        session = req.context.session
        if req.context.params.get('force_auth') is not None:
            session.require_credentials()
            session.driver.authenticate(session.context)
        features = session.driver.supported_features(session.context)
        rels = [c.name for c in collections.COLLECTIONS.values()
                if c.parent is None and session.supports(
                    collections.operation_name(c.name, 'index'))]
        rels.extend(collections.FRONT_END_COLLECTIONS)
        entries = [(rel, features.get(rel, [])) for rel in sorted(rels)]
        render.document(req, resp, 'api', entries)

    on_head = on_get


def _info(registry, name):
    cls = registry.driver_class(name)
    providers = list(cls.providers(registry.conf))
    return DriverInfo(id=name, name=cls.display_name or name, providers=providers)


class DriversResource:
    def __init__(self, registry):
        self.registry = registry

    def on_get(self, req, resp):
        infos = [_info(self.registry, name) for name in self.registry.names()]
        render.document(req, resp, 'drivers', infos)

    on_head = on_get


class DriverResource:
    def __init__(self, registry):
        self.registry = registry

    def on_get(self, req, resp, driver_id):
        if driver_id not in self.registry.names():
            raise errors.NotFound()
        render.document(req, resp, 'driver', _info(self.registry, driver_id))

    on_head = on_get


class InstanceStatesResource:
    def on_get(self, req, resp):
        render.document(req, resp, 'instance_states', req.context.session.driver.state_machine)

    on_head = on_get
