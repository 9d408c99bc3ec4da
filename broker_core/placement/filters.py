"""The built-in filters, registered as ``broker.placement.filters`` under the names below."""

import math

from broker_core.placement import base
from broker_core.placement import circuit

PASS, drop = base.PASS, base.drop


class EnabledFilter(base.Filter):
    """``enabled``: drops an account whose account, provider or pool membership is disabled."""

    def passes(self, candidate, request):
        return PASS if candidate.enabled else drop('disabled')

    def filter_all(self, candidates, request):
        return self.split(candidates, request, [c.enabled for c in candidates])


class CircuitFilter(base.Filter):
    """``circuit``: drops an account whose circuit is open, until its cooldown allows a probe.

    The cooldown is [placement] circuit_open_seconds (Policy.circuit_open_seconds); the
    clock is the request's ``now``, else read once per placement.
    """

    def __init__(self, policy):
        super().__init__(policy)
        self._clock = circuit.utcnow()

    def passes(self, candidate, request):
        if candidate.circuit_state == circuit.CLOSED:
            return PASS
        left = circuit.cooldown_left(candidate, request.now or self._clock,
                                     self.policy.circuit_open_seconds)
        if not left:
            return PASS
        if candidate.circuit_opened_at is None:
            return drop('circuit %s' % candidate.circuit_state)
        return drop('circuit %s after %d consecutive failures; next probe in %ds'
                    % (candidate.circuit_state, candidate.consecutive_failures, math.ceil(left)))

    def filter_all(self, candidates, request):
        passes = self.passes
        return self.split(candidates, request, [
            c.circuit_state == circuit.CLOSED or passes(c, request)[0] for c in candidates])


class RealmFilter(base.Filter):
    """``realm``: the pool member's realm restriction, then the request's realm wish.

    A wish matches the candidate's provider realm id or its location label.
    """

    def passes(self, candidate, request):
        allowed = candidate.allowed_realms
        if allowed is not None and candidate.realm_id not in allowed:
            return drop('realm %s is not one the pool uses in this account (%s)'
                        % (candidate.realm_id, ', '.join(sorted(allowed)) or 'none'))
        wish = request.realm
        if wish is not None and wish != candidate.realm_id and wish != candidate.location:
            return drop('realm %s (location %s) is not the requested %s'
                        % (candidate.realm_id, candidate.location, wish))
        return PASS

    def filter_all(self, candidates, request):
        wish = request.realm
        return self.split(candidates, request, [
            (c.allowed_realms is None or c.realm_id in c.allowed_realms)
            and (wish is None or wish == c.realm_id or wish == c.location)
            for c in candidates])


class HardwareProfileFilter(base.Filter):
    """``hardware_profile``: drops an account where no provider profile satisfies the request."""

    def passes(self, candidate, request):
        if candidate.hardware_profile_id is not None:
            return PASS
        wanted = request.hardware_profile_id or dict(request.hardware_values)
        return drop('no hardware profile satisfies %s' % (wanted,))

    def filter_all(self, candidates, request):
        return self.split(candidates, request,
                          [c.hardware_profile_id is not None for c in candidates])


class ImageFilter(base.Filter):
    """``image``: drops an account where the requested broker image has no provider image."""

    def passes(self, candidate, request):
        if request.image_id is None or candidate.image_id is not None:
            return PASS
        return drop('image %s is not mapped' % request.image_id)

    def filter_all(self, candidates, request):
        if request.image_id is None:
            return candidates, []
        return self.split(candidates, request, [c.image_id is not None for c in candidates])


class QuotaFilter(base.Filter):
    """``quota``: drops an account when a quota scope has no room for instance_count more.

    Only a pre-check, to spare hopeless attempts: the reservation that launches is what
    enforces quotas, under row locks.
    """

    def passes(self, candidate, request):
        wanted = request.instance_count
        for scope, room in candidate.quota_headroom.items():
            if room < wanted:
                return drop('%s quota has room for %d more, %d requested' % (scope, room, wanted))
        return PASS

    def filter_all(self, candidates, request):
        wanted = request.instance_count
        return self.split(candidates, request, [
            not c.quota_headroom or min(c.quota_headroom.values()) >= wanted
            for c in candidates])


class CapacityFilter(base.Filter):
    """``capacity``: drops an account whose free capacity is below instance_count."""

    def passes(self, candidate, request):
        free = candidate.free_capacity
        if free is None or free >= request.instance_count:
            return PASS
        return drop('free capacity %d (of %d, %d in use), %d requested'
                    % (free, candidate.capacity, candidate.in_use, request.instance_count))

    def filter_all(self, candidates, request):
        wanted = request.instance_count
        if wanted <= 0:
            return candidates, []
        # With at least one instance wanted, free capacity's floor of 0 cannot matter.
        return self.split(candidates, request, [
            c.capacity is None or c.capacity - c.in_use >= wanted for c in candidates])
