"""Suite ``launch``: launches per second and their latency through ``/api`` with the broker driver.

broker-api (gunicorn, two sync workers) with the demo data set: two mock clouds without
latency or boot time in one pool, the demo user without a quota. The broker DB is SQLite
(the embedded default) or a PostgreSQL database made for the run and dropped after it.
Clients POST /api/instances one after the other (1 client) or 8 at a time; the baseline is
the same clients asking GET /api/realms of the same server, a request that logs in and reads
the broker DB but launches nothing, in runs taking turns with the launches.
"""

import contextlib
import pathlib
import tempfile

from benchmarks import brokers
from benchmarks import http_load
from benchmarks import runner

CLIENTS = (1, 8)
BACKENDS = ('sqlite', 'postgresql')
# Launches per run, by clients. A launch takes a few tenths of a second here, so these keep
# the suite near a minute and a half; the pooled percentiles (every launch of every run)
# have three times as many launches behind them.
LAUNCHES_PER_RUN = {1: 8, 8: 24}
QUICK_LAUNCHES_PER_RUN = {1: 4, 8: 16}
# Runs last seconds: more than this many add little but time.
MAX_REPEAT = 3
LAUNCH = 'POST /api/instances'
BASELINE = 'GET /api/realms'


@contextlib.contextmanager
def database(backend):
    """The connection URL of a new broker DB on ``backend`` (None: SQLite under the site)."""
    if backend == 'sqlite':
        yield None
    else:
        with brokers.postgresql_database() as url:
            yield url


@contextlib.contextmanager
def broker_server(backend):
    """broker-api over a new seeded broker DB on ``backend``; yields its (host, port)."""
    with tempfile.TemporaryDirectory(prefix='broker-bench-launch-') as tmp:
        with database(backend) as connection:
            with brokers.site(pathlib.Path(tmp), connection) as site:
                with site.serve() as (base, _):
                    yield brokers.address(base)


def measure_backend(backend, repeat, launches_per_run):
    """``{clients: {name: [Run]}}`` for the launches and the baseline on one backend."""
    runs = {}
    with broker_server(backend) as address:
        headers = brokers.headers(brokers.BROKER_LOGIN, 'broker', brokers.JSON)
        client = http_load.Client(address)
        try:
            launch = brokers.launch_request(client, headers)
        finally:
            client.close()
        realms = http_load.Request('/api/realms', headers)
        # Warm-up: every worker logs in, loads its drivers and opens its DB.
        http_load.load(address, [launch, realms], 2, 4)
        for clients in CLIENTS:
            per_client = launches_per_run[clients] // clients
            found = runs.setdefault(clients, {BASELINE: [], LAUNCH: []})
            for _ in range(repeat):
                for name, request in ((BASELINE, realms), (LAUNCH, launch)):
                    found[name].append(http_load.load(address, [request], clients, per_client))
    return runs


def figures_of(backend, runs):
    """Rates and p50/p99 latencies per clients, each beside the same for the baseline."""
    figures, summary = [], {}
    for clients, found in runs.items():
        label = 'c=%d %s' % (clients, backend)
        params = {'clients': clients, 'backend': backend}
        measured = {}
        for name, unit, value in (('', 'req/s', lambda run: run.per_second),
                                  (' latency p50', 's',
                                   lambda run: http_load.percentile(run.latencies, 0.5)),
                                  (' latency p99', 's',
                                   lambda run: http_load.percentile(run.latencies, 0.99))):
            for request in (BASELINE, LAUNCH):
                timing = http_load.spread([value(run) for run in found[request]],
                                          loops=len(found[request][0].latencies))
                measured[request + name] = timing
                baseline = None if request == BASELINE else '%s%s %s' % (BASELINE, name, label)
                figures.append(runner.Figure(
                    '%s%s %s' % (request, name, label), timing, dict(params), baseline=baseline,
                    ratio=timing.median / measured[BASELINE + name].median if baseline else None,
                    unit=unit))
        pooled = [latency for run in found[LAUNCH] for latency in run.latencies]
        summary[str(clients)] = {
            'launches_per_second': measured[LAUNCH].median,
            'realms_per_second': measured[BASELINE].median,
            'launch_p50_seconds': measured[LAUNCH + ' latency p50'].median,
            'launch_p99_seconds': measured[LAUNCH + ' latency p99'].median,
            'pooled_launches': len(pooled),
            'pooled_p50_seconds': http_load.percentile(pooled, 0.5),
            'pooled_p99_seconds': http_load.percentile(pooled, 0.99)}
    return figures, summary


def run(options):
    """Launch rate and latency on SQLite and PostgreSQL, 1 and 8 clients; PostgreSQL optional."""
    repeat = min(options.repeat, 3 if options.quick else MAX_REPEAT)
    launches_per_run = QUICK_LAUNCHES_PER_RUN if options.quick else LAUNCHES_PER_RUN
    figures, summary, skipped = [], {}, []
    for backend in BACKENDS:
        try:
            runs = measure_backend(backend, repeat, launches_per_run)
        except brokers.Unavailable as exc:
            skipped.append('%s skipped: %s' % (backend, exc))
            continue
        found, summary[backend] = figures_of(backend, runs)
        figures += found
    return runner.SuiteResult(figures, summary, notes=notes(summary) + skipped)


def notes(summary):
    rows = []
    for backend, by_clients in summary.items():
        for clients, found in by_clients.items():
            rows.append([backend, clients, '%.1f' % found['launches_per_second'],
                         runner.format_seconds(found['launch_p50_seconds']),
                         runner.format_seconds(found['launch_p99_seconds']),
                         '%d: %s / %s' % (found['pooled_launches'],
                                          runner.format_seconds(found['pooled_p50_seconds']),
                                          runner.format_seconds(found['pooled_p99_seconds'])),
                         '%.0f' % found['realms_per_second']])
    return ['launches through the broker (medians of the runs; pooled: every launch of '
            'every run):',
            runner.render_table(rows, ['backend', 'clients', 'launches/s', 'p50', 'p99',
                                       'pooled n: p50 / p99', 'realms req/s'])]
