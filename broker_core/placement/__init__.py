"""Placement: filters drop candidate accounts, weighers rank the rest, a Decision explains it.

Database-free: the broker driver builds the candidates and stores ``Decision.to_dict()``.
Importing this package loads no plug-in; ``place`` loads the ones a policy names.
"""

from broker_core.placement.circuit import circuit_allows
from broker_core.placement.decision import Decision, Dropped
from broker_core.placement.loading import PlacementStepLoadError, UnknownPlacementStep
from broker_core.placement.models import Candidate, PlacementRequest, Policy, WeigherSpec
from broker_core.placement.pipeline import place

__all__ = [
    'Candidate', 'Decision', 'Dropped', 'PlacementRequest', 'PlacementStepLoadError', 'Policy',
    'UnknownPlacementStep', 'WeigherSpec', 'circuit_allows', 'place',
]
