"""The broker's catalog: hardware profiles, images and their mappings to provider images."""

import falcon

from broker_core.catalog import hardware_profiles
from broker_core.catalog import images
from broker_core import policy
from broker_mgmt import operations as ops
from broker_mgmt.resources import base
from broker_mgmt import schemas as s

SCALAR = {'type': ['number', 'string']}
PROPERTY = {'anyOf': [SCALAR, s.obj({
    'kind': {'type': 'string', 'enum': ['fixed', 'range', 'enum']},
    'value': SCALAR, 'first': s.NUMBER, 'last': s.NUMBER,
    'values': {'type': 'array', 'items': SCALAR}}, required=['kind'])],
    'description': 'a fixed value, or {kind: fixed|range|enum, value, first, last, values}'}
PROPERTIES = s.obj({name: PROPERTY for name in ('cpu', 'memory', 'storage', 'architecture')})
_PROFILE_FIELDS = {'name': s.NAME, 'description': s.TEXT, 'properties': PROPERTIES}
PROFILE = base.Kind(
    'hardware profile', 'hardware_profiles',
    schema=s.record(dict(_PROFILE_FIELDS, id=s.ID, properties=s.OBJECT)),
    create=s.obj(_PROFILE_FIELDS, required=['name', 'properties']),
    update=s.obj(_PROFILE_FIELDS))

_IMAGE_FIELDS = {'name': s.LABEL, 'description': s.TEXT,
                 'architecture': dict(s.nullable(s.LABEL), maxLength=images.ARCHITECTURE_LENGTH),
                 'properties': s.OBJECT}
IMAGE = base.Kind(
    'image', 'images',
    schema=s.record(dict(_IMAGE_FIELDS, id=s.ID, name=s.STRING, architecture=s.TEXT,
                         owner_id=s.nullable(s.ID))),
    create=s.obj(dict(_IMAGE_FIELDS, owner_id=dict(s.nullable(s.ID),
                                                   description='a user; null: public')),
                 required=['name']),
    update=s.obj(_IMAGE_FIELDS))
MAPPING = base.Kind(
    'image mapping', 'mappings',
    schema=s.record({'id': s.ID, 'image_id': s.ID, 'provider_id': s.nullable(s.ID),
                     'account_id': s.nullable(s.ID), 'provider_image_id': s.STRING}))
MAPPING_BODY = s.obj({'provider_image_id': s.LABEL}, required=['provider_image_id'])


class HardwareProfiles(base.Creatable, base.Collection):
    kind = PROFILE
    operations = PROFILE.collection_operations()

    def fetch_all(self, caller, query):
        policy.authorize(caller, 'catalog:read')
        return hardware_profiles.list_hardware_profiles(caller)

    def make(self, caller, body):
        policy.authorize(caller, 'catalog:create')
        return hardware_profiles.create_hardware_profile(caller, **body)


class HardwareProfile(base.Changeable, base.Deletable, base.Item):
    kind = PROFILE
    operations = PROFILE.item_operations()

    def fetch(self, caller, profile_id):
        policy.authorize(caller, 'catalog:read')
        return hardware_profiles.get_hardware_profile(caller, profile_id)

    def change(self, caller, body, profile_id):
        policy.authorize(caller, 'catalog:update')
        return hardware_profiles.update_hardware_profile(caller, profile_id, **body)

    def remove(self, caller, profile_id):
        policy.authorize(caller, 'catalog:delete')
        hardware_profiles.delete_hardware_profile(caller, profile_id)


class Images(base.Creatable, base.Collection):
    kind = IMAGE
    operations = IMAGE.collection_operations()

    def fetch_all(self, caller, query):
        policy.authorize(caller, 'catalog:read')
        # Whoever may not see every image sees the public ones and their own.
        every = policy.visibility(caller, 'catalog:read').all_pools
        return images.list_images(caller, owner_id=None if every else caller.user_id)

    def make(self, caller, body):
        policy.authorize(caller, 'catalog:create')
        with ops.references(user='owner_id'):
            return images.create_image(caller, **body)


class Image(base.Changeable, base.Deletable, base.Item):
    kind = IMAGE
    operations = IMAGE.item_operations()

    def fetch(self, caller, image_id):
        policy.authorize(caller, 'catalog:read')
        return images.get_image(caller, image_id)

    def change(self, caller, body, image_id):
        policy.authorize(caller, 'catalog:update')
        return images.update_image(caller, image_id, **body)

    def remove(self, caller, image_id):
        policy.authorize(caller, 'catalog:delete')
        images.delete_image(caller, image_id)


class Mappings(base.Collection):
    kind = MAPPING
    tag = 'images'
    operations = MAPPING.collection_operations()

    def fetch_all(self, caller, query, image_id):
        policy.authorize(caller, 'catalog:read')
        return images.list_image_mappings(caller, image_id)


class Mapping(ops.Resource):
    """An image's provider image for every account of a provider, or for one account."""

    tag = 'images'

    def __init__(self, services, target):
        super().__init__(services)
        where = 'every account of a provider' if target == 'provider_id' else 'one account'
        self.operations = {
            'PUT': ops.Operation('Map an image to a provider image in %s' % where,
                                 response=MAPPING.schema, body=MAPPING_BODY),
            'DELETE': ops.Operation('Remove the mapping of an image in %s' % where,
                                    status=204),
        }

    def on_put(self, req, resp, image_id, **target):
        caller = req.context.caller
        policy.authorize(caller, 'catalog:update')
        ops.render(resp, MAPPING.schema, images.set_image_mapping(
            caller, image_id, req.context.body['provider_image_id'], **target))

    def on_delete(self, req, resp, image_id, **target):
        caller = req.context.caller
        policy.authorize(caller, 'catalog:update')
        images.delete_image_mapping(caller, image_id, **target)
        resp.status = falcon.HTTP_204


def routes(services):
    return [('/hardware_profiles', HardwareProfiles(services)),
            ('/hardware_profiles/{profile_id}', HardwareProfile(services)),
            ('/images', Images(services)),
            ('/images/{image_id}', Image(services)),
            ('/images/{image_id}/mappings', Mappings(services)),
            ('/images/{image_id}/mappings/providers/{provider_id}',
             Mapping(services, 'provider_id')),
            ('/images/{image_id}/mappings/accounts/{account_id}',
             Mapping(services, 'account_id'))]
