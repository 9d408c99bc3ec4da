"""Load: 8 clients launch, stop and destroy at once; records, quotas and clouds agree exactly."""

import concurrent.futures

import pytest

from broker_core import instances
from tests import broker_db
from tests.reliability import audit

pytestmark = pytest.mark.integration

CLIENTS = 8
ROUNDS = 6
USERS = ('alice', 'bob')


@pytest.fixture(params=[param for param in broker_db.BACKENDS
                        if param.id in ('sqlite', 'postgresql')])
def db_backend(request):
    """SQLite, the embedded default, and PostgreSQL, where row locks do the work."""
    return request.param


def run_client(server, image_id, index):
    """One client's rounds: launch (every other one retried with its key), stop, destroy.

    The last round's instance stays; returns its id.
    """
    api = server.api(USERS[index % len(USERS)])
    for round_number in range(ROUNDS):
        form = {'image_id': image_id, 'hwp_id': 'm1-small', 'realm_id': 'gold',
                'name': 'load-%d-%d' % (index, round_number)}
        key = {'Idempotency-Key': form['name']} if round_number % 2 == 0 else {}
        launched = api.json('POST', '/instances', expect=201, data=form, headers=key)
        instance_id = launched['instance']['id']
        if key:
            again = api.json('POST', '/instances', expect=201, data=form, headers=key)
            assert again['instance']['id'] == instance_id, 'a retry launched a second one'
        if round_number == ROUNDS - 1:
            return instance_id
        api.json('POST', '/instances/%s/stop' % instance_id, expect=202)
        api.json('DELETE', '/instances/%s' % instance_id, expect=204)


def test_concurrent_clients_leave_records_quotas_and_clouds_in_agreement(site):
    image_id = site.world.images['fedora']['id']
    with site.serve() as server:
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            kept = list(pool.map(lambda index: run_client(server, image_id, index),
                                 range(CLIENTS)))
        listed = {user: {item['id'] for item in server.api(user).json(
            'GET', '/instances')['instances']} for user in USERS}

    assert audit.problems(site) == []
    assert listed == {user: set(kept[index::len(USERS)]) for index, user in enumerate(USERS)}
    records = instances.list_instances(site.world.admin, include_deleted=True)
    assert len(records) == CLIENTS * ROUNDS, 'one record per launch, none per retry'
