"""Suite ``deltacloud``: what the deltacloud driver adds to a plain HTTP call of the remote API."""

import contextlib
import gc
import json
import pathlib
import statistics
import tempfile
import time

import requests

from benchmarks import runner
from iaas import conf as iaas_conf
from iaas.drivers.deltacloud import driver as deltacloud_driver
from iaas.drivers.deltacloud import mappers
from iaas import models
from tests.integration import servers

INSTANCES = 100
USER, PASSWORD = 'mockuser', 'mockpassword'
REMOTE_PROVIDER = 'bench'
BASELINE = 'requests.Session.get + json'
DRIVER = 'DeltacloudDriver.list_instances'
JSON_ONLY = 'json.loads of the body'
MAPPERS_ONLY = 'mappers.parse of 100 instances'
# A call takes tens of milliseconds: longer runs than the runner's default, fewer of them noise.
MIN_RUN_SECONDS = 0.5


@contextlib.contextmanager
def remote_with_instances(count):
    """The remote's ``/api`` URL, the driver and a context; ``count`` instances listed."""
    with tempfile.TemporaryDirectory() as tmp:
        with servers.broker_api(pathlib.Path(tmp), workers=2) as base:
            provider = '%s/api;driver=mock;provider=%s' % (base, REMOTE_PROVIDER)
            driver = deltacloud_driver.DeltacloudDriver(iaas_conf.build(), provider)
            context = models.RequestContext(models.Credentials(USER, PASSWORD))
            # The mock cloud starts with a few instances of its own; top them up to count.
            missing = count - len(driver.list_instances(context))
            if missing > 0:
                driver.create_instance(context, models.InstanceSpec(image_id='img1',
                                                                    instance_count=missing))
            yield base + '/api', driver, context


def raw_call(api_url):
    """The baseline: the same request with a requests session, its body decoded by json."""
    headers = {'Accept': 'application/json', 'X-Deltacloud-Driver': 'mock',
               'X-Deltacloud-Provider': REMOTE_PROVIDER}
    session = requests.Session()
    session.trust_env = False

    def call():
        return json.loads(session.get(api_url + '/instances', headers=headers,
                                      auth=(USER, PASSWORD), timeout=30).content)
    return call


def measure_interleaved(funcs, repeat, min_run_seconds=MIN_RUN_SECONDS):
    """``({name: wall Timing}, {name: client CPU Timing})``, the functions taking turns.

    The remote's answer time drifts with the machine's load far more than the driver's
    overhead is long: taking turns exposes every function to the same drift. The CPU time
    of this process (``time.process_time``) counts the client's own work alone, the
    remote's being in other processes, so it shows the overhead even on a busy machine.
    """
    loops = {}
    for name, func in funcs.items():
        func()  # warm-up: the remote's /api and states get cached, connections opened
        loops[name] = runner._calibrate(func, min_run_seconds)
    wall, cpu = {name: [] for name in funcs}, {name: [] for name in funcs}
    for _ in range(repeat):
        for name, func in funcs.items():
            gc.collect()
            started, started_cpu = time.perf_counter(), time.process_time()
            for _ in range(loops[name]):
                func()
            cpu[name].append((time.process_time() - started_cpu) / loops[name])
            wall[name].append((time.perf_counter() - started) / loops[name])

    def timings(runs):
        return {name: runner.Timing(statistics.median(found), min(found), max(found), repeat,
                                    loops[name]) for name, found in runs.items()}
    return timings(wall), timings(cpu)


def _figures(timings, baseline, suffix):
    base = timings[baseline].median
    return [runner.Figure(name + suffix, timing, {'instances': INSTANCES},
                          baseline=None if name == baseline else baseline + suffix,
                          ratio=None if name == baseline else timing.median / base)
            for name, timing in timings.items()]


def run(options):
    """Time listing 100 instances through the driver against the raw call of the same list.

    A second cloud-broker (gunicorn, mock driver) holds the instances of one user; the
    baseline is ``GET /api/instances`` made with a requests session and decoded with
    ``json``. Mapping and decoding alone are timed too, without HTTP.
    """
    repeat = min(options.repeat, 3) if options.quick else options.repeat
    with remote_with_instances(INSTANCES) as (api_url, driver, context):
        raw = raw_call(api_url)
        body = raw()
        listed = driver.list_instances(context)
        if len(listed) != INSTANCES or len(body['instances']) != INSTANCES:
            raise RuntimeError('the remote holds %d instances, not %d'
                               % (len(listed), INSTANCES))
        wall, cpu = measure_interleaved(
            {BASELINE: raw, DRIVER: lambda: driver.list_instances(context)}, repeat)
    items, raw_body = body['instances'], json.dumps(body).encode()
    alone = {JSON_ONLY: runner.measure(lambda: json.loads(raw_body), repeat),
             MAPPERS_ONLY: runner.measure(
                 lambda: [mappers.parse('instance', item) for item in items], repeat)}
    figures = (_figures(wall, BASELINE, ' (wall)') + _figures(cpu, BASELINE, ' (client CPU)')
               + _figures(alone, JSON_ONLY, ''))
    summary = summarize(wall, cpu, alone)
    return runner.SuiteResult(figures, summary, notes=notes(summary))


def summarize(wall, cpu, alone):
    def overhead(timings):
        base, driver = timings[BASELINE].median, timings[DRIVER].median
        return {'baseline_median_seconds': base, 'driver_median_seconds': driver,
                'overhead_seconds': driver - base,
                'overhead_per_instance_seconds': (driver - base) / INSTANCES,
                'ratio': driver / base}
    return {'instances': INSTANCES, 'wall': overhead(wall), 'client_cpu': overhead(cpu),
            'mapping_seconds': alone[MAPPERS_ONLY].median,
            'json_seconds': alone[JSON_ONLY].median}


def signed(seconds):
    return ('-' if seconds < 0 else '+') + runner.format_seconds(abs(seconds))


def notes(summary):
    lines = []
    for clock in ('client_cpu', 'wall'):
        found = summary[clock]
        lines.append('%s: list_instances of %d instances %s per call over the raw call '
                     '(%.2fx), %s per instance.'
                     % (clock.replace('_', ' '), summary['instances'],
                        signed(found['overhead_seconds']), found['ratio'],
                        signed(found['overhead_per_instance_seconds'])))
    lines.append('Mapping the decoded JSON of %d instances to Instance objects alone: %s '
                 '(json.loads of the body: %s).'
                 % (summary['instances'], runner.format_seconds(summary['mapping_seconds']),
                    runner.format_seconds(summary['json_seconds'])))
    return lines
