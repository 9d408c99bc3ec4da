"""What every part of the broker driver shares: broker_core, logins, provider calls, realizations.

The collections of the broker driver are mixins over :class:`BrokerBase` (compute.py,
access.py, network.py, storage.py, balancing.py, objects.py); driver.py composes them. A
mixin answers from broker_core and reaches a provider only through
:meth:`BrokerBase.account_call`, which uses the account's credentials, keeps the
account's health and translates what fails.
"""

import logging

from broker_core.catalog import realizations
from broker_core import accounts
from broker_core import conf as broker_conf
from broker_core import context as broker_context_mod
from broker_core.db import api as db_api
from broker_core import errors as broker_errors
from broker_core import events
from broker_core import health
from broker_core import identity
from broker_core import logins
from broker_core import roles
from broker_core import services
from broker_driver import conf as driver_conf
from iaas import driver as driver_mod
from iaas import errors

LOG = logging.getLogger(__name__)

# Provider answers that say something about the account rather than about the request.
_UNHEALTHY_CODES = (401, 403)


def without_secret(message, credentials):
    """``message`` with the account's password masked, should the provider quote it."""
    message = str(message)
    if credentials is not None and credentials.password:
        message = message.replace(credentials.password, events.MASK)
    return message


def counts_against_account(exc):
    """Whether a failed provider call says the account is unhealthy (not the request wrong)."""
    if not isinstance(exc, errors.IaasError):
        return True
    return exc.code >= 500 or exc.code in _UNHEALTHY_CODES


def translate(exc, account_name, credentials):
    """The iaas error a client sees for a failed provider call: names the account, no secret.

    The provider refusing the account's credentials is the broker's problem, not the
    client's: it becomes a 502 rather than a 401 the client would blame on its own login.
    """
    reason = without_secret(getattr(exc, 'message', None) or exc or type(exc).__name__,
                            credentials)
    message = "Account '%s': %s" % (account_name, reason)
    if not isinstance(exc, errors.IaasError) or exc.code in _UNHEALTHY_CODES:
        translated = errors.ProviderError(message)
    elif isinstance(exc, errors.OperationNotSupported):
        translated = errors.OperationNotSupported(exc.operation, message)
    else:
        try:
            translated = type(exc)(message)
        except TypeError:
            translated = errors.ProviderError(message)
    translated.account_name = account_name
    translated.reason = reason
    return translated


class BrokerBase(driver_mod.Driver):
    """The broker as a driver: pools are realms, everything is answered from broker_core.

    One instance serves every request of a process; it holds one ``services.Broker``
    (configuration, credential cipher, provider drivers) and a short cache of verified
    logins. ``clock`` returns naive UTC and is what health and circuit decisions read;
    tests replace it.
    """

    name = 'broker'
    display_name = 'Broker'

    def __init__(self, conf, provider=None):
        super().__init__(conf, provider)
        # The front end's configuration may carry only the IaaS options; registering is
        # idempotent, and values in the config files are read when an option is.
        broker_conf.register_opts(conf)
        driver_conf.register_opts(conf)
        db_api.configure(conf)
        self.broker = services.Broker(conf)
        self.logins = logins.LoginCache(ttl=conf.broker_driver.login_cache_seconds)
        self.clock = health.utcnow

    # -- callers --------------------------------------------------------------------------

    def broker_context(self, context):
        """The broker RequestContext of the HTTP Basic user of ``context``.

        AuthenticationFailure without credentials or when they do not log in. Roles are
        read afresh for every request; only the password check is cached, briefly.
        """
        credentials = context.credentials
        if credentials is None or not credentials.username:
            raise errors.AuthenticationFailure()
        anonymous = broker_context_mod.RequestContext(request_id=context.request_id)
        user = self.logins.get(credentials.username, credentials.password)
        if user is None:
            try:
                user = identity.authenticate(anonymous, credentials.username,
                                             credentials.password)
            except broker_errors.NotAuthenticated:
                raise errors.AuthenticationFailure() from None
            self.logins.put(credentials.username, credentials.password, user)
        return roles.user_context(anonymous, user, request_id=context.request_id)

    def authenticate(self, context):
        self.broker_context(context)

    # -- provider calls -------------------------------------------------------------------

    def account_call(self, bctx, account_id, method, *args, **kwargs):
        """Call ``method`` of the account's provider driver with the account's credentials.

        Success and failure are recorded in the account's health (a failure only when it
        says something about the account: 5xx, refused credentials, a driver crash); a
        failure is raised as an iaas error naming the account, never its secret, with
        ``account_name`` and ``reason`` attributes. No DB transaction is open during the call.
        """
        connection = accounts.connect(bctx, self.broker, account_id)
        try:
            result = getattr(connection.driver, method)(connection.request, *args, **kwargs)
        except Exception as exc:  # noqa: B902 - a driver's bug must not escape untranslated
            translated = translate(exc, connection.account_name,
                                   connection.request.credentials)
            if counts_against_account(exc):
                LOG.warning('%s of account %s failed: %s', method, connection.account_name,
                            translated.reason)
                self.record_failure(bctx, account_id, translated.reason)
            raise translated from None
        self.record_success(bctx, account_id)
        return result

    def gone_at_provider(self, bctx, account_id, method, *args):
        """``account_call`` of a method that makes something go; already gone (404) is fine."""
        try:
            self.account_call(bctx, account_id, method, *args)
        except errors.NotFound:
            LOG.info('%s%r: gone from account %s already', method, args, account_id)

    def record_success(self, bctx, account_id):
        health.record_success(bctx, account_id, now=self.clock())

    def record_failure(self, bctx, account_id, reason):
        health.record_failure(bctx, account_id, reason,
                              self.conf.placement.circuit_failure_threshold, now=self.clock())

    # -- logical resources ----------------------------------------------------------------

    def realize(self, bctx, kind, broker_object_id, account_id, create_fn):
        """The provider id of a broker object in an account, created there on first need.

        ``create_fn(bctx, account_id)`` creates the object at the provider (through
        ``account_call``) and returns its provider id. The realization is recorded as
        ``creating`` before the call and with the id after it, or as ``error`` when the call
        fails (the error is raised). Two first uses racing may both create: the later
        record wins and the other provider object is left over (logged).
        """
        try:
            known = realizations.get_realization(bctx, kind, broker_object_id, account_id)
        except broker_errors.ObjectNotFound:
            known = None
        if known is not None and known['provider_object_id'] and known['state'] == 'available':
            return known['provider_object_id']
        realizations.record_realization(bctx, kind, broker_object_id, account_id, None)
        try:
            provider_object_id = create_fn(bctx, account_id)
        except Exception:
            realizations.record_realization(bctx, kind, broker_object_id, account_id, None,
                                            state='error')
            raise
        realizations.record_realization(bctx, kind, broker_object_id, account_id,
                                        provider_object_id)
        return provider_object_id
