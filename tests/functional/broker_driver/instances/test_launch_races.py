"""Retries and races of launches on every database: one instance per key, quotas never overshot."""

import concurrent.futures

import pytest

from iaas import errors
from iaas import models
from tests import broker_db

THREADS = 6


@pytest.fixture(params=broker_db.BACKENDS)
def db_backend(request):
    """Every backend: idempotency and quotas rest on each one's locking."""
    return request.param


def spec(world, key=None):
    return models.InstanceSpec(image_id=world.images['fedora']['id'], realm_id='gold',
                               hardware_profile_id='m1-small',
                               extra={'idempotency_key': key} if key else {})


def at_providers(world):
    return world.launched_at('cloud-a') + world.launched_at('cloud-b')


def in_parallel(func, count=THREADS):
    """``func(i)`` in ``count`` threads at once; the results or exceptions, in order."""
    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        futures = [pool.submit(func, i) for i in range(count)]
        outcomes = []
        for future in futures:
            try:
                outcomes.append(future.result(timeout=120))
            except Exception as exc:  # noqa: B902 - collected for the assertions
                outcomes.append(exc)
        return outcomes


def test_a_sequential_retry_returns_the_same_instance(served):
    first = served.launch(headers={'Idempotency-Key': 'retry-1'})
    again = served.launch(headers={'Idempotency-Key': 'retry-1'})
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert first.json['instance']['id'] == again.json['instance']['id']
    assert len(at_providers(served.world)) == 1
    assert served.in_use() == 1
    other = served.launch(headers={'Idempotency-Key': 'retry-1'}, user='bob')
    assert other.json['instance']['id'] != first.json['instance']['id'], 'keys are per user'


def test_racing_retries_give_one_instance(served):
    world = served.world
    context = world.context('alice')
    outcomes = in_parallel(lambda i: world.driver.create_instance(context,
                                                                  spec(world, 'race-1')))
    failures = [o for o in outcomes if isinstance(o, Exception)]
    assert not failures, failures
    assert len({created[0].id for created in outcomes}) == 1
    assert len(at_providers(world)) == 1
    assert served.in_use() == 1
    assert len(served.records()) == 1


def test_racing_launches_never_overshoot_a_quota(served):
    world = served.world
    from broker_core import quotas
    quotas.set_limits(world.admin, 'user', world.users['alice']['id'], {'instances': 2})
    context = world.context('alice')
    outcomes = in_parallel(lambda i: world.driver.create_instance(context,
                                                                  spec(world, 'q-%d' % i)))
    created = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(created) == 2, outcomes
    assert all(isinstance(o, errors.Forbidden) for o in refused), refused
    assert len(at_providers(world)) == 2
    assert served.in_use() == 2
    assert len([r for r in served.records() if r['deleted_at'] is None]) == 2
