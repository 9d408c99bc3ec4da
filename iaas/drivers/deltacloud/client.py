"""HTTP to one remote Deltacloud API: a pooled session, the caller's credentials, mapped errors."""

from http import cookiejar
import json
import logging

import requests
from requests import adapters

from iaas import errors

LOG = logging.getLogger(__name__)
USER_AGENT = 'cloud-broker-deltacloud/1.1'
JSON_TYPE = 'application/json'

# A remote error status answers as the same IaaS error, so clients see what they would see
# talking to the remote directly. 412 is handled apart: it names the operation.
ERRORS_BY_STATUS = {cls.code: cls for cls in (
    errors.ValidationError, errors.AuthenticationFailure, errors.Forbidden, errors.NotFound,
    errors.MethodNotAllowed, errors.Conflict, errors.PayloadTooLarge, errors.BackendError,
    errors.NotImplementedFeature, errors.ProviderError, errors.ServiceUnavailable,
    errors.ProviderTimeout)}
_MAX_MESSAGE = 1024


def _error_body(response):
    """``(message, error class name)`` of a Deltacloud JSON error body, Nones otherwise."""
    if not response.headers.get('Content-Type', '').startswith(JSON_TYPE):
        return None, None
    try:
        body = response.json()
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return None, None
    message = body.get('message')
    return (str(message)[:_MAX_MESSAGE] if message else None), body.get('error')


def error_from_response(response, operation):
    """The IaasError a remote error answer stands for."""
    status = response.status_code
    message, _ = _error_body(response)
    if status == 412:
        # Deltacloud's "capability missing"; its body is plain text even for JSON clients.
        return errors.OperationNotSupported(operation, message)
    cls = ERRORS_BY_STATUS.get(status)
    if cls is not None:
        return cls(message)
    # Redirects, 406, 411 and the like mean the remote is not the Deltacloud API we expect.
    return errors.ProviderError(
        'The remote Deltacloud API answered %s to %s' % (status, operation))


class RemoteClient:
    """One remote API's HTTP session; safe to share between threads, as requests' pool is."""

    def __init__(self, options, endpoint):
        self.endpoint = endpoint
        self.timeout = (options.connect_timeout, options.read_timeout)
        self.session = requests.Session()
        # No .netrc credentials or proxies from the environment: a call without the caller's
        # credentials must reach the remote without any.
        self.session.trust_env = False
        # One session serves every caller of this remote: a cookie one caller's answer set
        # must never travel with another caller's request.
        self.session.cookies.set_policy(cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        self.session.verify = options.ca_file or options.verify_tls
        adapter = adapters.HTTPAdapter(pool_connections=1, pool_maxsize=options.pool_maxsize,
                                       max_retries=0)
        self.session.mount('http://', adapter)
        self.session.mount('https://', adapter)
        self.session.headers.update({'Accept': JSON_TYPE, 'User-Agent': USER_AGENT})
        self.session.headers.update(endpoint.headers())

    def close(self):
        self.session.close()

    def request(self, context, operation, method, path='', params=None, data=None,
                headers=None, auth=True):
        """The remote's answer to ``method path``; an IaasError for any failure.

        ``operation`` (``instances.create``) names the call in errors and logs; ``auth``
        False sends no credentials (``/api`` and instance states need none).
        """
        credentials = context.credentials if (auth and context is not None) else None
        basic = (credentials.username, credentials.password) if credentials else None
        url = self.endpoint.url(path)
        try:
            response = self.session.request(
                method, url, params=params, data=data, headers=headers, auth=basic,
                timeout=self.timeout, allow_redirects=False)
        except requests.Timeout:
            LOG.warning('%s %s (%s) timed out', method, url, operation)
            raise errors.ProviderTimeout(
                'The remote Deltacloud API at %s did not answer in time' % self.endpoint.host
            ) from None
        except requests.RequestException as exc:
            LOG.warning('%s %s (%s) failed: %s', method, url, operation, type(exc).__name__)
            raise errors.ProviderError(
                'The remote Deltacloud API at %s cannot be reached' % self.endpoint.host
            ) from None
        LOG.debug('%s %s (%s) -> %s', method, url, operation, response.status_code)
        if response.status_code >= 300:
            raise error_from_response(response, operation)
        return response

    def json(self, context, operation, method, path='', **kwargs):
        """The decoded JSON body of a successful call."""
        response = self.request(context, operation, method, path, **kwargs)
        try:
            return json.loads(response.content)
        except ValueError:
            raise errors.ProviderError(
                'The remote Deltacloud API sent no JSON for %s' % operation) from None
