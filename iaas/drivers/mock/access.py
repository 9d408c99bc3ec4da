"""Keys and firewalls of the mock cloud: who may log in to an instance and reach it."""

import base64
import binascii
import hashlib
import ipaddress
import secrets

from iaas import errors
from iaas import models
from iaas.drivers.mock import codec
from iaas.drivers.mock import core

PEM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='
PEM_LINES, PEM_WIDTH = 21, 75
PROTOCOLS = ('tcp', 'udp', 'icmp')


def fake_pem():
    """A private key that looks like the original mock's: random text in PEM armour."""
    lines = [''.join(secrets.choice(PEM_ALPHABET) for _ in range(PEM_WIDTH))
             for _ in range(PEM_LINES)]
    return ('-----BEGIN RSA PRIVATE KEY-----\n' + '\n'.join(lines)
            + '-----END RSA PRIVATE KEY-----')


def colon_hex(digest):
    return ':'.join('%02x' % b for b in digest)


def public_key_fingerprint(public_key):
    """MD5 of the key blob for an OpenSSH public key (as EC2 shows imports), else SHA-1."""
    parts = public_key.split()
    if len(parts) >= 2:
        try:
            return colon_hex(hashlib.md5(base64.b64decode(parts[1], validate=True),
                                         usedforsecurity=False).digest())
        except (binascii.Error, ValueError):
            pass
    return colon_hex(hashlib.sha1(public_key.encode(), usedforsecurity=False).digest())


def _port(name, value, low):
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise errors.ValidationError("%s must be a port number, not '%s'" % (name, value)) from None
    if not low <= port <= 65535:
        raise errors.ValidationError('%s must be between %d and 65535, not %d' % (name, low, port))
    return port


class AccessMixin(core.MockCore):
    """Keys (id = name) and firewalls with address and group rules."""

    # -- keys -----------------------------------------------------------------------------

    @core.operation('keys.index')
    def list_keys(self, context, **filters):
        with self._store.read() as txn:
            return core.filtered(self._all(txn, models.Key, 'key'), filters)

    get_key = core.show('keys', 'list_keys')

    @core.operation('keys.create')
    def create_key(self, context, name, public_key=None):
        core.check_name('key', name)
        if public_key is not None and not str(public_key).strip():
            raise errors.ValidationError('public_key must not be empty')
        if public_key:
            key = models.Key(name, fingerprint=public_key_fingerprint(public_key),
                             public_key=public_key)
        else:
            pem = fake_pem()
            key = models.Key(name, pem_rsa_key=pem, fingerprint=colon_hex(
                hashlib.sha1(pem.encode(), usedforsecurity=False).digest()))
        with self._store.write() as txn:
            if txn.exists('key', name):
                raise errors.Forbidden('Key with same name already exists')
            txn.insert('key', key.id, codec.dump(key))
        return key

    @core.operation('keys.destroy')
    def destroy_key(self, context, key_id):
        with self._store.write() as txn:
            self._row(txn, 'key', key_id)
            txn.delete('key', key_id)

    # -- firewalls ------------------------------------------------------------------------

    @core.operation('firewalls.index')
    def list_firewalls(self, context, **filters):
        with self._store.read() as txn:
            return core.filtered(self._all(txn, models.Firewall, 'firewall'), filters)

    get_firewall = core.show('firewalls', 'list_firewalls')

    @core.operation('firewalls.create')
    def create_firewall(self, context, name, description=None):
        core.check_name('firewall', name)
        firewall = models.Firewall(name, name, description=description or '',
                                   owner_id=context.username)
        with self._store.write() as txn:
            if txn.exists('firewall', name):
                raise errors.Conflict("Firewall '%s' already exists" % name)
            txn.insert('firewall', firewall.id, codec.dump(firewall))
        return firewall

    @core.operation('firewalls.destroy')
    def destroy_firewall(self, context, firewall_id):
        with self._store.write() as txn:
            self._row(txn, 'firewall', firewall_id)
            users = sorted(row['id'] for row in txn.list('instance')
                           if firewall_id in (row.get('firewall_ids') or []))
            if users:
                raise errors.Conflict("Firewall '%s' is used by instances %s"
                                      % (firewall_id, ', '.join(users)))
            txn.delete('firewall', firewall_id)

    @core.operation('firewalls.create_rule')
    def create_rule_firewall(self, context, firewall_id, protocol, port_from, port_to,
                             sources):
        with self._store.write() as txn:
            firewall = self._get(txn, models.Firewall, 'firewall', firewall_id)
            rule = self._new_rule(txn, context, firewall, protocol, port_from, port_to, sources)
            firewall.rules.append(rule)
            self._save(txn, 'firewall', firewall)
        return firewall

    def _new_rule(self, txn, context, firewall, protocol, port_from, port_to, sources):
        protocol = str(protocol or '').lower()
        if protocol not in PROTOCOLS:
            raise errors.ValidationError("Protocol must be one of %s, not '%s'"
                                         % (', '.join(PROTOCOLS), protocol))
        low = -1 if protocol == 'icmp' else 0
        first, last = _port('port_from', port_from, low), _port('port_to', port_to, low)
        if first > last:
            raise errors.ValidationError('port_from %d is above port_to %d' % (first, last))
        if not sources:
            raise errors.ValidationError('A rule needs at least one source')
        checked = [self._source(txn, context, s) for s in sources]
        for rule in firewall.rules:
            if (rule.allow_protocol, rule.port_from, rule.port_to, rule.sources) == (
                    protocol, first, last, checked):
                raise errors.Conflict("Firewall '%s' already has this rule (%s)"
                                      % (firewall.id, rule.id))
        numbers = [int(r.id[4:]) for r in firewall.rules if r.id[4:].isdigit()]
        return models.FirewallRule('rule%d' % (max(numbers, default=0) + 1), protocol,
                                   first, last, sources=checked)

    def _source(self, txn, context, source):
        kind = source.get('type') if isinstance(source, dict) else None
        if kind == 'address':
            try:
                network = ipaddress.ip_network(str(source.get('address')), strict=False)
            except ValueError:
                raise errors.ValidationError("Source address '%s' is not a CIDR block"
                                             % source.get('address')) from None
            return {'type': 'address', 'address': str(network)}
        if kind == 'group':
            name = source.get('name')
            self._exists_or_invalid(txn, 'firewall', name, 'Firewall')
            return {'type': 'group', 'name': name,
                    'owner': source.get('owner') or context.username}
        raise errors.ValidationError("A rule source is {'type': 'address'|'group', ...}, not %r"
                                     % (source,))

    @core.operation('firewalls.destroy_rule')
    def destroy_rule_firewall(self, context, firewall_id, rule_id):
        with self._store.write() as txn:
            firewall = self._get(txn, models.Firewall, 'firewall', firewall_id)
            kept = [r for r in firewall.rules if r.id != rule_id]
            if len(kept) == len(firewall.rules):
                raise errors.NotFound("Firewall '%s' has no rule '%s'" % (firewall_id, rule_id))
            firewall.rules = kept
            self._save(txn, 'firewall', firewall)
        return firewall
