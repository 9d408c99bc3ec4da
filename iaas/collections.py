"""The Deltacloud collections, their operations, and the driver method that implements each one."""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Collection:
    name: str                      # URL segment and JSON list key: 'storage_volumes'
    singular: str                  # element and JSON object key: 'storage_volume'
    needs_auth: bool = True        # index/show without credentials (Deltacloud's open collections)
    creatable: bool = True
    destroyable: bool = True
    actions: tuple = ()            # member actions: POST /api/<name>/<id>/<action>
    parent: str = None             # nested collections (blobs live in buckets)

    def method_name(self, operation):
        """The driver method for ``operation`` (index, show, create, destroy or an action)."""
        if operation == 'index':
            return 'list_' + self.name
        if operation == 'show':
            return 'get_' + self.singular
        return '%s_%s' % (operation, self.singular)

    @property
    def operations(self):
        ops = ['index', 'show']
        if self.creatable:
            ops.append('create')
        if self.destroyable:
            ops.append('destroy')
        return ops + list(self.actions)


COLLECTIONS = {c.name: c for c in (
    Collection('realms', 'realm', creatable=False, destroyable=False),
    Collection('hardware_profiles', 'hardware_profile', needs_auth=False,
               creatable=False, destroyable=False),
    Collection('images', 'image'),
    Collection('instances', 'instance', actions=('start', 'stop', 'reboot')),
    Collection('keys', 'key'),
    Collection('storage_volumes', 'storage_volume', actions=('attach', 'detach')),
    Collection('storage_snapshots', 'storage_snapshot'),
    Collection('addresses', 'address', actions=('associate', 'disassociate')),
    Collection('firewalls', 'firewall', actions=('create_rule', 'destroy_rule')),
    Collection('networks', 'network'),
    Collection('subnets', 'subnet'),
    Collection('network_interfaces', 'network_interface'),
    Collection('load_balancers', 'load_balancer', actions=('register', 'unregister')),
    Collection('buckets', 'bucket'),
    Collection('blobs', 'blob', actions=('content', 'update_metadata'), parent='buckets'),
    Collection('metrics', 'metric', creatable=False, destroyable=False),
)}

# Collections the front end answers itself, without a driver method.
FRONT_END_COLLECTIONS = ('drivers', 'instance_states')


def operation_name(collection, operation):
    return '%s.%s' % (collection, operation)
