"""Keys and firewalls of the broker driver: users' broker objects, realized per account on need.

Listing, showing, creating and destroying answer from broker_core without a provider call.
A launch calls :meth:`AccessMixin.launch_access` once it knows its account: the key and the
firewalls are created there the first time an instance of that account needs them (named
``broker-<broker id>``) and reused afterwards. Rules added to or removed from a firewall
are pushed to every account it is realized in; see :mod:`broker_driver.firewall_rules`.
"""

import logging

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import serialization

from broker_core.catalog import firewalls
from broker_core.catalog import keys
from broker_core import accounts
from broker_core import errors as broker_errors
from broker_driver import firewall_rules
from broker_driver import logical
from iaas import driver as driver_mod
from iaas import errors
from iaas import models

LOG = logging.getLogger(__name__)
GENERATED_KEY_BITS = 2048


def generate_key_pair():
    """(private key PEM, OpenSSH public key) of a new RSA key; the private half is not kept."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=GENERATED_KEY_BITS)
    pem = private.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode()
    public = private.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                               serialization.PublicFormat.OpenSSH).decode()
    return pem, public


def to_key(key, pem=None):
    """The Deltacloud key of a broker key: its id is its name, unique per user."""
    return models.Key(key['name'], fingerprint=key['fingerprint'], public_key=key['public_key'],
                      pem_rsa_key=pem, state='AVAILABLE')


class AccessMixin(firewall_rules.FirewallRulesMixin, logical.LogicalMixin):
    """keys.* and firewalls.*, and the realization of both for launches."""

    # -- keys -----------------------------------------------------------------------------

    def list_keys(self, context, **filters):
        bctx = self.broker_context(context)
        return driver_mod.apply_filters(
            [to_key(key) for key in keys.list_keys(bctx, owner_id=bctx.user_id)], **filters)

    def get_key(self, context, key_id):
        return to_key(self.key_named(self.broker_context(context), key_id))

    def key_named(self, bctx, name):
        """The caller's broker key called ``name`` (its Deltacloud id); ObjectNotFound else."""
        for key in keys.list_keys(bctx, owner_id=bctx.user_id):
            if key['name'] == name:
                return key
        raise broker_errors.ObjectNotFound(kind='key', ident=name)

    def create_key(self, context, name, public_key=None):
        """Import ``public_key``, or make a key pair whose private half is shown this once."""
        bctx = self.broker_context(context)
        pem = None
        if public_key is None:
            pem, public_key = generate_key_pair()
        try:
            key = keys.create_key(bctx, bctx.user_id, name, public_key)
        except broker_errors.ObjectExists:
            raise errors.Forbidden('Key with same name already exists') from None
        return to_key(key, pem)

    def destroy_key(self, context, key_id):
        """Delete the key at every provider it was realized at, then in the broker."""
        bctx = self.broker_context(context)
        key = self.key_named(bctx, key_id)
        keys.check_deletable(bctx, key['id'])
        self.retire(bctx, 'key', key['id'], 'destroy_key')
        keys.delete_key(bctx, key['id'])

    def realize_key(self, bctx, key, account_id):
        """The provider's id (its key name) of the caller's broker key in the account.

        ``key`` is the broker key's id or its record (as ``launch.find_key`` gives it).
        """
        key_id = key['id'] if isinstance(key, dict) else key
        key = logical.get_owned(bctx, keys.get_key, 'key', key_id)
        return self.realize(bctx, 'key', key['id'], account_id,
                            lambda b, account: self._provider_key(b, account, key))

    def _provider_key(self, bctx, account_id, key):
        name = logical.provider_name(key['id'])
        found = self.find_provider_object(bctx, account_id, 'list_keys', name)
        if found is not None:
            return found.id
        if not self.account_call(bctx, account_id, 'has_feature', 'keys', 'import_key'):
            raise errors.NotImplementedFeature(
                "Account '%s' cannot import the public key '%s'"
                % (accounts.get_account(bctx, account_id)['name'], key['name']))
        return self.account_call(bctx, account_id, 'create_key', name,
                                 public_key=key['public_key']).id

    # -- firewalls ------------------------------------------------------------------------

    def list_firewalls(self, context, **filters):
        bctx = self.broker_context(context)
        return driver_mod.apply_filters(
            [self.to_firewall(bctx, firewall)
             for firewall in firewalls.list_firewalls(bctx, owner_id=bctx.user_id)], **filters)

    def get_firewall(self, context, firewall_id):
        bctx = self.broker_context(context)
        return self.to_firewall(bctx, self.owned_firewall(bctx, firewall_id))

    def owned_firewall(self, bctx, firewall_id):
        return logical.get_owned(bctx, firewalls.get_firewall, 'firewall', firewall_id)

    def create_firewall(self, context, name, description=None):
        bctx = self.broker_context(context)
        created = firewalls.create_firewall(bctx, bctx.user_id, name, description)
        return self.to_firewall(bctx, created)

    def destroy_firewall(self, context, firewall_id):
        """Conflict while instances or rules use it; else gone at its providers, then here."""
        bctx = self.broker_context(context)
        firewall = self.owned_firewall(bctx, firewall_id)
        firewalls.check_deletable(bctx, firewall['id'])
        self.retire(bctx, 'firewall', firewall['id'], 'destroy_firewall')
        firewalls.delete_firewall(bctx, firewall['id'])

    def to_firewall(self, bctx, firewall):
        return models.Firewall(
            firewall['id'], firewall['name'], firewall['description'] or '',
            owner_id=bctx.user_name,
            rules=[firewall_rules.to_rule(rule, bctx.user_name) for rule in firewall['rules']])

    # -- realization for launches ---------------------------------------------------------

    def realize_firewalls(self, bctx, firewall_ids, account_id):
        """The provider ids of the caller's firewalls in the account, rules in step."""
        provider_ids = []
        for firewall_id in firewall_ids:
            firewall = self.owned_firewall(bctx, firewall_id)
            provider_ids.append(self.realize_firewall(bctx, firewall, account_id))
            self.sync_rules(bctx, firewall, account_id)
        return provider_ids

    def launch_access(self, bctx, key, firewall_ids, account_id):
        """(provider key name or None, provider firewall ids) for a launch in the account.

        ``key`` is the launch's broker key (record or id) or None; ``firewall_ids`` are
        broker firewall ids (see ``resolve_firewalls``). Call it per attempted account,
        before the provider's create_instance: what it creates there is reused later.
        """
        keyname = None if key is None else self.realize_key(bctx, key, account_id)
        return keyname, self.realize_firewalls(bctx, firewall_ids or (), account_id)

    def resolve_firewalls(self, bctx, firewall_ids):
        """The broker ids of a launch's firewalls (ids or names); 400 for unknown ones."""
        resolved = []
        for firewall_id in firewall_ids or ():
            resolved.append(self._group(bctx, {'name': firewall_id})['id'])
        return resolved
