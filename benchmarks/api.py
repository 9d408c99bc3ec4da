"""Suite ``api``: requests per second of ``/api`` under gunicorn, mock and broker drivers, bare app.

One broker-api server (gunicorn, two sync workers) serves the mock driver (its default cloud
holding 100 instances of the mock user) and the broker driver (100 instances launched through
it for the demo user, in the demo's two mock clouds). A bare Falcon app under gunicorn with
the same settings answers the bytes the mock driver's server gave: what serving costs here
without any work, the baseline.
"""

import json
import os
import pathlib
import tempfile

from benchmarks import bare_app
from benchmarks import brokers
from benchmarks import http_load
from benchmarks import runner
from iaas import loader
from iaas import models

INSTANCES = 100
# Client threads: two per worker, so a worker always has the next request waiting.
CLIENTS = 4
MIN_RUN_SECONDS = 0.5
QUICK_RUN_SECONDS = 0.2
# Requests per client thread and run, at least: the last requests of a run find the
# workers less busy, which matters less the more requests there are.
LEAST_PER_CLIENT = 4
# The suite measures nine figures; more runs than this add little but minutes.
MAX_REPEAT = 5
UNIT = 'req/s'
TARGETS = ('bare', 'mock', 'broker')
# Each target's figure is given as a ratio to this one's: mock/bare and broker/mock.
BASELINES = {'mock': 'bare', 'broker': 'mock'}
XML, JSON = brokers.XML, brokers.JSON


def top_up_mock(site, count):
    """The mock user's instances in the mock's default cloud, topped up to ``count``."""
    driver = loader.DriverRegistry(site.conf, enabled=['mock']).get('mock')
    context = models.RequestContext(models.Credentials(*brokers.MOCK_LOGIN))
    missing = count - len(driver.list_instances(context))
    if missing > 0:
        driver.create_instance(context, models.InstanceSpec(image_id='img1',
                                                            instance_count=missing))
    return [instance.id for instance in driver.list_instances(context)]


def launch_through_broker(address, count):
    """Launch ``count`` instances through the broker for the demo user; their ids."""
    headers = brokers.headers(brokers.BROKER_LOGIN, 'broker', JSON)
    client = http_load.Client(address)
    try:
        launch = brokers.launch_request(client, headers)
        http_load.load(address, [launch], CLIENTS, count // CLIENTS)
        listed = json.loads(client.send(http_load.Request('/api/instances', headers))[1])
    finally:
        client.close()
    return [instance['id'] for instance in listed['instances']]


def requests_of(login, driver, instance_id):
    """The three requests measured, by name, as ``login`` with ``driver``."""
    def get(path, accept):
        return http_load.Request(path, brokers.headers(login, driver, accept))
    return {'GET /api/instances XML': get('/api/instances', XML),
            'GET /api/instances JSON': get('/api/instances', JSON),
            'GET /api/instances/<id> XML': get('/api/instances/%s' % instance_id, XML)}


def capture(address, requests):
    """The mock server's answer to each request, for the bare app to give back."""
    client = http_load.Client(address)
    try:
        return [bare_app.captured(request, *client.send(request))
                for request in requests.values()]
    finally:
        client.close()


def check_sizes(mock_ids, broker_ids):
    for driver, found in (('mock', mock_ids), ('broker', broker_ids)):
        if len(found) != INSTANCES:
            raise RuntimeError('the %s driver lists %d instances, not %d'
                               % (driver, len(found), INSTANCES))


def measure(targets, repeat, min_run_seconds):
    """``{(request name, target): [Run]}``; the targets take turns run by run.

    Client and servers share the machine's CPUs, and other processes come and go: taking
    turns exposes every target to the same drift.
    """
    runs = {}
    for name in targets['mock'][1]:
        calibrated = {target: http_load.calibrate(address, [requests[name]], CLIENTS,
                                                  min_run_seconds, LEAST_PER_CLIENT)
                      for target, (address, requests) in _each(targets)}
        for _ in range(repeat):
            for target, (address, requests) in _each(targets):
                runs.setdefault((name, target), []).append(http_load.load(
                    address, [requests[name]], CLIENTS, calibrated[target]))
    return runs


def _each(targets):
    return [(target, targets[target]) for target in TARGETS]


def figures_of(runs):
    """Figures in requests/s, ratios mock/bare and broker/mock; the summary per request."""
    rates = {key: http_load.spread([run.per_second for run in found],
                                   loops=len(found[0].latencies))
             for key, found in runs.items()}
    figures, summary = [], {}
    for (name, target), timing in rates.items():
        baseline = BASELINES.get(target)
        figures.append(runner.Figure(
            '%s (%s)' % (name, target), timing, {'clients': CLIENTS, 'instances': INSTANCES},
            baseline='%s (%s)' % (name, baseline) if baseline else None,
            ratio=timing.median / rates[name, baseline].median if baseline else None,
            unit=UNIT))
        latencies = [latency for run in runs[name, target] for latency in run.latencies]
        summary.setdefault(name, {})[target] = {
            'requests_per_second': timing.median,
            'latency_p50_seconds': http_load.percentile(latencies, 0.5),
            'latency_p99_seconds': http_load.percentile(latencies, 0.99)}
    for name, found in summary.items():
        rate = {target: found[target]['requests_per_second'] for target in TARGETS}
        found['ratios'] = {'broker/mock': rate['broker'] / rate['mock'],
                           'mock/bare': rate['mock'] / rate['bare'],
                           'broker/bare': rate['broker'] / rate['bare']}
    return figures, summary


def run(options):
    """Requests per second of the three requests for the bare app, the mock and the broker."""
    repeat = min(options.repeat, 3 if options.quick else MAX_REPEAT)
    min_run_seconds = QUICK_RUN_SECONDS if options.quick else MIN_RUN_SECONDS
    with tempfile.TemporaryDirectory(prefix='broker-bench-api-') as tmp:
        directory = pathlib.Path(tmp)
        with brokers.site(directory / 'broker') as site:
            mock_ids = top_up_mock(site, INSTANCES)
            with site.serve() as (base, _):
                address = brokers.address(base)
                broker_ids = launch_through_broker(address, INSTANCES)
                check_sizes(mock_ids, broker_ids)
                mock = requests_of(brokers.MOCK_LOGIN, None, mock_ids[0])
                broker = requests_of(brokers.BROKER_LOGIN, 'broker', broker_ids[0])
                (directory / 'bare').mkdir()
                with bare_app.serve(directory / 'bare', capture(address, mock)) as bare:
                    runs = measure({'bare': (brokers.address(bare), mock),
                                    'mock': (address, mock), 'broker': (address, broker)},
                                   repeat, min_run_seconds)
    figures, summary = figures_of(runs)
    return runner.SuiteResult(figures, summary, notes=notes(summary))


def notes(summary):
    rows = []
    for name, found in summary.items():
        ratios = found['ratios']
        rows.append([name] + ['%.0f' % found[target]['requests_per_second']
                              for target in TARGETS]
                    + ['%.2f' % ratios['broker/mock'], '%.2f' % ratios['mock/bare']])
    return ['requests/s with %d client threads (medians):' % CLIENTS,
            runner.render_table(rows, ['request', 'bare', 'mock', 'broker', 'broker/mock',
                                       'mock/bare']),
            'Client and servers share the same %s CPUs: the client threads take CPU time the '
            'workers would otherwise have, the same for every target.' % os.cpu_count()]
