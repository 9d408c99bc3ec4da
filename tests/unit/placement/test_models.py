"""Policies from a pool's JSON with [placement] defaults; the request's stored form."""

import pytest

from broker_core import conf as broker_conf
from broker_core import errors
from broker_core.placement import models
from tests.unit.placement import factories as f


def test_an_empty_policy_takes_every_default():
    policy = models.Policy.from_dict({})
    assert policy.filters == models.KNOWN_FILTERS
    assert policy.weighers == (models.WeigherSpec('price', 1.0),)
    assert (policy.choice, policy.top_k, policy.max_attempts, policy.circuit_open_seconds) == (
        'best_first', 3, 3, 60)


def test_missing_keys_come_from_the_configuration():
    conf = broker_conf.build()
    conf.set_override('choice', 'weighted_random', 'placement')
    conf.set_override('top_k', 5, 'placement')
    conf.set_override('circuit_open_seconds', 30, 'placement')
    policy = models.Policy.from_dict({'max_attempts': 2, 'filters': ['enabled']}, conf)
    assert (policy.choice, policy.top_k, policy.max_attempts) == ('weighted_random', 5, 2)
    assert policy.circuit_open_seconds == 30
    assert policy.filters == ('enabled',)


def test_weighers_as_a_list_or_a_mapping():
    listed = models.Policy.from_dict({'weighers': [{'name': 'price', 'multiplier': 2},
                                                   {'name': 'priority'}]})
    mapped = models.Policy.from_dict({'weighers': {'price': 2, 'priority': 1}})
    assert listed.weighers == mapped.weighers == (models.WeigherSpec('price', 2.0),
                                                  models.WeigherSpec('priority', 1.0))


@pytest.mark.parametrize('policy, field', [
    ({'choice': 'random'}, 'policy.choice'),
    ({'top_k': 0}, 'policy.top_k'),
    ({'max_attempts': True}, 'policy.max_attempts'),
    ({'filters': 'enabled'}, 'policy.filters'),
    ({'weighers': ['price']}, 'policy.weighers'),
    ({'weighers': [{'name': 'price', 'multiplier': 'x'}]}, 'policy.weighers.price.multiplier'),
    ({'weighers': [{'name': 'price', 'multiplier': float('inf')}]},
     'policy.weighers.price.multiplier'),
    ({'weighers': [{'name': 'price'}, {'name': 'price'}]}, 'policy.weighers'),
])
def test_a_bad_policy_names_the_field(policy, field):
    with pytest.raises(errors.Invalid, match=field.replace('.', r'\.')) as caught:
        models.Policy.from_dict(policy)
    assert caught.value.code == 400


def test_policy_to_dict_is_the_stored_form():
    stored = {'filters': ['enabled', 'quota'], 'weighers': [{'name': 'price', 'multiplier': 1.5}],
              'choice': 'weighted_random', 'top_k': 2, 'max_attempts': 4}
    assert models.Policy.from_dict(stored).to_dict() == stored


def test_request_to_dict():
    assert f.request(realm='r1', instance_count=2).to_dict() == {
        'pool_id': 'pool-1', 'owner_id': 'user-1', 'hardware_profile_id': 'small',
        'hardware_values': {'cpu': 1}, 'image_id': 'img-1', 'realm': 'r1', 'instance_count': 2,
        'now': '2024-05-01T12:00:00'}


def test_candidates_are_values():
    assert f.candidate('a') == f.candidate('a')
    with pytest.raises(AttributeError):
        f.candidate('a').enabled = False
