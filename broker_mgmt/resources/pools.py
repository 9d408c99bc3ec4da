"""Pools, their member accounts, their placement policy and their price overrides."""

import falcon

from broker_core import pool_members
from broker_core import policy
from broker_core import pools
from broker_core import prices
from broker_mgmt import operations as ops
from broker_mgmt.resources import base
from broker_mgmt.resources import providers as provider_resources
from broker_mgmt import schemas as s

STEPS = 100
WEIGHER = s.obj({'name': s.STRING, 'multiplier': s.NUMBER}, required=['name'])
_POLICY_FIELDS = {
    'filters': dict(s.STRINGS, uniqueItems=True, maxItems=STEPS,
                    description='names of placement filters, applied in this order'),
    'weighers': {'type': 'array', 'items': WEIGHER, 'maxItems': STEPS},
    'choice': {'type': 'string', 'enum': list(pools.CHOICES)},
    'top_k': dict(s.INTEGER, minimum=1, maximum=1000),
    'max_attempts': dict(s.INTEGER, minimum=1, maximum=1000),
}
POLICY = s.obj(_POLICY_FIELDS, description='keys left out take the [placement] defaults')
EFFECTIVE_POLICY = s.record(dict(_POLICY_FIELDS, weighers={
    'type': 'array', 'items': s.record({'name': s.STRING, 'multiplier': s.NUMBER},
                                       timestamps=False)}), timestamps=False)
_FIELDS = {'name': s.NAME, 'description': s.TEXT, 'enabled': s.BOOLEAN}
KIND = base.Kind(
    'pool', 'pools',
    schema=s.record(dict(_FIELDS, id=s.ID, policy=s.OBJECT)),
    create=s.obj(dict(_FIELDS, policy=POLICY), required=['name']),
    update=s.obj(_FIELDS),
    filters=(provider_resources.ENABLED,))
REALMS = dict(s.nullable({'type': 'array', 'items': s.LABEL, 'minItems': 1,
                          'uniqueItems': True}),
              description='provider realm ids the pool may use; null for all of them')
MEMBER = base.Kind(
    'pool member', 'members', key='account_id',
    schema=s.record({'id': s.ID, 'pool_id': s.ID, 'account_id': s.ID, 'realms': REALMS,
                     'enabled': s.BOOLEAN}),
    create=s.obj({'account_id': s.ID, 'realms': REALMS, 'enabled': s.BOOLEAN},
                 required=['account_id']),
    update=s.obj({'realms': REALMS, 'enabled': s.BOOLEAN}))
PRICE = base.Kind(
    'price override', 'prices',
    schema=s.record({'id': s.ID, 'pool_id': s.ID, 'provider_hardware_profile_id': s.ID,
                     'price_per_hour': s.NUMBER}))
PRICE_BODY = s.obj({'price_per_hour': s.MONEY}, required=['price_per_hour'])


def authorize(caller, action, pool_id):
    policy.authorize(caller, action, {'pool_id': pool_id})


class Pools(base.Creatable, base.Collection):
    kind = KIND
    operations = KIND.collection_operations()

    def fetch_all(self, caller, query):
        seen = policy.visibility(caller, 'pool:read')
        found = pools.list_pools(caller, enabled=query.get('enabled'))
        return [pool for pool in found if seen.all_pools or pool['id'] in seen.pool_ids]

    def make(self, caller, body):
        policy.authorize(caller, 'pool:create')
        return pools.create_pool(caller, **body)


class Pool(base.Changeable, base.Deletable, base.Item):
    kind = KIND
    operations = KIND.item_operations()

    def fetch(self, caller, pool_id):
        authorize(caller, 'pool:read', pool_id)
        return pools.get_pool(caller, pool_id)

    def change(self, caller, body, pool_id):
        authorize(caller, 'pool:update', pool_id)
        return pools.update_pool(caller, pool_id, **body)

    def remove(self, caller, pool_id):
        authorize(caller, 'pool:delete', pool_id)
        pools.delete_pool(caller, pool_id)


class Policy(ops.Resource):
    """A pool's placement policy, every key filled in; PUT replaces it as a whole."""

    tag = 'pools'
    operations = {
        'GET': ops.Operation("Show a pool's placement policy", response=EFFECTIVE_POLICY,
                             etag=True),
        'PUT': ops.Operation("Replace a pool's placement policy", response=EFFECTIVE_POLICY,
                             body=POLICY, etag=True, conditional=True),
    }

    def on_get(self, req, resp, pool_id):
        ops.render_item(resp, EFFECTIVE_POLICY, self.fetch(req.context.caller, pool_id))

    def on_put(self, req, resp, pool_id):
        caller = req.context.caller
        ops.check_if_match(req, lambda: s.project(EFFECTIVE_POLICY, self.fetch(caller, pool_id)))
        authorize(caller, 'pool:update', pool_id)
        pool = pools.update_pool(caller, pool_id, policy=req.context.body)
        ops.render_item(resp, EFFECTIVE_POLICY, pools.effective_policy(self.conf, pool['policy']))

    def fetch(self, caller, pool_id):
        authorize(caller, 'pool:read', pool_id)
        return pools.get_policy(caller, self.conf, pool_id)


class Members(base.Creatable, base.Collection):
    kind = MEMBER
    tag = 'pools'
    operations = MEMBER.collection_operations()

    def fetch_all(self, caller, query, pool_id):
        authorize(caller, 'pool:read', pool_id)
        return pool_members.list_members(caller, pool_id)

    def make(self, caller, body, pool_id):
        authorize(caller, 'pool:update', pool_id)
        with ops.references(account='account_id'):
            return pool_members.add_member(caller, pool_id, **body)


class Member(base.Changeable, base.Deletable, base.Item):
    kind = MEMBER
    tag = 'pools'
    operations = MEMBER.item_operations()

    def fetch(self, caller, pool_id, account_id):
        authorize(caller, 'pool:read', pool_id)
        return pool_members.get_member(caller, pool_id, account_id)

    def change(self, caller, body, pool_id, account_id):
        authorize(caller, 'pool:update', pool_id)
        return pool_members.update_member(caller, pool_id, account_id, **body)

    def remove(self, caller, pool_id, account_id):
        authorize(caller, 'pool:update', pool_id)
        pool_members.remove_member(caller, pool_id, account_id)


class Prices(base.Collection):
    kind = PRICE
    tag = 'pools'
    operations = PRICE.collection_operations()

    def fetch_all(self, caller, query, pool_id):
        authorize(caller, 'pool:read', pool_id)
        return prices.list_pool_prices(caller, pool_id)


class Price(ops.Resource):
    """The price a pool uses for one provider hardware profile instead of its list price."""

    tag = 'pools'
    operations = {
        'PUT': ops.Operation("Set a pool's price for a provider hardware profile",
                             response=PRICE.schema, body=PRICE_BODY),
        'DELETE': ops.Operation("Drop a pool's price override: the list price applies",
                                status=204),
    }

    def on_put(self, req, resp, pool_id, provider_hardware_profile_id):
        caller = req.context.caller
        authorize(caller, 'pool:update', pool_id)
        ops.render(resp, PRICE.schema, prices.set_pool_price(
            caller, pool_id, provider_hardware_profile_id, req.context.body['price_per_hour']))

    def on_delete(self, req, resp, pool_id, provider_hardware_profile_id):
        caller = req.context.caller
        authorize(caller, 'pool:update', pool_id)
        prices.delete_pool_price(caller, pool_id, provider_hardware_profile_id)
        resp.status = falcon.HTTP_204


def routes(services):
    return [('/pools', Pools(services)),
            ('/pools/{pool_id}', Pool(services)),
            ('/pools/{pool_id}/policy', Policy(services)),
            ('/pools/{pool_id}/members', Members(services)),
            ('/pools/{pool_id}/members/{account_id}', Member(services)),
            ('/pools/{pool_id}/prices', Prices(services)),
            ('/pools/{pool_id}/prices/{provider_hardware_profile_id}', Price(services))]
