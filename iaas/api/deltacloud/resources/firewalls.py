"""Firewall rules: ``POST /api/firewalls/<id>/rules`` adds one; ``DELETE`` of a rule drops it."""

from iaas.api.deltacloud import render
from iaas import collections

FIREWALLS = collections.COLLECTIONS['firewalls']


class RuleResource:
    def on_delete(self, req, resp, object_id, rule_id):
        req.context.session.call(FIREWALLS, 'destroy_rule', object_id, rule_id)
        render.empty(req, resp, 204, content_type=False)
