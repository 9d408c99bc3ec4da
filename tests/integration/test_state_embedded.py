"""broker-api's workers track state themselves ([state] embedded, the default), sharing accounts."""

import re
import time

import pytest

from broker_core import conf as broker_conf
from broker_core.db import api as db_api
from broker_core.db import migration
from broker_core import services
from tests.functional.broker_core.state import clouds as clouds_mod
from tests.integration import servers

pytestmark = pytest.mark.integration

CLOUDS = tuple('cloud-%d' % n for n in range(6))
EXTRA = """[state]
interval = 0.3
[coordination]
member_timeout = 3
"""
CYCLE = re.compile(r' (\d+) INFO broker_core\.state\.tracker State cycle: .* accounts (\S*)$')
WORKERS = re.compile(r' (\d+) INFO broker_core\.state\.partition State workers now: (.*)$')


@pytest.fixture
def seeded(tmp_path):
    """The SQLite database and mock clouds under tmp_path/state, where broker-api finds them."""
    state = tmp_path / 'state'
    conf = broker_conf.build([])
    conf.set_override('state_path', str(state))
    manager = db_api.create_context_manager('sqlite:///%s/broker.sqlite' % state)
    migration.upgrade(None, engine=db_api.get_engine(manager))
    restore = db_api.context_manager.patch_factory(manager)
    try:
        yield clouds_mod.Clouds(conf, services.Broker(conf), names=CLOUDS, per_account=1)
    finally:
        restore()
        manager.dispose_pool()


def test_two_workers_track_the_accounts_between_them(seeded, tmp_path):
    stopped = [seeded.records[name][0] for name in CLOUDS]
    for record in stopped:
        seeded.stop(record)
    with servers.broker_api(tmp_path, workers=2, extra_config=EXTRA):
        deadline = time.monotonic() + 30
        while not all(seeded.record(r)['state'] == 'STOPPED' for r in stopped):
            assert time.monotonic() < deadline, 'the workers did not track the stops'
            time.sleep(0.3)
        deadline = time.monotonic() + 15
        while len(_steady_cycles(tmp_path)) < 2:
            assert time.monotonic() < deadline, 'the workers never saw each other'
            time.sleep(0.3)
    first, second = _steady_cycles(tmp_path).values()
    assert first.isdisjoint(second)
    assert first | second == set(seeded.accounts.values())


def _steady_cycles(tmp_path):
    """The last accounts each worker tracked once it saw both workers, by pid."""
    pairs, last = {}, {}
    for line in (tmp_path / 'broker-api.log').read_text(errors='replace').splitlines():
        seen = WORKERS.search(line)
        if seen:
            pairs[seen.group(1)] = len(seen.group(2).split(', '))
        cycle = CYCLE.search(line)
        if cycle and pairs.get(cycle.group(1)) == 2:
            last[cycle.group(1)] = frozenset(filter(None, cycle.group(2).split(',')))
    return last
