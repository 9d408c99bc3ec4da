"""Runs benchmark suites: timing with repeats, one JSON result file per run, a table on stdout."""

import argparse
import dataclasses
import datetime
import gc
import importlib
import json
import os
import pathlib
import platform
import signal
import statistics
import sys
import time

# Suite name to module; a module has ``run(options) -> SuiteResult``, imported only when run.
SUITES = {'placement': 'benchmarks.placement', 'deltacloud': 'benchmarks.deltacloud',
          'ec2': 'benchmarks.ec2', 'state': 'benchmarks.state', 'api': 'benchmarks.api',
          'launch': 'benchmarks.launch', 'memory': 'benchmarks.memory'}
RESULTS_DIR = pathlib.Path(__file__).resolve().parent / 'results'
DEFAULT_REPEAT = 7
# A timed run repeats the call until it lasts this long, so the clock's resolution is noise.
MIN_RUN_SECONDS = 0.1


@dataclasses.dataclass
class Timing:
    """Seconds per call: the median, fastest and slowest of ``runs`` runs of ``loops`` calls.

    A figure in another unit (requests per second, MiB) keeps its values here too.
    """

    median: float
    min: float
    max: float
    runs: int
    loops: int


@dataclasses.dataclass
class Figure:
    """One measured figure, with its ratio to the baseline measured in the same run."""

    name: str
    timing: Timing
    params: dict = dataclasses.field(default_factory=dict)
    baseline: str = None
    ratio: float = None
    unit: str = 's'     # of the timing's values: seconds, or e.g. 'req/s', 'MiB'


@dataclasses.dataclass
class SuiteResult:
    figures: list
    summary: dict
    notes: list = dataclasses.field(default_factory=list)


def measure(func, repeat=DEFAULT_REPEAT, min_run_seconds=MIN_RUN_SECONDS):
    """Time ``func()``: calibrate the calls per run, then take ``repeat`` runs."""
    func()    # warm-up: lazy plug-in loading and caches are not what is measured
    loops = _calibrate(func, min_run_seconds)
    per_call = []
    for _ in range(repeat):
        # Garbage collection stays on, as in service; a run starts from a clean heap.
        gc.collect()
        started = time.perf_counter()
        for _ in range(loops):
            func()
        per_call.append((time.perf_counter() - started) / loops)
    return Timing(statistics.median(per_call), min(per_call), max(per_call), repeat, loops)


def _calibrate(func, min_run_seconds):
    loops = 1
    while True:
        started = time.perf_counter()
        for _ in range(loops):
            func()
        if time.perf_counter() - started >= min_run_seconds:
            return loops
        loops *= 2 if loops < 1000 else 10


def format_seconds(seconds):
    for unit, scale in (('s', 1.0), ('ms', 1e-3), ('us', 1e-6)):
        if seconds >= scale:
            return '%.3g %s' % (seconds / scale, unit)
    return '%.3g ns' % (seconds / 1e-9)


def format_value(value, unit):
    if unit == 's':
        return format_seconds(value)
    return '%s %s' % ('%.0f' % value if value >= 100 else '%.3g' % value, unit)


def render_table(rows, headers):
    """A plain text table; every cell is already a string."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    lines = ['  '.join(str(cell).ljust(width) for cell, width in zip(headers, widths)),
             '  '.join('-' * width for width in widths)]
    lines += ['  '.join(str(cell).ljust(width) for cell, width in zip(row, widths))
              for row in rows]
    return '\n'.join(line.rstrip() for line in lines)


def figures_table(figures):
    rows = []
    for figure in figures:
        timing = figure.timing
        values = [format_value(value, figure.unit)
                  for value in (timing.median, timing.min, timing.max)]
        rows.append([figure.name] + values + [
            '%d x %d' % (timing.runs, timing.loops),
            '%.3gx %s' % (figure.ratio, figure.baseline) if figure.baseline else 'baseline'])
    return render_table(rows, ['figure', 'median', 'min', 'max', 'runs x calls',
                               'vs baseline (same run)'])


def machine():
    return {'python': platform.python_version(), 'implementation': platform.python_implementation(),
            'platform': platform.platform(), 'cpus': os.cpu_count(),
            'load_average': list(os.getloadavg()) if hasattr(os, 'getloadavg') else None}


def _loads(load_average):
    return '-' if load_average is None else ' '.join('%.1f' % load for load in load_average)


def write_results(document, directory=RESULTS_DIR):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / ('%s.json' % document['started_at'].replace(':', '').replace('-', ''))
    path.write_text(json.dumps(document, indent=2, allow_nan=False) + '\n')
    return path


def parse_args(argv):
    parser = argparse.ArgumentParser(prog='python -m benchmarks', description=__doc__)
    parser.add_argument('suites', nargs='*', metavar='suite',
                        help='suites to run (default: all of %s)' % ', '.join(SUITES))
    parser.add_argument('--repeat', type=int, default=DEFAULT_REPEAT,
                        help='timed runs per figure; the median, min and max are reported')
    parser.add_argument('--quick', action='store_true',
                        help='fewer runs and the smaller sizes only, as a smoke test')
    parser.add_argument('--results-dir', type=pathlib.Path, default=RESULTS_DIR)
    parser.add_argument('--no-save', action='store_true', help='print only, write no JSON')
    parser.add_argument('--list', action='store_true', help='list the suites and exit')
    options = parser.parse_args(argv)
    unknown = [name for name in options.suites if name not in SUITES]
    if unknown:
        parser.error('unknown suite %s; known are %s' % (', '.join(unknown), ', '.join(SUITES)))
    if options.repeat < 1:
        parser.error('--repeat must be at least 1')
    return options


def _exit(signum, frame):
    raise SystemExit(128 + signum)


def main(argv=None):
    options = parse_args(sys.argv[1:] if argv is None else argv)
    if options.list:
        print('\n'.join(SUITES))
        return 0
    # Stopped as by Ctrl-C: the suites stop their servers and drop their databases on the way.
    signal.signal(signal.SIGTERM, _exit)
    started = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    all_started = time.perf_counter()
    document = {'started_at': started.strftime('%Y-%m-%dT%H:%M:%SZ'), 'machine': machine(),
                'options': {'repeat': options.repeat, 'quick': options.quick}, 'suites': {}}
    for name in options.suites or list(SUITES):
        suite_started = time.perf_counter()
        result = importlib.import_module(SUITES[name]).run(options)
        seconds = time.perf_counter() - suite_started
        document['suites'][name] = {'figures': [dataclasses.asdict(f) for f in result.figures],
                                    'summary': result.summary, 'notes': result.notes,
                                    'seconds': seconds}
        print('== %s (%.0f s) ==\n%s\n' % (name, seconds, figures_table(result.figures)))
        print('\n'.join(result.notes) + '\n')
    document['seconds'] = time.perf_counter() - all_started
    # The load of other processes moves every absolute figure: say what it was.
    document['load_average_at_end'] = machine()['load_average']
    print('all suites: %.0f s; load average (1, 5, 15 min) at the start %s, at the end %s'
          % (document['seconds'], _loads(document['machine']['load_average']),
             _loads(document['load_average_at_end'])))
    if not options.no_save:
        print('results: %s' % write_results(document, options.results_dir))
    return 0
