"""Users (passwords write-only), groups and their members, and role grants."""

import falcon

from broker_core import errors
from broker_core import identity
from broker_core import passwords
from broker_core import policy
from broker_core import roles
from broker_mgmt import operations as ops
from broker_mgmt.resources import base
from broker_mgmt import schemas as s

USER_NAME = {'type': 'string', 'minLength': 1, 'maxLength': 64,
             'description': 'a letter, then letters, digits, ".", "_" or "-"; lowercased'}
DESCRIPTION = dict(s.TEXT, maxLength=identity.DESCRIPTION_LENGTH)
PASSWORD = {'type': ['string', 'null'], 'minLength': passwords.MIN_LENGTH,
            'maxLength': passwords.MAX_LENGTH,
            'format': 'password', 'description': 'write-only; null: the user cannot log in'}
USER = base.Kind(
    'user', 'users',
    schema=s.record({'id': s.ID, 'name': s.STRING, 'description': s.TEXT,
                     'enabled': s.BOOLEAN}),
    create=s.obj({'name': USER_NAME, 'password': PASSWORD, 'description': DESCRIPTION,
                  'enabled': s.BOOLEAN}, required=['name']),
    update=s.obj({'description': DESCRIPTION, 'enabled': s.BOOLEAN}))
PASSWORD_BODY = s.obj(
    {'password': PASSWORD,
     'current_password': {'type': 'string', 'format': 'password',
                          'description': 'needed by users changing their own'}},
    required=['password'])
GROUP = base.Kind(
    'group', 'groups',
    schema=s.record({'id': s.ID, 'name': s.STRING, 'description': s.TEXT}),
    create=s.obj({'name': USER_NAME, 'description': DESCRIPTION}, required=['name']),
    update=s.obj({'description': DESCRIPTION}))
MEMBER = base.Kind('group member', 'members', schema=USER.schema,
                   create=s.obj({'user_id': s.ID}, required=['user_id']))
NULLABLE_ID = s.nullable(s.ID)
GRANT = base.Kind(
    'role grant', 'grants',
    schema=s.record({'id': s.ID, 'role': s.STRING, 'user_id': NULLABLE_ID,
                     'group_id': NULLABLE_ID, 'pool_id': NULLABLE_ID}),
    create=s.obj({'role': {'type': 'string', 'enum': list(policy.ROLES)},
                  'user_id': NULLABLE_ID, 'group_id': NULLABLE_ID,
                  'pool_id': dict(NULLABLE_ID, description='null: every pool')},
                 required=['role']),
    filters=tuple(ops.Param(name, s.ID, 'only grants of this %s' % name[:-3])
                  for name in ('user_id', 'group_id', 'pool_id')))


class Users(base.Creatable, base.Collection):
    kind = USER
    operations = USER.collection_operations()

    def fetch_all(self, caller, query):
        return identity.list_users(caller)

    def make(self, caller, body):
        return identity.create_user(caller, **body)


class User(base.Changeable, base.Deletable, base.Item):
    kind = USER
    operations = USER.item_operations()

    def fetch(self, caller, user_id):
        return identity.get_user(caller, user_id)

    def change(self, caller, body, user_id):
        user = identity.update_user(caller, user_id, **body)
        self.services.logins.clear()  # a disabled user must not go on with a cached login
        return user

    def remove(self, caller, user_id):
        identity.delete_user(caller, user_id)
        self.services.logins.clear()


class Password(ops.Resource):
    """PUT only: a password is set, never read back."""

    tag = 'users'
    operations = {'PUT': ops.Operation("Set a user's password", status=204,
                                       body=PASSWORD_BODY)}

    def on_put(self, req, resp, user_id):
        body = req.context.body
        identity.set_password(req.context.caller, user_id, body['password'],
                              current_password=body.get('current_password'))
        self.services.logins.clear()
        resp.status = falcon.HTTP_204


class UserGroups(base.Collection):
    kind = base.Kind('group', 'groups', schema=GROUP.schema)
    operations = kind.collection_operations()
    tag = 'users'

    def fetch_all(self, caller, query, user_id):
        return identity.groups_of(caller, user_id)


class Groups(base.Creatable, base.Collection):
    kind = GROUP
    operations = GROUP.collection_operations()

    def fetch_all(self, caller, query):
        return identity.list_groups(caller)

    def make(self, caller, body):
        return identity.create_group(caller, **body)


class Group(base.Changeable, base.Deletable, base.Item):
    kind = GROUP
    operations = GROUP.item_operations()

    def fetch(self, caller, group_id):
        return identity.get_group(caller, group_id)

    def change(self, caller, body, group_id):
        return identity.update_group(caller, group_id, **body)

    def remove(self, caller, group_id):
        identity.delete_group(caller, group_id)


class Members(base.Creatable, base.Collection):
    kind = MEMBER
    operations = MEMBER.collection_operations()
    tag = 'groups'

    def fetch_all(self, caller, query, group_id):
        return identity.list_members(caller, group_id)

    def make(self, caller, body, group_id):
        with ops.references(user='user_id'):
            identity.add_member(caller, group_id, body['user_id'])
        return identity.get_user(caller, body['user_id'])


class Member(base.Deletable, base.Item):
    kind = MEMBER
    operations = MEMBER.item_operations()
    tag = 'groups'

    def fetch(self, caller, group_id, user_id):
        for user in identity.list_members(caller, group_id):
            if user['id'] == user_id:
                return user
        raise errors.ObjectNotFound(kind='membership', ident=user_id)

    def remove(self, caller, group_id, user_id):
        identity.remove_member(caller, group_id, user_id)


class Grants(base.Creatable, base.Collection):
    kind = GRANT
    operations = GRANT.collection_operations()

    def fetch_all(self, caller, query):
        return roles.list_grants(caller, user_id=query.get('user_id'),
                                 group_id=query.get('group_id'), pool_id=query.get('pool_id'))

    def make(self, caller, body):
        with ops.references(user='user_id', group='group_id', pool='pool_id'):
            return roles.grant_role(caller, **body)


class Grant(base.Deletable, base.Item):
    kind = GRANT
    operations = GRANT.item_operations()

    def fetch(self, caller, grant_id):
        return roles.get_grant(caller, grant_id)

    def remove(self, caller, grant_id):
        roles.revoke_role(caller, grant_id)


def routes(services):
    return [('/users', Users(services)),
            ('/users/{user_id}', User(services)),
            ('/users/{user_id}/password', Password(services)),
            ('/users/{user_id}/groups', UserGroups(services)),
            ('/groups', Groups(services)),
            ('/groups/{group_id}', Group(services)),
            ('/groups/{group_id}/members', Members(services)),
            ('/groups/{group_id}/members/{user_id}', Member(services)),
            ('/grants', Grants(services)),
            ('/grants/{grant_id}', Grant(services))]
