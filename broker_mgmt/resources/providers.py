"""Providers: the clouds the broker reaches, each through one installed driver."""

from broker_core import policy
from broker_core import providers
from broker_mgmt import operations as ops
from broker_mgmt.resources import base
from broker_mgmt import schemas as s

ENABLED = ops.Param('enabled', s.BOOLEAN, 'only enabled (true) or disabled (false) ones')

_FIELDS = {
    'name': s.NAME,
    'provider': dict(s.nullable(s.LABEL), maxLength=1024,
                     description="the driver's provider argument (an endpoint or region)"),
    'description': s.TEXT,
    'enabled': s.BOOLEAN,
    'options': s.OBJECT,
}
KIND = base.Kind(
    'provider', 'providers',
    schema=s.record(dict(_FIELDS, id=s.ID, driver=s.STRING, provider=s.TEXT)),
    create=s.obj(dict(_FIELDS, driver=dict(s.STRING, description='an installed driver')),
                 required=['name', 'driver']),
    update=s.obj(_FIELDS),
    filters=(ENABLED,))


class Providers(base.Creatable, base.Collection):
    kind = KIND
    operations = KIND.collection_operations()

    def fetch_all(self, caller, query):
        policy.authorize(caller, 'provider:read')
        return providers.list_providers(caller, enabled=query.get('enabled'))

    def make(self, caller, body):
        policy.authorize(caller, 'provider:create')
        return providers.create_provider(caller, **body)


class Provider(base.Changeable, base.Deletable, base.Item):
    kind = KIND
    operations = KIND.item_operations()

    def fetch(self, caller, provider_id):
        policy.authorize(caller, 'provider:read')
        return providers.get_provider(caller, provider_id)

    def change(self, caller, body, provider_id):
        policy.authorize(caller, 'provider:update')
        return providers.update_provider(caller, provider_id, **body)

    def remove(self, caller, provider_id):
        policy.authorize(caller, 'provider:delete')
        providers.delete_provider(caller, provider_id)


def routes(services):
    return [('/providers', Providers(services)),
            ('/providers/{provider_id}', Provider(services))]
