"""Suite ``memory``: peak resident memory of an API worker listing 100,000 instances.

broker-api with one gunicorn worker and the demo data set on SQLite; 100,000 instance rows
of the demo user are inserted in bulk (placed, RUNNING, at one mock account). Per format, a
fresh server first lists the instances of a user who has none (the baseline: the worker's
RSS after one request), then the demo user's; the worker's VmHWM (peak resident set) and
VmRSS are read from /proc.
"""

import datetime
import json
import pathlib
import tempfile
import time

from benchmarks import brokers
from benchmarks import http_load
from benchmarks import runner
from benchmarks import state
from broker_core import accounts
from broker_core import identity
from broker_core import pools
from broker_core import roles
from broker_core import policy
from tests.integration import servers

SIZE = 100000
QUICK_SIZE = 10000
EMPTY_LOGIN = ('nobody', 'nobody-password')
# One worker: the one that served the request is the one measured.
WORKERS = 1
# A listing this large takes a while under load; gunicorn must not take it for a hang.
CONFIG = '[api]\ntimeout = 1800\n'
FORMATS = (('XML', brokers.XML), ('JSON', brokers.JSON))
UNIT = 'MiB'
# Above this, the notes call the listing memory hungry.
HUNGRY_MIB = 1024
# A run lists every instance, which takes about a minute at 100,000: one run per format.
RUNS = 1


def fill(site, size):
    """``size`` RUNNING instances of the demo user in the pool, at the first account."""
    pool = pools.get_pool_by_name(site.admin, 'default')['id']
    account = accounts.list_accounts(site.admin)[0]['id']
    now = datetime.datetime.utcnow()
    rows = [state.instance_row(site.demo_user_id, pool, account, 'bench-%06d' % n, now)
            for n in range(size)]
    with site.engine.begin() as connection:
        state.insert_instances(connection, rows)


def add_empty_user(site):
    """A user of the pool without any instance: the baseline's listing is empty."""
    user = identity.create_user(site.admin, EMPTY_LOGIN[0], EMPTY_LOGIN[1])
    pool = pools.get_pool_by_name(site.admin, 'default')['id']
    roles.grant_role(site.admin, policy.POOL_USER, user_id=user['id'], pool_id=pool)


def count_listed(body, accept):
    if accept == brokers.JSON:
        return len(json.loads(body)['instances'])
    return body.count(b'<instance ')


def measure_format(site, accept, size):
    """Memory of a fresh worker after an empty list, then after listing ``size`` instances."""
    with site.serve(WORKERS) as (base, master):
        worker, = servers.child_pids(master.pid)
        client = http_load.Client(brokers.address(base))
        try:
            client.send(http_load.Request('/api/instances',
                                          brokers.headers(EMPTY_LOGIN, 'broker', accept)))
            empty = brokers.memory_mib(worker)
            started = time.perf_counter()
            body = client.send(http_load.Request(
                '/api/instances', brokers.headers(brokers.BROKER_LOGIN, 'broker', accept)))[1]
            seconds = time.perf_counter() - started
        finally:
            client.close()
        listed = brokers.memory_mib(worker)
    if count_listed(body, accept) != size:
        raise RuntimeError('the listing held %d instances, not %d'
                           % (count_listed(body, accept), size))
    return {'baseline_rss_mib': empty['VmRSS'], 'baseline_peak_mib': empty['VmHWM'],
            'peak_mib': listed['VmHWM'], 'rss_after_mib': listed['VmRSS'],
            'listing_seconds': seconds, 'body_mib': len(body) / 2.0 ** 20}


def run(options):
    """Peak RSS per format, as a ratio to the RSS of the same worker after an empty list."""
    size = QUICK_SIZE if options.quick else SIZE
    found = {}
    with tempfile.TemporaryDirectory(prefix='broker-bench-memory-') as tmp:
        with brokers.site(pathlib.Path(tmp), extra_config=CONFIG) as site:
            add_empty_user(site)
            fill(site, size)
            for name, accept in FORMATS:
                found[name] = [measure_format(site, accept, size) for _ in range(RUNS)]
    figures, summary = figures_of(found, size)
    return runner.SuiteResult(figures, summary, notes=notes(summary))


def figures_of(found, size):
    figures, summary = [], {'instances': size}
    for name, runs in found.items():
        baseline = 'RSS after an empty list %s' % name
        base = http_load.spread([run['baseline_rss_mib'] for run in runs])
        peak = http_load.spread([run['peak_mib'] for run in runs])
        params = {'instances': size, 'workers': WORKERS}
        figures += [runner.Figure(baseline, base, dict(params), unit=UNIT),
                    runner.Figure('peak RSS listing %d %s' % (size, name), peak, dict(params),
                                  baseline=baseline, ratio=peak.median / base.median,
                                  unit=UNIT)]
        summary[name] = dict(runs[len(runs) // 2], ratio=peak.median / base.median,
                             per_instance_kib=(peak.median - base.median) * 1024 / size)
    return figures, summary


def notes(summary):
    lines = []
    for name in (name for name, _ in FORMATS):
        found = summary[name]
        lines.append('%s: peak %.0f MiB against %.0f MiB after an empty list (%.1fx), '
                     '%.1f KiB per instance; RSS after the listing %.0f MiB; the listing '
                     'took %s for a %.0f MiB body.'
                     % (name, found['peak_mib'], found['baseline_rss_mib'], found['ratio'],
                        found['per_instance_kib'], found['rss_after_mib'],
                        runner.format_seconds(found['listing_seconds']), found['body_mib']))
        if found['peak_mib'] > HUNGRY_MIB:
            lines.append('%s: the listing is memory hungry: a worker peaks above %d MiB '
                         'for %d instances.' % (name, HUNGRY_MIB, summary['instances']))
    return lines
