"""The outbox dispatcher: POSTs signed JSON to receivers, retries with backoff, logs each try."""

import concurrent.futures
import datetime
import json
import logging
import random
import time

import requests

from broker_core.db.models import base as models_base
from broker_core.webhooks import deliveries
from broker_core.webhooks import signing
from broker_core.webhooks import urls

LOG = logging.getLogger(__name__)
USER_AGENT = 'cloud-broker-webhooks/1'


def backoff(attempts, base, maximum, rng=random):
    """Seconds to wait after the ``attempts``-th failed attempt, with jitter."""
    wait = min(maximum, base * 2 ** max(attempts - 1, 0))
    return wait * (1.0 - 0.5 * rng.random())


def body_of(item):
    """The exact bytes POSTed (and signed) for a claimed delivery."""
    document = dict(item['payload'], delivery_id=item['id'])
    return json.dumps(document, sort_keys=True, separators=(',', ':')).encode('utf-8')


class Dispatcher:
    """Sends what is due in the outbox; ``run_once`` is one look, the service loops it.

    Each delivery is a POST of ``{"delivery_id": ..., "event": {...}, "instance": {...}}``
    with the headers X-Broker-Delivery (the delivery id, the same on every retry),
    X-Broker-Event (the event type) and, when there is a secret, X-Broker-Signature:
    ``sha256=<hex HMAC-SHA256 of the raw body>``. A 2xx answer delivers it; anything else
    (an error status, a redirect, a timeout) is retried after ``backoff_base * 2**(n-1)``
    seconds (at most backoff_max), shortened by up to half at random so receivers that failed
    together are not retried together, until max_attempts, when it is given up. Deliveries of
    the notification channel are published with oslo.messaging instead.
    """

    def __init__(self, conf, broker, worker_id, publisher=None, http=None, rng=None):
        self.conf = conf
        self.broker = broker
        self.worker_id = worker_id
        self.publisher = publisher
        self.http = http or requests.Session()
        self.rng = rng or random.Random()
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=conf.webhooks.concurrency, thread_name_prefix='webhook')

    def close(self):
        self._pool.shutdown(wait=True)
        self.http.close()

    def run_once(self, context):
        """Send every delivery due now (one batch); returns {outcome: count}."""
        options = self.conf.webhooks
        claimed = deliveries.claim_due(context, self.worker_id, options.batch_size,
                                       options.lease_seconds)
        outcomes = {}
        for outcome in self._pool.map(lambda item: self._deliver(context, item), claimed):
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        return outcomes

    def _deliver(self, context, item):
        started_at, started = models_base.utcnow(), time.monotonic()
        status_code, error, final = self._attempt(item)
        elapsed_ms = (time.monotonic() - started) * 1000.0
        delivered = error is None
        retry_at = None
        if not delivered and not final and item['attempts'] + 1 < self.conf.webhooks.max_attempts:
            wait = backoff(item['attempts'] + 1, self.conf.webhooks.backoff_base,
                           self.conf.webhooks.backoff_max, self.rng)
            retry_at = models_base.utcnow() + datetime.timedelta(seconds=wait)
        outcome = deliveries.record_attempt(
            context, item['id'], started_at=started_at, duration_ms=elapsed_ms,
            status_code=status_code, error=error, delivered=delivered, retry_at=retry_at)
        if not delivered:
            LOG.info('Delivery %s (%s) to %s failed (%s): %s', item['id'], item['event_type'],
                     item['kind'], outcome, error)
        return outcome

    def _attempt(self, item):
        """(status code, error or None, whether retrying is pointless)."""
        if item['kind'] == 'notification':
            return self._publish(item)
        if not item['url']:
            return None, 'no URL to deliver to', True
        refused = urls.refusal(item['url'], self.conf)
        if refused:
            return None, 'refused: %s' % refused, True
        try:
            return self._post(item)
        except Exception as exc:  # noqa: B902 - a broken secret or receiver must not stop us
            return None, '%s: %s' % (type(exc).__name__, exc), False

    def _post(self, item):
        body = body_of(item)
        headers = {'Content-Type': 'application/json', 'User-Agent': USER_AGENT,
                   signing.DELIVERY_HEADER: item['id'],
                   signing.EVENT_HEADER: item['event_type'] or ''}
        secret = self._secret(item)
        if secret:
            headers[signing.SIGNATURE_HEADER] = signing.sign(secret, body)
        try:
            response = self.http.post(item['url'], data=body, headers=headers,
                                      timeout=self.conf.webhooks.timeout,
                                      allow_redirects=False)
        except requests.RequestException as exc:
            return None, '%s: %s' % (type(exc).__name__, exc), False
        response.close()
        if 200 <= response.status_code < 300:
            return response.status_code, None, False
        return response.status_code, 'HTTP %d %s' % (response.status_code,
                                                     response.reason or ''), False

    def _secret(self, item):
        if item['secret_token']:
            return self.broker.cipher.decrypt(item['secret_token'])['secret']
        if item['kind'] == 'callback':
            return self.conf.webhooks.callback_secret
        return None

    def _publish(self, item):
        if self.publisher is None or not self.publisher.enabled:
            return None, 'notifications are switched off in this process', False
        event = item['payload'].get('event', {})
        try:
            self.publisher.publish(item['id'], item['event_type'], item['payload'],
                                   failed=event.get('outcome') == 'failure')
        except Exception as exc:  # noqa: B902 - any driver failure means: try again later
            return None, '%s: %s' % (type(exc).__name__, exc), False
        return None, None, False
