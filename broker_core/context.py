"""The caller of a broker operation, which also carries its database transaction."""

import uuid

from oslo_db.sqlalchemy import enginefacade

ADMIN_ROLE = 'admin'


@enginefacade.transaction_context_provider
class RequestContext:
    """Who calls and why; DB functions find their session on it (``context.session``)."""

    def __init__(self, user_id=None, user_name=None, roles=(), is_admin=None, request_id=None):
        self.user_id = user_id
        self.user_name = user_name
        self.roles = frozenset(roles)
        self.is_admin = ADMIN_ROLE in self.roles if is_admin is None else bool(is_admin)
        self.request_id = request_id or 'req-' + str(uuid.uuid4())

    @classmethod
    def admin(cls, user_name='broker', request_id=None):
        """A context with every right, for commands and background work run by the operator."""
        return cls(user_name=user_name, roles=(ADMIN_ROLE,), request_id=request_id)

    def to_dict(self):
        """Plain values for logs and events."""
        return {'user_id': self.user_id, 'user_name': self.user_name,
                'roles': sorted(self.roles), 'is_admin': self.is_admin,
                'request_id': self.request_id}

    def __repr__(self):
        return '<RequestContext user=%s request=%s admin=%s>' % (
            self.user_name or self.user_id, self.request_id, self.is_admin)
