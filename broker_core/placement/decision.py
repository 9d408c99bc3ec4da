"""A placement's outcome: the failover order and everything needed to explain it later."""

import dataclasses
import math
import typing

from broker_core.placement import models

FORMAT_VERSION = 1


@dataclasses.dataclass(frozen=True, slots=True)
class Dropped:
    """A candidate taken out by ``filter`` (the first filter that refused it), and why."""

    candidate: models.Candidate
    filter: str
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class WeigherScores:
    """One weigher's scores, aligned with Decision.survivors (not with the ranking)."""

    name: str
    multiplier: float
    strict: bool
    raw: list
    normalised: list

    def weighted(self, index):
        """What the weigher added to the total of survivor ``index``; None when strict."""
        return None if self.strict else self.multiplier * self.normalised[index]


@dataclasses.dataclass
class Draw:
    """A weighted-random choice: the ranks drawn among, their weights and the rank picked."""

    ranks: list
    weights: list
    picked_rank: int


@dataclasses.dataclass
class Decision:
    """Survivors are in input order; ``ranking`` indexes them best first.

    ``attempts`` is the failover order, cut to the policy's max_attempts: the chosen
    candidate first, then the rest of the ranking.
    """

    request: models.PlacementRequest
    policy: models.Policy
    candidate_count: int
    survivors: list
    dropped: list
    columns: list
    totals: list
    ranking: list
    attempts: list
    draw: typing.Optional[Draw] = None

    @property
    def chosen(self):
        return self.attempts[0] if self.attempts else None

    @property
    def ranked(self):
        """Every surviving candidate, best first."""
        return [self.survivors[index] for index in self.ranking]

    def scores(self, candidate):
        """``{weigher: {raw, normalised, weighted}}`` and the total of a surviving candidate."""
        index = self._index_of(candidate)
        return self._scores_at(index), self.totals[index]

    def to_dict(self, max_ranked=None):
        """A JSON-serialisable explanation in a stable order; ``max_ranked`` cuts ``ranked``.

        Infinite raw scores (an unknown price, an unbounded capacity) appear as null.
        """
        shown = self.ranking if max_ranked is None else self.ranking[:max_ranked]
        policy = self.policy.to_dict()
        for spec, column in zip(policy['weighers'], self.columns):
            spec['strict'] = column.strict
        return {
            'version': FORMAT_VERSION,
            'request': self.request.to_dict(),
            'policy': policy,
            'chosen': _identity(self.chosen) if self.chosen is not None else None,
            'attempts': [_identity(candidate) for candidate in self.attempts],
            'draw': dataclasses.asdict(self.draw) if self.draw is not None else None,
            'counts': {'candidates': self.candidate_count, 'dropped': len(self.dropped),
                       'ranked': len(self.ranking)},
            'ranked': [self._ranked_entry(rank, index) for rank, index in enumerate(shown, 1)],
            'dropped': [dict(_identity(drop.candidate), filter=drop.filter, reason=drop.reason)
                        for drop in self.dropped],
        }

    def _ranked_entry(self, rank, index):
        candidate = self.survivors[index]
        entry = {'rank': rank}
        entry.update(_identity(candidate))
        entry.update({
            'provider_id': candidate.provider_id, 'provider_name': candidate.provider_name,
            'driver': candidate.driver, 'hardware_profile_id': candidate.hardware_profile_id,
            'hardware_values': dict(candidate.hardware_values),
            'image_id': candidate.image_id, 'price_per_hour': _number(candidate.price_per_hour),
            'priority': candidate.priority, 'weight': _number(candidate.weight),
            'error_rate': _number(candidate.error_rate), 'recent_calls': candidate.recent_calls,
            'free_capacity': candidate.free_capacity, 'circuit_state': candidate.circuit_state,
            'total': self.totals[index], 'scores': self._scores_at(index)})
        return entry

    def _scores_at(self, index):
        return {column.name: {'raw': _number(column.raw[index]),
                              'normalised': column.normalised[index],
                              'weighted': column.weighted(index)}
                for column in self.columns}

    def _index_of(self, candidate):
        for index, survivor in enumerate(self.survivors):
            if survivor is candidate:
                return index
        raise ValueError('%s was not ranked by this decision' % candidate.account_name)


def _identity(candidate):
    return {'account_id': candidate.account_id, 'account_name': candidate.account_name,
            'realm_id': candidate.realm_id}


def _number(value):
    """A JSON number, or None for a missing or infinite one (JSON has no Infinity)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None
