"""Provider accounts: write-only credentials, catalog sync, health and discovered catalogs."""

import falcon

from broker_core import accounts
from broker_core import discovery
from broker_core import health
from broker_core import policy
from broker_mgmt import operations as ops
from broker_mgmt.resources import base
from broker_mgmt.resources import providers as provider_resources
from broker_mgmt import schemas as s

CREDENTIALS = s.obj(
    {'username': s.LABEL, 'password': {'type': 'string', 'minLength': 1, 'format': 'password'}},
    required=['username', 'password'],
    additional={'type': 'string', 'minLength': 1}, propertyNames={'maxLength': 64},
    description='write-only: never shown by any response')
_FIELDS = {
    'name': s.NAME,
    'description': s.TEXT,
    'options': s.OBJECT,
    'enabled': s.BOOLEAN,
    'weight': dict(s.NUMBER, minimum=0),
    'priority': dict(s.INTEGER, minimum=-1000, maximum=1000),
}
HEALTH_FIELDS = {
    'consecutive_failures': s.INTEGER,
    'error_rate': s.NUMBER,
    'circuit_state': s.STRING,
    'circuit_opened_at': s.nullable(s.TIMESTAMP),
    'last_success_at': s.nullable(s.TIMESTAMP),
    'last_failure_at': s.nullable(s.TIMESTAMP),
    'last_error': s.TEXT,
}
KIND = base.Kind(
    'provider account', 'accounts',
    schema=s.record(dict(_FIELDS, **HEALTH_FIELDS, id=s.ID, provider_id=s.ID,
                         synced_at=s.nullable(s.TIMESTAMP))),
    create=s.obj(dict(_FIELDS, provider_id=s.ID, credentials=CREDENTIALS),
                 required=['provider_id', 'name', 'credentials']),
    update=s.obj(_FIELDS),
    filters=(ops.Param('provider_id', s.ID, 'only accounts of this provider'),
             provider_resources.ENABLED))
HEALTH = s.record(dict(HEALTH_FIELDS, account_id=s.ID, account_name=s.STRING),
                  timestamps=False)
COUNTS = s.record({key: s.INTEGER for key in ('added', 'changed', 'vanished', 'reappeared')},
                  timestamps=False)
SYNC = s.record({collection: COUNTS for collection in discovery.COLLECTIONS},
                timestamps=False)


class Accounts(base.Creatable, base.Collection):
    kind = KIND
    operations = KIND.collection_operations()

    def fetch_all(self, caller, query):
        policy.authorize(caller, 'account:read')
        return accounts.list_accounts(caller, provider_id=query.get('provider_id'),
                                      enabled=query.get('enabled'))

    def make(self, caller, body):
        policy.authorize(caller, 'account:create')
        with ops.references(provider='provider_id'):
            return accounts.create_account(caller, self.broker, **body)


class Account(base.Changeable, base.Deletable, base.Item):
    kind = KIND
    operations = KIND.item_operations()

    def fetch(self, caller, account_id):
        policy.authorize(caller, 'account:read')
        return accounts.get_account(caller, account_id)

    def change(self, caller, body, account_id):
        policy.authorize(caller, 'account:update')
        return accounts.update_account(caller, account_id, **body)

    def remove(self, caller, account_id):
        policy.authorize(caller, 'account:delete')
        accounts.delete_account(caller, account_id)


class Credentials(ops.Resource):
    """PUT only: credentials are replaced, never read back."""

    tag = 'accounts'
    operations = {'PUT': ops.Operation('Replace the credentials of an account', status=204,
                                       body=CREDENTIALS)}

    def on_put(self, req, resp, account_id):
        caller = req.context.caller
        policy.authorize(caller, 'account:update')
        accounts.set_credentials(caller, self.broker, account_id, req.context.body)
        resp.status = falcon.HTTP_204


class Sync(ops.Resource):
    tag = 'accounts'
    operations = {'POST': ops.Operation(
        "Ask the account's provider for its catalog and store it; what changed", response=SYNC)}

    def on_post(self, req, resp, account_id):
        caller = req.context.caller
        policy.authorize(caller, 'account:update')
        ops.render(resp, SYNC, discovery.sync_account(caller, self.broker, account_id))


class Health(ops.Resource):
    tag = 'accounts'
    operations = {'GET': ops.Operation('Circuit state and recent error rate of an account',
                                       response=HEALTH)}

    def on_get(self, req, resp, account_id):
        caller = req.context.caller
        policy.authorize(caller, 'account:read')
        ops.render(resp, HEALTH, health.get_health(caller, account_id))


INCLUDE_VANISHED = ops.Param('include_vanished', s.BOOLEAN,
                             'also what the provider no longer lists')


def _discovered(key_column, **extra):
    return s.record(dict(extra, id=s.ID, account_id=s.ID, name=s.TEXT, properties=s.OBJECT,
                         vanished_at=s.nullable(s.TIMESTAMP), **{key_column: s.STRING}))


DISCOVERED = {
    'realms': (_discovered('provider_realm_id', state=s.TEXT), discovery.list_realms),
    'hardware_profiles': (_discovered('provider_profile_id',
                                      price_per_hour=s.nullable(s.NUMBER)),
                          discovery.list_hardware_profiles),
    'images': (_discovered('provider_image_id', description=s.TEXT, architecture=s.TEXT,
                           state=s.TEXT), discovery.list_images),
}


class Discovered(base.Collection):
    """What the last sync found in an account: realms, hardware profiles or images."""

    tag = 'accounts'

    def __init__(self, services, collection):
        super().__init__(services)
        schema, self.lister = DISCOVERED[collection]
        self.kind = base.Kind('discovered ' + collection[:-1].replace('_', ' '), collection, schema,
                              filters=(INCLUDE_VANISHED,))
        self.operations = self.kind.collection_operations()

    def fetch_all(self, caller, query, account_id):
        policy.authorize(caller, 'account:read')
        return self.lister(caller, account_id,
                           include_vanished=query.get('include_vanished', False))


def routes(services):
    found = [('/accounts', Accounts(services)),
             ('/accounts/{account_id}', Account(services)),
             ('/accounts/{account_id}/credentials', Credentials(services)),
             ('/accounts/{account_id}/sync', Sync(services)),
             ('/accounts/{account_id}/health', Health(services))]
    found += [('/accounts/{account_id}/' + name, Discovered(services, name))
              for name in DISCOVERED]
    return found
