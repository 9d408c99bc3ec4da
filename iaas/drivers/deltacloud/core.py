"""What every part of the deltacloud driver shares: the remote, its capabilities, REST helpers."""

from urllib import parse

from iaas import collections
from iaas import driver
from iaas import errors
from iaas.drivers.deltacloud import capabilities as capabilities_mod
from iaas.drivers.deltacloud import client as client_mod
from iaas.drivers.deltacloud import endpoint as endpoint_mod
from iaas.drivers.deltacloud import mappers

# Index filters a Deltacloud API applies itself (every collection filters by id).
REMOTE_FILTERS = {
    'hardware_profiles': ('id', 'architecture'),
    'images': ('id', 'owner_id', 'architecture'),
    'instances': ('id', 'state', 'realm_id'),
}


def quote(object_id):
    """An id as one path segment."""
    return parse.quote(str(object_id), safe="-._~!$&'()*+,=:@")


def member(body, singular):
    """The object of a show or create answer: ``{"instance": {...}}`` or the bare object.

    Deltacloud answers instance actions with the bare instance.
    """
    if isinstance(body, dict) and isinstance(body.get(singular), dict):
        return body[singular]
    if isinstance(body, dict) and 'id' in body:
        return body
    raise errors.ProviderError('The remote Deltacloud API sent no %s' % singular)


def items(body, plural):
    found = body.get(plural) if isinstance(body, dict) else None
    if not isinstance(found, list):
        raise errors.ProviderError('The remote Deltacloud API sent no list of %s' % plural)
    return found


class RemoteCore(driver.Driver):
    """The plumbing; the collections live in mix-ins built on it."""

    def __init__(self, conf, provider=None):
        super().__init__(conf, provider)
        options = conf.deltacloud
        self.endpoint = endpoint_mod.parse_provider(provider or options.default_url,
                                                    options.allowed_hosts)
        self.client = client_mod.RemoteClient(options, self.endpoint)
        self.capabilities = capabilities_mod.Capabilities(
            options.capabilities_ttl,
            lambda: self.client.json(None, 'api', 'GET', auth=False),
            lambda: self.client.json(None, 'instance_states', 'GET', '/instance_states',
                                     auth=False))

    # -- capabilities -----------------------------------------------------------------------

    def supported_operations(self, context):
        """What the remote's ``/api`` implies, less what it has since refused (see capabilities)."""
        return self.capabilities.operations()

    def supported_features(self, context):
        ops = self.supported_operations(context)
        return {collection: list(found)
                for collection, found in self.capabilities.features().items()
                if collections.operation_name(collection, 'index') in ops}

    @property
    def state_machine(self):
        """The remote's own instance state machine, from its ``/api/instance_states``."""
        return self.capabilities.state_machine()

    def authenticate(self, context):
        """Deltacloud's credential check: ``GET /api?force_auth=1`` with the caller's login."""
        if context is None or context.credentials is None:
            raise errors.AuthenticationFailure()
        self.client.request(context, 'api', 'GET', params={'force_auth': '1'})

    # -- REST helpers -----------------------------------------------------------------------

    def _require(self, operation):
        if operation not in self.capabilities.operations():
            raise errors.OperationNotSupported(operation)

    def _request(self, context, operation, method, path, as_json=True, **kwargs):
        """Call the remote for an advertised ``operation``; a 412 is remembered as missing."""
        self._require(operation)
        call = self.client.json if as_json else self.client.request
        try:
            return call(context, operation, method, path, **kwargs)
        except errors.OperationNotSupported:
            self.capabilities.learn(operation, False)
            raise

    def _list(self, context, collection, filters):
        spec = collections.COLLECTIONS[collection]
        remote = {k: v for k, v in filters.items()
                  if k in REMOTE_FILTERS.get(collection, ('id',)) and v not in (None, '')}
        body = self._request(context, collection + '.index', 'GET', '/' + collection,
                             params=remote)
        found = [mappers.parse(spec.singular, item) for item in items(body, collection)]
        return self._filtered(context, found, filters)

    def _filtered(self, context, found, filters):
        # A remote that ignores a filter must not widen the answer.
        local = dict(filters)
        if local.get('owner_id') == 'self':
            local['owner_id'] = context.username if context else None
        return driver.apply_filters(found, **local)

    def _get(self, context, collection, object_id):
        spec = collections.COLLECTIONS[collection]
        body = self._request(context, collection + '.show', 'GET',
                             '/%s/%s' % (collection, quote(object_id)))
        return mappers.parse(spec.singular, member(body, spec.singular))

    def _create(self, context, collection, form, headers=None):
        """POST a form; the created object (or objects, for several instances)."""
        spec = collections.COLLECTIONS[collection]
        body = self._request(context, collection + '.create', 'POST', '/' + collection,
                             data=_form(form), headers=headers)
        if isinstance(body, dict) and isinstance(body.get(collection), list):
            return [mappers.parse(spec.singular, item) for item in body[collection]]
        return mappers.parse(spec.singular, member(body, spec.singular))

    def _destroy(self, context, collection, object_id):
        self._request(context, collection + '.destroy', 'DELETE',
                      '/%s/%s' % (collection, quote(object_id)), as_json=False)

    def _action(self, context, collection, object_id, action, form=None, segment=None):
        """POST a member action; the object it returns, or None for an empty answer."""
        spec = collections.COLLECTIONS[collection]
        response = self._request(
            context, '%s.%s' % (collection, action), 'POST',
            '/%s/%s/%s' % (collection, quote(object_id), segment or action),
            as_json=False, data=_form(form or {}))
        if not response.content:
            return None
        try:
            body = response.json()
        except ValueError:
            raise errors.ProviderError('The remote Deltacloud API sent no JSON for %s.%s'
                                       % (collection, action)) from None
        return mappers.parse(spec.singular, member(body, spec.singular))


def _text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _form(values):
    """Form fields without the absent ones; Deltacloud reads every value as text."""
    return {name: _text(value) for name, value in values.items() if value is not None}
