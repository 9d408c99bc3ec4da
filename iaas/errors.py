"""Domain errors of the IaaS layer, each carrying the HTTP status Deltacloud answers with."""


class IaasError(Exception):
    """Base of every error a driver or the front end raises on purpose.

    ``code`` is the HTTP status, ``deltacloud_class`` the exception class name
    Deltacloud reports in its JSON error body.
    """

    code = 500
    deltacloud_class = 'Deltacloud::Exceptions::BackendError'
    msg_fmt = 'Backend error'

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if message is None:
            message = self.msg_fmt % kwargs if kwargs else self.msg_fmt
        self.message = message
        super().__init__(message)


class ValidationError(IaasError):
    code = 400
    deltacloud_class = 'Deltacloud::Exceptions::ValidationFailure'
    msg_fmt = 'Validation failure'


class MissingParameter(ValidationError):
    msg_fmt = "Required parameter '%(name)s' not found"


class AuthenticationFailure(IaasError):
    code = 401
    deltacloud_class = 'Deltacloud::Exceptions::AuthenticationFailure'
    msg_fmt = 'Unauthorized'


class Forbidden(IaasError):
    code = 403
    deltacloud_class = 'Deltacloud::Exceptions::ForbiddenError'
    msg_fmt = 'Forbidden'


class NotFound(IaasError):
    code = 404
    deltacloud_class = 'Deltacloud::Exceptions::ObjectNotFound'
    msg_fmt = 'Not Found'


class MethodNotAllowed(IaasError):
    """An action the object's current state does not allow (Deltacloud's 405)."""

    code = 405
    deltacloud_class = 'Deltacloud::Exceptions::MethodNotAllowed'
    msg_fmt = 'Method Not Allowed'


class NotAcceptable(IaasError):
    code = 406
    deltacloud_class = 'Deltacloud::Exceptions::UnknownMediaTypeError'
    msg_fmt = 'Not Acceptable'


class Conflict(IaasError):
    code = 409
    deltacloud_class = 'Deltacloud::Exceptions::Conflict'
    msg_fmt = 'Conflict'


class OperationNotSupported(IaasError):
    """The driver lacks the operation; Deltacloud answers 412 with ``Expect: <operation>``."""

    code = 412
    deltacloud_class = 'Deltacloud::Exceptions::NotSupported'
    msg_fmt = 'The required capability to execute this operation is missing'

    def __init__(self, operation, message=None):
        self.operation = operation
        super().__init__(message)


class PayloadTooLarge(IaasError):
    code = 413
    deltacloud_class = 'Deltacloud::Exceptions::ValidationFailure'
    msg_fmt = 'Request body too large'


class BackendError(IaasError):
    code = 500


class NotImplementedFeature(IaasError):
    """A parameter or variant of a supported operation this driver does not implement."""

    code = 501
    deltacloud_class = 'Deltacloud::Exceptions::NotImplemented'
    msg_fmt = 'Not Implemented'


class ProviderError(IaasError):
    """The provider answered with an error the driver cannot translate into anything better."""

    code = 502
    deltacloud_class = 'Deltacloud::Exceptions::ProviderError'
    msg_fmt = 'Provider error'


class ServiceUnavailable(IaasError):
    code = 503
    deltacloud_class = 'Deltacloud::Exceptions::ServiceUnavailable'
    msg_fmt = 'Service unavailable'


class ProviderTimeout(IaasError):
    code = 504
    deltacloud_class = 'Deltacloud::Exceptions::ProviderTimeout'
    msg_fmt = 'Provider timeout'


class DriverLoadError(Exception):
    """An enabled driver could not be loaded: a fatal start-up error naming the driver."""
