"""Finds filters and weighers by name through stevedore, loading each list once, on first use."""

import functools
from importlib import metadata
import logging

from stevedore import named

from broker_core import errors
from broker_core.placement import base
from iaas import errors as iaas_errors

LOG = logging.getLogger(__name__)
FILTER_NAMESPACE = 'broker.placement.filters'
WEIGHER_NAMESPACE = 'broker.placement.weighers'
# Pools use few distinct lists; the bound only stops a pathological policy churn from growing.
MAX_CACHED_LISTS = 128
_FIELDS = {FILTER_NAMESPACE: 'policy.filters', WEIGHER_NAMESPACE: 'policy.weighers'}


class UnknownPlacementStep(errors.Invalid):
    """A policy names filters or weighers that are not installed; ``names`` lists them."""

    def __init__(self, namespace, names, known=()):
        self.namespace = namespace
        self.names = sorted(names)
        reason = 'unknown %s %s' % (_kind(namespace), ', '.join(map(repr, self.names)))
        if known:
            reason += '; known are %s' % ', '.join(sorted(known))
        super().__init__(field=_FIELDS.get(namespace, namespace), reason=reason)


class PlacementStepLoadError(iaas_errors.IaasError):
    """An installed filter or weigher failed to import: a deployment error, named."""

    msg_fmt = "Placement step '%(name)s' of %(namespace)s cannot be loaded: %(reason)s"


def filter_classes(names):
    """The Filter classes of ``names``, in that order; resolved once per list."""
    return _classes(FILTER_NAMESPACE, tuple(names))


def weigher_classes(names):
    """The Weigher classes of ``names``, in that order; resolved once per list."""
    return _classes(WEIGHER_NAMESPACE, tuple(names))


def filter_manager(names):
    """The NamedExtensionManager of the filters ``names``, in that order (cached per list)."""
    return _manager(FILTER_NAMESPACE, tuple(names))


def weigher_manager(names):
    """The NamedExtensionManager of the weighers ``names``, in that order (cached per list)."""
    return _manager(WEIGHER_NAMESPACE, tuple(names))


def plugin_classes(manager, names, base_class):
    """The plug-in classes of ``names`` in ``manager``, in the order of ``names``.

    A manager from ``make_test_instance`` works too; a name it lacks raises
    UnknownPlacementStep like a missing entry point does.
    """
    missing = [name for name in names if name not in manager]
    if missing:
        raise UnknownPlacementStep(manager.namespace, missing, manager.names())
    classes = [manager[name].plugin for name in names]
    for name, plugin in zip(names, classes):
        if not (isinstance(plugin, type) and issubclass(plugin, base_class)):
            raise PlacementStepLoadError(namespace=manager.namespace, name=name,
                                         reason='not a %s' % base_class.__name__)
    return classes


@functools.lru_cache(maxsize=MAX_CACHED_LISTS)
def _classes(namespace, names):
    base_class = base.Weigher if namespace == WEIGHER_NAMESPACE else base.Filter
    return tuple(plugin_classes(_manager(namespace, names), names, base_class))


@functools.lru_cache(maxsize=MAX_CACHED_LISTS)
def _manager(namespace, names):
    def missing(missing_names):
        raise UnknownPlacementStep(namespace, missing_names, _installed(namespace))

    def failed(manager, entry_point, exc):
        raise PlacementStepLoadError(namespace=namespace, name=entry_point.name,
                                     reason=exc) from exc

    LOG.debug('Loading placement %s %s', _kind(namespace), ', '.join(names))
    return named.NamedExtensionManager(namespace, names, name_order=True,
                                       on_missing_entrypoints_callback=missing,
                                       on_load_failure_callback=failed)


def _installed(namespace):
    return {entry_point.name for entry_point in metadata.entry_points(group=namespace)}


def _kind(namespace):
    return 'weighers' if namespace == WEIGHER_NAMESPACE else 'filters'
