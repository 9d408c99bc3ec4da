"""Firewall rules of the broker driver, kept in step in every account a firewall is realized in.

Each realization of a firewall remembers which provider rule stands for which broker rule
(``details['rules']``). A new rule is pushed to every realization; if one provider refuses
it, the rule is taken back everywhere and the error raised, so a client never holds a rule
only some accounts enforce. Removing a rule removes it at every provider first and keeps it
while one refuses. A launch brings a realization in step (``sync_rules``): whatever a failed
push or take-back left behind is pushed or withdrawn then. Pushing adopts an equal rule the
provider has already, so repeating a push after an interruption does not double it.
"""

from broker_core.catalog import firewalls
from broker_core.catalog import realizations
from broker_core import errors as broker_errors
from broker_driver import logical
from iaas import errors
from iaas import models

# Deltacloud's "every ICMP type"; the broker stores no ports for it.
ANY_PORT = -1


def to_rule(rule, owner_name):
    """The Deltacloud rule of a broker rule; group sources name the group and its owner."""
    sources = []
    for source in rule['sources']:
        if source.get('type') == 'group':
            sources.append({'type': 'group', 'name': source['name'], 'owner': owner_name})
        else:
            sources.append(dict(source))
    return models.FirewallRule(rule['id'], rule['protocol'], _port(rule['from_port']),
                               _port(rule['to_port']), direction=rule['direction'],
                               sources=sources)


def _port(port):
    return ANY_PORT if port is None else port


def _broker_ports(protocol, port_from, port_to):
    if str(protocol).lower() == 'icmp' and port_from in (None, ANY_PORT) \
            and port_to in (None, ANY_PORT):
        return None, None
    return port_from, port_to


def _signature(rule):
    """What makes two provider rules the same rule, whatever their ids."""
    sources = frozenset((s.get('type'), s.get('address') or s.get('name'))
                        for s in rule.sources)
    return (str(rule.allow_protocol).lower(), rule.port_from, rule.port_to, sources)


def _mapping(known):
    return dict((known['details'] or {}).get('rules') or {})


class FirewallRulesMixin(logical.LogicalMixin):
    """firewalls.create_rule and firewalls.destroy_rule, and rules pushed to realizations."""

    def create_rule_firewall(self, context, firewall_id, protocol, port_from, port_to,
                             sources):
        bctx = self.broker_context(context)
        firewall = self.owned_firewall(bctx, firewall_id)
        port_from, port_to = _broker_ports(protocol, port_from, port_to)
        rule = firewalls.add_rule(bctx, firewall['id'], protocol, port_from, port_to,
                                  self._broker_sources(bctx, sources))
        try:
            for known in self._realizations(bctx, firewall['id']):
                self._push(bctx, known, rule)
        except errors.IaasError:
            self._take_back(bctx, firewall['id'], rule['id'])
            raise
        return self.get_firewall(context, firewall['id'])

    def _take_back(self, bctx, firewall_id, rule_id):
        try:
            self._withdraw_everywhere(bctx, firewall_id, rule_id)
        except errors.IaasError:
            pass  # recorded; the rule's realizations are withdrawn at their next sync
        firewalls.delete_rule(bctx, firewall_id, rule_id)

    def destroy_rule_firewall(self, context, firewall_id, rule_id):
        bctx = self.broker_context(context)
        firewall = self.owned_firewall(bctx, firewall_id)
        if rule_id not in {rule['id'] for rule in firewall['rules']}:
            raise broker_errors.ObjectNotFound(kind='firewall rule', ident=rule_id)
        self._withdraw_everywhere(bctx, firewall['id'], rule_id)
        firewalls.delete_rule(bctx, firewall['id'], rule_id)
        return self.get_firewall(context, firewall['id'])

    def _broker_sources(self, bctx, sources):
        """Deltacloud sources as broker_core takes them: groups by the caller's firewall id."""
        if not isinstance(sources, (list, tuple)):
            return sources  # add_rule refuses it with its reason
        converted = []
        for source in sources:
            if isinstance(source, dict) and source.get('type') == 'group':
                converted.append({'type': 'group',
                                  'firewall_id': self._group(bctx, source)['id']})
            elif isinstance(source, dict) and source.get('type') == 'address':
                converted.append({'type': 'address', 'address': source.get('address')})
            else:
                converted.append(source)
        return converted

    def _group(self, bctx, source):
        name, owner = source.get('name'), source.get('owner')
        if owner in (None, '', bctx.user_name, bctx.user_id):
            for firewall in firewalls.list_firewalls(bctx, owner_id=bctx.user_id):
                if name in (firewall['id'], firewall['name']):
                    return firewall
        raise errors.ValidationError("Firewall '%s' does not exist." % name)

    # -- realizations ---------------------------------------------------------------------

    def realize_firewall(self, bctx, firewall, account_id):
        """The provider id of a firewall in the account, created there on first need."""
        return self.realize(bctx, 'firewall', firewall['id'], account_id,
                            lambda b, account: self._provider_firewall(b, account, firewall))

    def _provider_firewall(self, bctx, account_id, firewall):
        name = logical.provider_name(firewall['id'])
        found = self.find_provider_object(bctx, account_id, 'list_firewalls', name)
        if found is not None:
            return found.id
        description = firewall['description'] or firewall['name']
        return self.account_call(bctx, account_id, 'create_firewall', name, description).id

    def sync_rules(self, bctx, firewall, account_id):
        """Push the rules a realization lacks and withdraw those the firewall no longer has."""
        known = self.realization_of(bctx, 'firewall', firewall['id'], account_id)
        mapping = _mapping(known)
        for rule in firewall['rules']:
            if rule['id'] not in mapping:
                self._push(bctx, known, rule)
        current = {rule['id'] for rule in firewall['rules']}
        for rule_id in set(mapping) - current:
            self._withdraw(bctx, known, rule_id)

    def _realizations(self, bctx, firewall_id):
        found = realizations.list_realizations(bctx, kind='firewall', object_id=firewall_id)
        return [known for known in found
                if known['provider_object_id'] and known['state'] == 'available']

    def _push(self, bctx, known, rule):
        """Create ``rule`` in one realization (or adopt its equal there) and remember it."""
        account_id, provider_firewall = known['account_id'], known['provider_object_id']
        wanted = (rule['protocol'], _port(rule['from_port']), _port(rule['to_port']),
                  self._provider_sources(bctx, rule['sources'], account_id))
        signature = _signature(models.FirewallRule('', *wanted[:3], sources=wanted[3]))
        before = self.account_call(bctx, account_id, 'get_firewall', provider_firewall).rules
        found = [r for r in before if _signature(r) == signature]
        if not found:
            try:
                after = self.account_call(bctx, account_id, 'create_rule_firewall',
                                          provider_firewall, *wanted).rules
            except errors.IaasError as exc:
                logical.record_refusal(bctx, known, 'push_rule', exc, rule_id=rule['id'])
                raise
            old = {r.id for r in before}
            found = [r for r in after if _signature(r) == signature] or [
                r for r in after if r.id not in old]
        self._remember(bctx, known, rule['id'], found[0].id if found else None)

    def _provider_sources(self, bctx, sources, account_id):
        converted = []
        for source in sources:
            if source.get('type') == 'group':
                group = self.owned_firewall(bctx, source['firewall_id'])
                converted.append({'type': 'group',
                                  'name': self.realize_firewall(bctx, group, account_id)})
            else:
                converted.append({'type': 'address', 'address': source['address']})
        return converted

    def _withdraw_everywhere(self, bctx, firewall_id, rule_id):
        """Withdraw a rule from every realization; raise the first refusal after trying all."""
        refusals = []
        for known in self._realizations(bctx, firewall_id):
            if rule_id in _mapping(known):
                try:
                    self._withdraw(bctx, known, rule_id)
                except errors.IaasError as exc:
                    logical.record_refusal(bctx, known, 'withdraw_rule', exc, rule_id=rule_id)
                    refusals.append(exc)
        if refusals:
            raise refusals[0]

    def _withdraw(self, bctx, known, rule_id):
        provider_rule = _mapping(known).get(rule_id)
        if provider_rule is not None:
            self.gone_at_provider(bctx, known['account_id'], 'destroy_rule_firewall',
                                  known['provider_object_id'], provider_rule)
        self._remember(bctx, known, rule_id, None)

    def _remember(self, bctx, known, rule_id, provider_rule_id):
        """Store (or, with None, forget) which provider rule stands for ``rule_id``."""
        fresh = self.realization_of(bctx, 'firewall', known['object_id'], known['account_id'])
        details = dict(fresh['details'] or {})
        mapping = _mapping(fresh)
        if provider_rule_id is None:
            mapping.pop(rule_id, None)
        else:
            mapping[rule_id] = provider_rule_id
        details['rules'] = mapping
        realizations.record_realization(bctx, 'firewall', known['object_id'],
                                        known['account_id'], fresh['provider_object_id'],
                                        details=details)
