"""The state tracker: every cycle, each account of this worker is asked once for its instances."""

import concurrent.futures
import dataclasses
import logging
import threading
import time

from broker_core import accounts
from broker_core import context as broker_context
from broker_core.db.models import base as models_base
from broker_core import events
from broker_core import health
from broker_core.state import observation
from broker_core.state import partition as partition_mod
from broker_core.state import store
from iaas import errors as iaas_errors

LOG = logging.getLogger(__name__)

# Provider answers that say something about the account rather than about the request.
UNHEALTHY_CODES = (401, 403)
POLL_SECONDS = 0.05


def counts_against_account(exc):
    if not isinstance(exc, iaas_errors.IaasError):
        return True
    return exc.code >= 500 or exc.code in UNHEALTHY_CODES


def without_secret(message, connection):
    """``message`` with the account's password masked, should the provider quote it."""
    message = str(message)
    credentials = connection.request.credentials if connection is not None else None
    if credentials is not None and credentials.password:
        message = message.replace(credentials.password, events.MASK)
    return message


@dataclasses.dataclass
class Task:
    account_id: str
    future: concurrent.futures.Future = None
    started: float = None
    abandoned: threading.Event = dataclasses.field(default_factory=threading.Event)


@dataclasses.dataclass
class CycleReport:
    """What one cycle did: the accounts this worker took and how each went."""

    accounts: list
    outcomes: dict
    provider_calls: int
    seconds: float
    changes: dict = dataclasses.field(default_factory=dict)


class Tracker:
    """Runs cycles; ``partition`` tells which accounts are this worker's (default: all).

    One ``list_instances`` call per account and cycle, with the account's credentials, never
    one per instance; the answer is applied to the account's records by ``store``. Accounts
    are tracked on a bounded thread pool ([state] concurrency) and each gets [state]
    account_timeout from when its turn starts: a cycle never waits longer for a slow account,
    whose late answer is thrown away and which counts a health failure. An account whose
    call from an earlier cycle still hangs is skipped ("busy"), so it holds one thread at
    most. A failing account records a health failure; nothing it does stops the cycle.
    """

    def __init__(self, conf, broker, partition=None, clock=models_base.utcnow):
        self.conf = conf
        self.broker = broker
        self.partition = partition or partition_mod.Everything()
        self.clock = clock
        self.context = broker_context.RequestContext.admin(user_name='state-tracker')
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=conf.state.concurrency, thread_name_prefix='state')
        self._busy = set()
        self._lock = threading.Lock()
        self._calls = 0

    def close(self):
        self._pool.shutdown(wait=False, cancel_futures=True)

    def run_cycle(self):
        """One cycle over this worker's accounts; returns a CycleReport."""
        started = time.monotonic()
        calls_before = self._calls
        mine = self.partition.extract_my_subset(store.tracked_accounts(self.context))
        tasks, outcomes = [], {}
        for account_id in mine:
            with self._lock:
                if account_id in self._busy:
                    outcomes[account_id] = 'busy'
                    continue
                self._busy.add(account_id)
            task = Task(account_id)
            task.future = self._pool.submit(self._run, task)
            tasks.append(task)
        self._wait(tasks, outcomes)
        report = CycleReport(mine, outcomes, self._calls - calls_before,
                             time.monotonic() - started, _totals(outcomes))
        LOG.info('State cycle: %d accounts in %.2f s, %d provider calls, changes %s; '
                 'accounts %s', len(mine), report.seconds, report.provider_calls,
                 report.changes, ','.join(mine))
        return report

    def _run(self, task):
        task.started = time.monotonic()
        try:
            return self.track_account(task.account_id, task.abandoned)
        finally:
            with self._lock:
                self._busy.discard(task.account_id)

    def _wait(self, tasks, outcomes):
        limit = self.conf.state.account_timeout
        pending = list(tasks)
        while pending:
            now, still = time.monotonic(), []
            for task in pending:
                if task.future.done():
                    outcomes[task.account_id] = _result(task)
                elif task.started is not None and now - task.started >= limit:
                    task.abandoned.set()
                    outcomes[task.account_id] = 'timeout'
                    self._failed(task.account_id, None,
                                 'state tracking timed out after %.1f s' % limit)
                else:
                    still.append(task)
            pending = still
            if pending:
                concurrent.futures.wait([task.future for task in pending], timeout=POLL_SECONDS,
                                        return_when=concurrent.futures.FIRST_COMPLETED)

    def track_account(self, account_id, abandoned=None):
        """Ask one account for its instances and apply the answer; what was done."""
        connection = None
        try:
            connection = accounts.connect(self.context, self.broker, account_id)
            listed_at = self.clock()
            with self._lock:
                self._calls += 1
            found = connection.driver.list_instances(connection.request)
        except Exception as exc:  # noqa: B902 - a provider's or driver's failure is data
            if abandoned is not None and abandoned.is_set():
                return 'timeout'
            reason = without_secret(getattr(exc, 'message', None) or exc, connection)
            self._failed(account_id, exc, reason)
            return 'failed'
        if abandoned is not None and abandoned.is_set():
            return 'timeout'
        listed = {instance.id: observation.seen(instance) for instance in found}
        done = store.apply_listing(self.context, account_id, listed, listed_at,
                                   self.thresholds(), now=self.clock())
        return 'stale' if done is None else done

    def thresholds(self):
        return {'pending_timeout': self.conf.state.pending_timeout,
                'stopping_timeout': self.conf.state.stopping_timeout}

    def _failed(self, account_id, exc, reason):
        LOG.warning('Tracking account %s failed: %s', account_id, reason)
        if exc is not None and not counts_against_account(exc):
            return
        try:
            health.record_failure(self.context, account_id, reason,
                                  self.conf.placement.circuit_failure_threshold,
                                  now=self.clock())
        except Exception:  # noqa: B902 - the DB may be what failed; the next cycle retries
            LOG.exception('Could not record the health failure of account %s', account_id)


def _result(task):
    try:
        return task.future.result()
    except Exception:  # noqa: B902 - the DB or a bug: logged, this account only
        LOG.exception('Tracking account %s failed', task.account_id)
        return 'error'


def _totals(outcomes):
    totals = {}
    for outcome in outcomes.values():
        if isinstance(outcome, dict):
            for kind, count in outcome.items():
                totals[kind] = totals.get(kind, 0) + count
    return totals
