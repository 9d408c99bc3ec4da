"""Suite ``ec2``: what the EC2 driver adds on top of the boto3 calls it makes.

Every driver operation is timed beside the raw boto3 call(s) it makes, on the very client the
driver uses (same pool, same signing and parsing), so the ratio is the driver's own cost:
paging, mapping to value objects, the client lookup. Two ways:

- ``moto``: against moto_server over loopback HTTP, end to end; moto's answer dominates.
- ``canned``: the HTTP answer moto gave, replayed at botocore's ``before-send`` hook, so
  serialising, signing and parsing run but no server does, timed in CPU seconds of this
  process: the overhead without the noise of the server or of other processes.
"""

import gc
import math
import statistics
import time

from botocore import awsrequest

from benchmarks import runner
from iaas import conf as iaas_conf
from iaas import models
from iaas.drivers.ec2 import driver as ec2_driver
from iaas.drivers.ec2 import mappers
from tests.integration.ec2 import moto

INSTANCES = 100
PAGE_SIZE = 100
CREDENTIALS = ('AKIABENCHMARK0000000', 'benchmark-secret')


class CannedAnswers:
    """Records the HTTP answer of each EC2 operation once, then answers with it, no server."""

    def __init__(self, client):
        self.client = client
        self.answers = {}

    def _record(self, http_response, model, **kwargs):
        self.answers[model.name] = (http_response.status_code, dict(http_response.headers),
                                    http_response.content)

    def record(self, call):
        self.client.meta.events.register('after-call.ec2', self._record)
        try:
            call()
        finally:
            self.client.meta.events.unregister('after-call.ec2', self._record)

    def _answer(self, request, event_name, **kwargs):
        status, headers, body = self.answers[event_name.rsplit('.', 1)[1]]
        return awsrequest.AWSResponse(request.url, status, headers, _Body(body))

    def __enter__(self):
        self.client.meta.events.register('before-send.ec2', self._answer)
        return self

    def __exit__(self, *exc):
        self.client.meta.events.unregister('before-send.ec2', self._answer)


class _Body:
    def __init__(self, content):
        self.content = content

    def stream(self, **kwargs):
        yield self.content


def setup(server):
    """The driver on an emptied moto with INSTANCES instances; its context and its client."""
    server.reset()  # signature checks off: moto's IAM work is not the driver's
    conf = iaas_conf.build()
    conf.set_override('endpoint_url', server.url, 'ec2')
    conf.set_override('page_size', PAGE_SIZE, 'ec2')
    driver = ec2_driver.EC2Driver(conf, provider=moto.REGION)
    context = models.RequestContext(models.Credentials(*CREDENTIALS), provider=moto.REGION)
    client = driver.pool.connect(*CREDENTIALS).client
    client.run_instances(ImageId=moto.X86_IMAGE, InstanceType='t3.micro',
                         MinCount=INSTANCES, MaxCount=INSTANCES)
    return driver, context, client


def raw_instances(client):
    """What list_instances asks EC2, page by page, without making anything of it."""
    pages = client.get_paginator('describe_instances').paginate(
        PaginationConfig={'PageSize': PAGE_SIZE})
    return [(item, reservation['OwnerId']) for page in pages
            for reservation in page['Reservations'] for item in reservation['Instances']]


def cases(driver, context, client):
    """(name, n, raw call, driver call) for each operation measured."""
    instance_id = driver.list_instances(context)[0].id
    return [
        ('list_instances', INSTANCES, lambda: raw_instances(client),
         lambda: driver.list_instances(context)),
        ('get_instance', 1, lambda: client.describe_instances(InstanceIds=[instance_id]),
         lambda: driver.get_instance(context, instance_id)),
        ('list_realms', 6, lambda: client.describe_availability_zones(),
         lambda: driver.list_realms(context)),
    ]


def interleaved(funcs, repeat, clock=time.perf_counter):
    """Timings of each of ``funcs``, run after run in turns, so drift hits them alike.

    moto's speed changes as it warms up and other processes come and go on the machine;
    timing one after the other would charge that drift to one side. Where no server takes
    part, ``clock`` is the process's CPU time, which other processes barely disturb.
    """
    for func in funcs:
        func()  # warm-up: clients, caches, moto's lazily built backends
    started = time.perf_counter()
    funcs[0]()
    loops = max(1, math.ceil(runner.MIN_RUN_SECONDS / (time.perf_counter() - started)))
    per_call = [[] for _ in funcs]
    for _ in range(repeat):
        for func, seconds in zip(funcs, per_call):
            gc.collect()
            started = clock()
            for _ in range(loops):
                func()
            seconds.append((clock() - started) / loops)
    return [runner.Timing(statistics.median(t), min(t), max(t), repeat, loops)
            for t in per_call]


def measure_pair(figures, mode, name, size, raw, driven, repeat):
    baseline_name = 'boto3 for %s n=%d (%s)' % (name, size, mode)
    clock = time.process_time if mode == 'canned' else time.perf_counter
    baseline, timing = interleaved([raw, driven], repeat, clock)
    overhead = timing.median - baseline.median
    figures.append(runner.Figure(baseline_name, baseline, {'n': size, 'mode': mode}))
    figures.append(runner.Figure('driver %s n=%d (%s)' % (name, size, mode), timing,
                                 {'n': size, 'mode': mode, 'overhead_seconds': overhead},
                                 baseline=baseline_name, ratio=timing.median / baseline.median))
    return {'overhead_seconds': overhead, 'ratio': timing.median / baseline.median,
            'raw_median_seconds': baseline.median, 'driver_median_seconds': timing.median}


def run(options):
    repeat = min(options.repeat, 3) if options.quick else options.repeat
    driver, context, client = setup(moto.server())
    figures, summary = [], {}
    measured = cases(driver, context, client)
    for name, size, raw, driven in measured:
        summary['%s (moto)' % name] = measure_pair(figures, 'moto', name, size, raw, driven,
                                                   repeat)
    for name, size, raw, driven in measured:
        canned = CannedAnswers(client)  # per case: two cases share DescribeInstances
        canned.record(raw)
        with canned:
            summary['%s (canned)' % name] = measure_pair(figures, 'canned', name, size, raw,
                                                         driven, repeat)
    items = raw_instances(client)
    mapping, = interleaved(
        [lambda: [mappers.instance(item, context.username, owner) for item, owner in items]],
        repeat, time.process_time)
    figures.append(runner.Figure('mappers.instance only n=%d' % INSTANCES, mapping,
                                 {'n': INSTANCES}))
    summary['mapping per instance'] = {'seconds': mapping.median / INSTANCES}
    return runner.SuiteResult(figures, summary, notes=notes(summary))


def notes(summary):
    lines = []
    for name, figures in summary.items():
        if 'ratio' in figures:
            lines.append('%s: the driver adds %s per call, %.2fx the raw boto3 call' % (
                name, runner.format_seconds(abs(figures['overhead_seconds'])),
                figures['ratio']) + (' (below the noise)' if figures['overhead_seconds'] < 0
                                     else ''))
    lines.append('mapping alone: %s per instance' % runner.format_seconds(
        summary['mapping per instance']['seconds']))
    return lines
