"""What every part of the mock driver shares: its store, credentials, knobs and row helpers."""

import functools
import hmac
import re
import threading
import time

from iaas import driver
from iaas import errors
from iaas import models
from iaas import states
from iaas.drivers.mock import codec
from iaas.drivers.mock import knobs as knobs_mod
from iaas.drivers.mock import seed
from iaas.drivers.mock import store as store_mod

# Names that become ids and URL segments: no slashes, no control characters.
NAME_PATTERN = re.compile(r'^[^/\x00-\x1f\x7f]{1,255}$')
# Row keys that are the mock's own bookkeeping, never part of a value object.
PRIVATE_PREFIX = '_'


def operation(name, auth=True):
    """Mark a driver method as the operation ``name``: credentials, latency, failures.

    Only the outermost operation of a call pays the knobs: ``create_instance`` looking up
    its image through ``get_image`` is one operation, not two.
    """
    def decorate(func):
        @functools.wraps(func)
        def wrapper(self, context, *args, **kwargs):
            local = self._local
            if getattr(local, 'active', False):
                return func(self, context, *args, **kwargs)
            if auth:
                self._check_credentials(context)
            local.active = True
            try:
                local.knobs = self._enter(name)
                return func(self, context, *args, **kwargs)
            finally:
                local.active = False
        wrapper.operation = name
        return wrapper
    return decorate


def show(collection, lister):
    """A ``get_<singular>`` that finds the object in its listing, as its own operation."""
    @operation(collection + '.show', auth=collection != 'hardware_profiles')
    def get(self, context, object_id):
        return self._find(getattr(self, lister), context, object_id)
    get.__doc__ = 'One object of %s by id; NotFound when there is none.' % collection
    return get


def check_name(what, name):
    """A user-chosen name that will be an id; ValidationError when missing or unusable."""
    if name is None or name == '':
        raise errors.MissingParameter(name='name')
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise errors.ValidationError("Invalid %s name '%s'" % (what, name))
    return name


def first_free(prefix, taken, count=1, start=0):
    """The ``count`` lowest ids ``<prefix><n>`` not in ``taken``, as the original mock numbers."""
    found, n = [], start
    while len(found) < count:
        if prefix + str(n) not in taken:
            found.append(prefix + str(n))
        n += 1
    return found


def load_instance(row, now=None):
    """The instance of a row; PENDING turns RUNNING once its boot time has passed."""
    instance = codec.load(models.Instance, row)
    ready_at = row.get('_ready_at')
    if instance.state == states.PENDING and ready_at is not None:
        if (now or time.time()) >= ready_at:
            instance.state = states.RUNNING
    return instance


def dump_with(obj, row=None, **private):
    """A row for ``obj`` that keeps the old row's bookkeeping keys, plus ``private`` ones."""
    data = codec.dump(obj)
    if row:
        data.update({k: v for k, v in row.items() if k.startswith(PRIVATE_PREFIX)})
    data.update({PRIVATE_PREFIX + k: v for k, v in private.items()})
    return data


class MockCore(driver.Driver):
    """The mock's plumbing; the collections live in mix-ins built on it."""

    def __init__(self, conf, provider=None):
        super().__init__(conf, provider)
        self.provider_name = store_mod.provider_name(provider)
        path = store_mod.database_path(conf, provider)
        self._store = store_mod.Store(
            path, seed.seed, admit=lambda: store_mod.admit_new_provider(conf, path))
        self._local = threading.local()

    # -- plumbing ---------------------------------------------------------------------------

    def _check_credentials(self, context):
        creds = context.credentials if context is not None else None
        if creds is None:
            raise errors.AuthenticationFailure()
        user_ok = hmac.compare_digest(str(creds.username).encode(),
                                      str(self.conf.mock.username).encode())
        password_ok = hmac.compare_digest(str(creds.password).encode(),
                                          str(self.conf.mock.password).encode())
        if not (user_ok and password_ok):
            raise errors.AuthenticationFailure()

    def _enter(self, operation_name):
        with self._store.read() as txn:
            current = knobs_mod.from_stored(self.conf, txn.knobs())
        knobs_mod.apply(self._store, current, operation_name, self.provider_name)
        return current

    @property
    def _knobs(self):
        """The knobs the current operation started with."""
        return self._local.knobs

    def authenticate(self, context):
        """Valid credentials are the [mock] user name and password; nothing else is checked."""
        self._check_credentials(context)

    # -- rows -------------------------------------------------------------------------------

    def _row(self, txn, kind, object_id, error=errors.NotFound):
        row = txn.get(kind, object_id) if object_id else None
        if row is None:
            raise error()
        return row

    def _get(self, txn, cls, kind, object_id, error=errors.NotFound):
        return codec.load(cls, self._row(txn, kind, object_id, error))

    def _all(self, txn, cls, kind, **kwargs):
        return [codec.load(cls, row) for row in txn.list(kind, **kwargs)]

    def _save(self, txn, kind, obj):
        txn.update(kind, obj.id, codec.dump(obj))

    def _owned_instance_row(self, txn, context, instance_id, error=errors.NotFound):
        """The caller's instance row; another owner's instance does not exist for the caller."""
        row = txn.get('instance', instance_id) if instance_id else None
        if row is None or row.get('owner_id') != context.username:
            raise error()
        return row

    def _instance_param(self, txn, context, instance_id):
        """An instance named in a parameter: ValidationError rather than 404 when unknown."""
        def missing():
            return errors.ValidationError("Instance '%s' does not exist." % instance_id)
        row = self._owned_instance_row(txn, context, instance_id, missing)
        return load_instance(row), row

    def _save_instance(self, txn, instance, row):
        txn.update('instance', instance.id, dump_with(instance, row))

    def _exists_or_invalid(self, txn, kind, object_id, what):
        if not txn.exists(kind, object_id):
            raise errors.ValidationError("%s '%s' does not exist." % (what, object_id))


def filtered(objects, filters):
    return driver.apply_filters(objects, **filters)
