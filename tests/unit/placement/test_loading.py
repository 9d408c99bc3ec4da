"""Filters and weighers load by name from the entry points, lazily, once per list."""

import subprocess
import sys

import pytest
from stevedore import extension
from stevedore import named

from broker_core.placement import base
from broker_core.placement import filters
from broker_core.placement import loading
from broker_core.placement import models
from broker_core.placement import pipeline
from broker_core.placement import weighers
from tests.unit.placement import factories as f


def test_every_known_name_is_registered():
    assert [e.plugin for e in loading.filter_manager(models.KNOWN_FILTERS)] == [
        filters.EnabledFilter, filters.CircuitFilter, filters.RealmFilter,
        filters.HardwareProfileFilter, filters.ImageFilter, filters.QuotaFilter,
        filters.CapacityFilter]
    manager = loading.weigher_manager(models.KNOWN_WEIGHERS)
    assert manager.names() == list(models.KNOWN_WEIGHERS)
    assert all(issubclass(e.plugin, base.Weigher) for e in manager)
    assert manager['pack'].plugin is weighers.PackWeigher


def test_managers_keep_the_order_given_and_are_cached_per_list():
    manager = loading.weigher_manager(['weight', 'price'])
    assert manager.names() == ['weight', 'price']
    assert loading.weigher_manager(('weight', 'price')) is manager
    assert loading.weigher_manager(['price', 'weight']) is not manager


def test_unknown_names_raise_a_typed_error_naming_them():
    with pytest.raises(loading.UnknownPlacementStep) as caught:
        loading.weigher_manager(['price', 'cheapest', 'fastest'])
    assert caught.value.names == ['cheapest', 'fastest']
    assert caught.value.code == 400
    assert "unknown weighers 'cheapest', 'fastest'" in str(caught.value)
    assert 'known are error_rate, free_capacity' in str(caught.value)
    with pytest.raises(loading.UnknownPlacementStep, match="'nosuch'"):
        pipeline.place(f.request(), [], f.policy(filters=['enabled', 'nosuch']))


def test_importing_placement_loads_no_plug_in():
    code = ('import sys, broker_core.placement; '
            'print(any(m in sys.modules for m in ("broker_core.placement.filters", '
            '"broker_core.placement.weighers")))')
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == 'False'


class CheapestNameWeigher(base.Weigher):
    """A custom plug-in: prefers short account names."""

    def raw_score(self, candidate, request):
        return -len(candidate.account_name)


class NoOddPricesFilter(base.Filter):
    """A custom plug-in: drops accounts whose price in cents is odd."""

    def passes(self, candidate, request):
        if round(candidate.price_per_hour * 100) % 2:
            return base.drop('odd price')
        return base.PASS


def test_custom_plug_ins_through_test_managers():
    weigher_manager = named.NamedExtensionManager.make_test_instance(
        [extension.Extension('short_name', None, CheapestNameWeigher, None)],
        namespace=loading.WEIGHER_NAMESPACE)
    filter_manager = named.NamedExtensionManager.make_test_instance(
        [extension.Extension('even', None, NoOddPricesFilter, None)],
        namespace=loading.FILTER_NAMESPACE)
    candidates = [f.candidate('longest', price_per_hour=0.2),
                  f.candidate('odd', price_per_hour=0.31), f.candidate('mid', price_per_hour=0.4),
                  f.candidate('shorter', price_per_hour=0.4)]
    policy = f.policy({'short_name': 1}, filters=['even'])
    decision = pipeline.place(f.request(), candidates, policy,
                              filter_manager=filter_manager, weigher_manager=weigher_manager)
    assert f.names(decision.ranked) == ['mid', 'longest', 'shorter']
    assert [(d.candidate.account_name, d.filter, d.reason) for d in decision.dropped] == [
        ('odd', 'even', 'odd price')]
    with pytest.raises(loading.UnknownPlacementStep, match="'price'"):
        pipeline.place(f.request(), candidates, f.policy({'price': 1}),
                       filter_manager=filter_manager, weigher_manager=weigher_manager)


def test_a_plug_in_of_the_wrong_kind_is_refused():
    manager = named.NamedExtensionManager.make_test_instance(
        [extension.Extension('confused', None, NoOddPricesFilter, None)])
    with pytest.raises(loading.PlacementStepLoadError, match="'confused'.*not a Weigher"):
        pipeline.place(f.request(), [], f.policy({'confused': 1}), weigher_manager=manager)


def test_an_installed_step_that_fails_to_import_names_itself(tmp_path):
    # A distribution whose entry point targets a missing module, visible to a fresh process.
    dist_info = tmp_path / 'broken_weigher-1.0.dist-info'
    dist_info.mkdir()
    (dist_info / 'METADATA').write_text('Metadata-Version: 2.1\nName: broken-weigher\n'
                                        'Version: 1.0\n')
    (dist_info / 'entry_points.txt').write_text(
        '[broker.placement.weighers]\nbroken = no_such_module:Weigher\n')
    code = ('from broker_core.placement import loading\n'
            'try:\n'
            '    loading.weigher_classes(["price", "broken"])\n'
            'except loading.PlacementStepLoadError as exc:\n'
            '    print(exc)\n')
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                            check=True, cwd=tmp_path,
                            env={'PYTHONPATH': str(tmp_path), 'HOME': str(tmp_path)})
    assert result.stdout.startswith(
        "Placement step 'broken' of broker.placement.weighers cannot be loaded: "), result
    assert 'no_such_module' in result.stdout
