"""EC2 error codes and botocore failures turned into the IaaS errors Deltacloud answers with."""

import contextlib

from botocore import exceptions as boto_exc
from botocore import parsers as boto_parsers

from iaas import errors

AUTHENTICATION = frozenset((
    'AuthFailure', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'IncompleteSignature',
    'MissingAuthenticationToken', 'UnrecognizedClientException', 'InvalidAccessKeyId',
    'ExpiredToken'))
FORBIDDEN = frozenset((
    'UnauthorizedOperation', 'OptInRequired', 'Blocked', 'PendingVerification',
    'OperationNotPermitted', 'CannotDelete', 'Resource.AlreadyAssociated',
    # Deltacloud answers a taken key name with 403, not 409.
    'InvalidKeyPair.Duplicate'))
STATE_FORBIDS = frozenset(('IncorrectInstanceState', 'IncorrectState'))
CONFLICT = frozenset((
    'DependencyViolation', 'VolumeInUse', 'InvalidIPAddress.InUse',
    'IdempotentParameterMismatch', 'InvalidSubnet.Conflict'))
VALIDATION = frozenset((
    'InvalidParameterValue', 'InvalidParameter', 'InvalidParameterCombination',
    'MissingParameter', 'UnknownParameter', 'ValidationError', 'InvalidRequest', 'InvalidInput',
    'InvalidSubnet.Range', 'InvalidVpc.Range', 'InvalidBlockDeviceMapping',
    'InvalidUserData.Malformed', 'InvalidAMIName.Malformed', 'InvalidKey.Format',
    'InvalidKeyPair.Format', 'InvalidPermission.Malformed', 'InvalidInstanceType',
    'Unsupported', 'InvalidAvailabilityZone'))
# The cloud is out of something for now: try later, or elsewhere (the broker fails over).
UNAVAILABLE = frozenset((
    'InsufficientInstanceCapacity', 'InsufficientAddressCapacity', 'InsufficientCapacity',
    'InsufficientHostCapacity', 'InsufficientReservedInstanceCapacity',
    'InsufficientVolumeCapacity', 'InsufficientFreeAddressesInSubnet', 'Unavailable',
    'ServiceUnavailable', 'RequestLimitExceeded', 'Throttling', 'ThrottlingException'))


def _is_not_found(code):
    """``InvalidInstanceID.NotFound`` and a malformed id (``InvalidAMIID.Malformed``) alike."""
    prefix, _, suffix = code.rpartition('.')
    if suffix == 'NotFound' or code in ('InvalidAMIID.Unavailable', 'InvalidInstanceID'):
        return True
    return suffix == 'Malformed' and prefix.lower().endswith('id')


def error_class(code):
    """The IaaS error class for an EC2 error code."""
    if code in AUTHENTICATION:
        return errors.AuthenticationFailure
    if code in FORBIDDEN:
        return errors.Forbidden
    if code in STATE_FORBIDS:
        return errors.MethodNotAllowed
    if code in UNAVAILABLE:
        return errors.ServiceUnavailable
    if code in VALIDATION:
        return errors.ValidationError
    if code in CONFLICT or code.endswith(('.Duplicate', '.InUse')):
        return errors.Conflict
    if _is_not_found(code):
        return errors.NotFound
    # InstanceLimitExceeded, VcpuLimitExceeded, InternalError...: the cloud said no.
    return errors.ProviderError


def from_client_error(exc, references=()):
    """The IaaS error for a ClientError, with the provider's code and message kept.

    ``references`` are code prefixes (``InvalidKeyPair``) naming objects a request
    refers to: their absence is the request's fault (400), not a missing resource (404).
    """
    error = exc.response.get('Error', {})
    code = error.get('Code') or 'Unknown'
    message = '%s: %s' % (code, error.get('Message') or 'no message')
    cls = error_class(code)
    if cls is errors.NotFound and code.split('.')[0] in references:
        cls = errors.ValidationError
    translated = cls(message)
    translated.provider_code = code
    return translated


def from_botocore_error(exc):
    """The IaaS error for a failure of the transport or of the request before it was sent."""
    if isinstance(exc, boto_exc.ParamValidationError):
        return errors.ValidationError(str(exc))
    if isinstance(exc, (boto_exc.ReadTimeoutError, boto_exc.ConnectionClosedError)):
        # Sent but unanswered: the operation may have happened (the broker looks for it).
        return errors.ProviderTimeout('EC2 did not answer in time: %s' % exc)
    if isinstance(exc, boto_exc.ConnectionError):  # never connected: nothing happened
        return errors.ServiceUnavailable('EC2 endpoint unreachable: %s' % exc)
    return errors.ProviderError('EC2 request failed: %s' % exc)


@contextlib.contextmanager
def translated(references=()):
    """Run an EC2 call; any botocore failure leaves as an IaaS error."""
    try:
        yield
    except boto_exc.ClientError as exc:
        raise from_client_error(exc, references) from exc
    except boto_exc.BotoCoreError as exc:
        raise from_botocore_error(exc) from exc
    except boto_parsers.ResponseParserError as exc:
        # Not a BotoCoreError: an answer that is not EC2's (a proxy's or a broken server's page).
        raise errors.ProviderError('EC2 answered something unreadable: %s' % exc) from exc
