"""EC2 error codes and botocore failures to IaaS errors (and so to Deltacloud's status codes)."""

from botocore import exceptions as boto_exc
from botocore import parsers as boto_parsers
import pytest

from iaas import errors
from iaas.drivers.ec2 import faults


def client_error(code, message='provider says no', operation='RunInstances'):
    return boto_exc.ClientError({'Error': {'Code': code, 'Message': message}}, operation)


@pytest.mark.parametrize('code,status', [
    ('AuthFailure', 401), ('InvalidClientTokenId', 401), ('SignatureDoesNotMatch', 401),
    ('UnauthorizedOperation', 403), ('InvalidKeyPair.Duplicate', 403), ('CannotDelete', 403),
    ('InvalidInstanceID.NotFound', 404), ('InvalidInstanceID.Malformed', 404),
    ('InvalidAMIID.Malformed', 404), ('InvalidAMIID.Unavailable', 404),
    ('InvalidGroupId.Malformed', 404), ('InvalidVolume.NotFound', 404),
    ('InvalidKeyPair.NotFound', 404), ('InvalidAllocationID.NotFound', 404),
    ('IncorrectInstanceState', 405), ('IncorrectState', 405),
    ('DependencyViolation', 409), ('VolumeInUse', 409), ('InvalidPermission.Duplicate', 409),
    ('InvalidGroup.Duplicate', 409), ('InvalidGroup.InUse', 409),
    ('InvalidParameterValue', 400), ('MissingParameter', 400), ('InvalidSubnet.Range', 400),
    ('InvalidUserData.Malformed', 400), ('InvalidAMIName.Malformed', 400),
    ('InstanceLimitExceeded', 502), ('VcpuLimitExceeded', 502), ('AddressLimitExceeded', 502),
    ('InternalError', 502), ('SomethingAwsInventsLater', 502),
    ('InsufficientInstanceCapacity', 503), ('InsufficientAddressCapacity', 503),
    ('RequestLimitExceeded', 503), ('Throttling', 503), ('Unavailable', 503),
])
def test_codes_map_to_deltacloud_status(code, status):
    error = faults.from_client_error(client_error(code))
    assert error.code == status
    assert error.provider_code == code


def test_the_provider_message_is_kept():
    error = faults.from_client_error(client_error(
        'InstanceLimitExceeded', 'Your quota allows for 0 more running instance(s).'))
    assert isinstance(error, errors.ProviderError)
    assert error.message == ('InstanceLimitExceeded: Your quota allows for 0 more running '
                             'instance(s).')


def test_an_unknown_reference_of_a_request_is_its_fault():
    named = faults.from_client_error(client_error('InvalidKeyPair.NotFound'),
                                     references=('InvalidKeyPair',))
    assert isinstance(named, errors.ValidationError)
    other = faults.from_client_error(client_error('InvalidVolume.NotFound'),
                                     references=('InvalidKeyPair',))
    assert isinstance(other, errors.NotFound)


@pytest.mark.parametrize('exc,cls', [
    (boto_exc.ParamValidationError(report='Invalid length for parameter Name'),
     errors.ValidationError),
    (boto_exc.ReadTimeoutError(endpoint_url='http://ec2'), errors.ProviderTimeout),
    (boto_exc.ConnectionClosedError(endpoint_url='http://ec2'), errors.ProviderTimeout),
    (boto_exc.EndpointConnectionError(endpoint_url='http://ec2'), errors.ServiceUnavailable),
    (boto_exc.ConnectTimeoutError(endpoint_url='http://ec2'), errors.ServiceUnavailable),
    (boto_parsers.ResponseParserError('not XML'), errors.ProviderError),
])
def test_transport_failures(exc, cls):
    with pytest.raises(cls) as raised:
        with faults.translated():
            raise exc
    assert type(raised.value) is cls
    assert raised.value.__cause__ is exc
