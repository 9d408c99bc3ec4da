"""The one mapping of exceptions to HTTP answers: domain errors by their code, others to 500."""

import json
import logging

import falcon

from iaas import errors as iaas_errors

LOG = logging.getLogger(__name__)
CHALLENGE = 'Basic realm="%s"'


def make_handler(realm):
    """The handler of every exception but falcon's own HTTPError, which passes through."""

    def handle(req, resp, exc, params):
        if isinstance(exc, iaas_errors.IaasError) and exc.code < 500:
            raise _client_error(exc, realm) from None
        if isinstance(exc, iaas_errors.IaasError) and exc.code != 500:
            # A provider's failure (502/503/504): the message names the account, no secret.
            LOG.warning('%s %s failed: %s', req.method, req.path, exc.message)
            raise falcon.HTTPError(falcon.code_to_http_status(exc.code),
                                   description=exc.message) from None
        LOG.exception('%s %s failed unexpectedly', req.method, req.path)
        raise falcon.HTTPInternalServerError(
            description='The request failed; the broker logged the details.') from None

    return handle


def _client_error(exc, realm):
    if exc.code == 401:
        return falcon.HTTPUnauthorized(description=exc.message,
                                       challenges=[CHALLENGE % realm])
    return falcon.HTTPError(falcon.code_to_http_status(exc.code), description=exc.message)


def serialize_error(req, resp, exc):
    """Errors are JSON whatever the client accepts: {"title": ..., "description": ...}."""
    resp.content_type = falcon.MEDIA_JSON
    resp.text = json.dumps(exc.to_dict())
