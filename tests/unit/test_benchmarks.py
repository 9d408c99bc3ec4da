"""The server suites' pure helpers: percentiles, ratios of runs, the bare app's captured bytes."""

import os

import falcon.testing
import pytest

from benchmarks import api
from benchmarks import bare_app
from benchmarks import brokers
from benchmarks import http_load
from benchmarks import launch
from benchmarks import runner
from tests.integration import servers


def test_percentiles_interpolate_between_ranks():
    values = [0.4, 0.1, 0.3, 0.2, 0.5]
    assert http_load.percentile(values, 0.5) == 0.3
    assert http_load.percentile(values, 0.0) == 0.1
    assert http_load.percentile(values, 1.0) == 0.5
    assert http_load.percentile(values, 0.99) == pytest.approx(0.496)
    assert http_load.percentile([7.0], 0.99) == 7.0
    with pytest.raises(ValueError):
        http_load.percentile([], 0.5)


def test_the_bare_app_gives_back_the_captured_bytes_and_content_type(tmp_path):
    request = http_load.Request('/api/instances?x=1', {'Accept': 'application/json'})

    class Response:
        status = 200

        def getheader(self, name):
            return {'Content-Type': 'application/json; charset=UTF-8'}[name]
    body = b'{"instances": [\xc3\xa9]}'
    path = bare_app.write_answers(tmp_path / 'answers.json',
                                  [bare_app.captured(request, Response(), body)])
    client = falcon.testing.TestClient(bare_app.create_app(bare_app.read_answers(path)))

    found = client.simulate_get('/api/instances', query_string='x=1',
                                headers={'Accept': 'application/json'})
    assert (found.status_code, found.content) == (200, body)
    assert found.headers['Content-Type'] == 'application/json; charset=UTF-8'
    # Another format or path was not captured: the bare app knows nothing else.
    assert client.simulate_get('/api/instances', query_string='x=1').status_code == 404
    assert client.simulate_get('/api/realms', headers={
        'Accept': 'application/json'}).status_code == 404


def runs(*rates, requests=10):
    """Runs of ``requests`` requests at each of ``rates`` (requests per second)."""
    return [http_load.Run(requests / rate, [1.0 / rate] * requests) for rate in rates]


def test_api_figures_are_rates_with_ratios_mock_to_bare_and_broker_to_mock():
    name = 'GET /api/instances XML'
    figures, summary = api.figures_of({(name, 'bare'): runs(1000, 800, 1200),
                                       (name, 'mock'): runs(100, 90, 110),
                                       (name, 'broker'): runs(25, 20, 30)})
    by_name = {figure.name: figure for figure in figures}
    bare, mock, broker = (by_name['%s (%s)' % (name, target)] for target in api.TARGETS)
    assert (bare.timing.median, bare.timing.min, bare.timing.max) == (
        pytest.approx(1000), pytest.approx(800), pytest.approx(1200))
    assert (bare.baseline, bare.ratio, bare.unit) == (None, None, 'req/s')
    assert (mock.baseline, mock.ratio) == (bare.name, pytest.approx(0.1))
    assert (broker.baseline, broker.ratio) == (mock.name, pytest.approx(0.25))
    assert summary[name]['ratios']['broker/bare'] == pytest.approx(0.025)
    assert 'req/s' in runner.figures_table(figures)


def test_launch_figures_give_rates_and_percentiles_beside_the_baseline():
    found = {8: {launch.BASELINE: runs(100, 100, 100), launch.LAUNCH: runs(10, 8, 12)}}
    figures, summary = launch.figures_of('sqlite', found)
    by_name = {figure.name: figure for figure in figures}
    rate = by_name['POST /api/instances c=8 sqlite']
    assert (rate.unit, rate.baseline, rate.ratio) == (
        'req/s', 'GET /api/realms c=8 sqlite', pytest.approx(0.1))
    p99 = by_name['POST /api/instances latency p99 c=8 sqlite']
    assert (p99.unit, p99.baseline) == ('s', 'GET /api/realms latency p99 c=8 sqlite')
    assert p99.timing.median == pytest.approx(0.1) and p99.ratio == pytest.approx(10)
    assert summary['8']['pooled_launches'] == 30


def test_a_process_memory_and_its_children_are_read_from_proc():
    memory = brokers.memory_mib(os.getpid())
    assert 0 < memory['VmRSS'] <= memory['VmHWM']
    assert os.getpid() in servers.child_pids(os.getppid())
    assert brokers.address('http://127.0.0.1:8123') == ('127.0.0.1', 8123)
