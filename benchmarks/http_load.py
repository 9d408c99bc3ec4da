"""A cheap HTTP load client for the server suites: client threads, status checks, latencies."""

import dataclasses
import http.client
import math
import statistics
import threading
import time

from benchmarks import runner


@dataclasses.dataclass(frozen=True)
class Request:
    """One request as the load client sends it, and the status it must get."""

    path: str
    headers: dict
    method: str = 'GET'
    body: bytes = None
    expect: int = 200


@dataclasses.dataclass
class Run:
    """One load run: the wall time of the whole run and the latency of every request."""

    seconds: float
    latencies: list

    @property
    def per_second(self):
        return len(self.latencies) / self.seconds


class UnexpectedAnswer(RuntimeError):
    """A request got another status than it must: a benchmark of errors is worthless."""


def percentile(values, share):
    """The ``share`` (0..1) percentile of ``values``, linearly interpolated between ranks."""
    if not values:
        raise ValueError('no values')
    ordered = sorted(values)
    rank = share * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def spread(values, loops=1):
    """A Timing of values that are one per run already (a rate, a percentile, MiB)."""
    return runner.Timing(statistics.median(values), min(values), max(values), len(values),
                         loops)


class Client:
    """One keep-alive ``http.client`` connection, reopened when the server closes it.

    gunicorn's sync workers close every connection after the response; ``http.client``
    then connects again on the next request, so the client pays a TCP connect per request
    against those servers, as every client of this API does.
    """

    def __init__(self, address):
        self.connection = http.client.HTTPConnection(*address, timeout=600)

    def send(self, request):
        """``(response, body)``; UnexpectedAnswer unless the status is the one expected."""
        self.connection.request(request.method, request.path, body=request.body,
                                headers=request.headers)
        response = self.connection.getresponse()
        body = response.read()
        if response.status != request.expect:
            raise UnexpectedAnswer('%s %s answered %s, not %s: %s' % (
                request.method, request.path, response.status, request.expect, body[:300]))
        return response, body

    def close(self):
        self.connection.close()


def load(address, requests, clients, per_client):
    """A Run of ``clients`` threads each sending ``per_client`` requests, all starting at once.

    A thread sends ``requests`` in turn (``requests[i % len(requests)]``), waiting for
    each answer before the next, as a client that has one thing to do at a time does.
    """
    start = threading.Barrier(clients + 1)
    latencies = [[] for _ in range(clients)]
    failures = []

    def client(found):
        connection = Client(address)
        try:
            start.wait()
            for n in range(per_client):
                sent = time.perf_counter()
                connection.send(requests[n % len(requests)])
                found.append(time.perf_counter() - sent)
        except Exception as exc:  # noqa: BLE001 - re-raised in the caller's thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(found,), daemon=True)
               for found in latencies]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if failures:
        raise failures[0]
    return Run(seconds, [latency for found in latencies for latency in found])


def calibrate(address, requests, clients, min_run_seconds, least=1):
    """Requests per client (``least`` or more) that make a run last ``min_run_seconds``."""
    per_client = least
    while True:
        run = load(address, requests, clients, per_client)
        if run.seconds >= min_run_seconds:
            return per_client
        # Aim from the rate just seen, a little over; a first tiny run is mostly noise.
        wanted = math.ceil(per_client * min_run_seconds * 1.1 / max(run.seconds, 1e-3))
        per_client = min(max(per_client + 1, wanted), per_client * 50)
