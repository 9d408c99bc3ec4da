"""The deltacloud provider string: remote URL, remote driver and provider, what is refused."""

import pytest

from iaas import errors
from iaas.drivers.deltacloud import endpoint


@pytest.mark.parametrize('value,api_url,driver,provider', [
    ('http://127.0.0.1:3001/api', 'http://127.0.0.1:3001/api', None, None),
    ('https://cloud.example/api/', 'https://cloud.example/api', None, None),
    ('HTTP://cloud.example:8080', 'http://cloud.example:8080/api', None, None),
    ('http://h/deltacloud/api;driver=mock', 'http://h/deltacloud/api', 'mock', None),
    ('http://h:1/api;driver=mock;provider=east', 'http://h:1/api', 'mock', 'east'),
    ('http://h/api;provider=http%3A%2F%2Fother%3A3001%2Fapi%3Bdriver%3Dmock;driver=deltacloud',
     'http://h/api', 'deltacloud', 'http://other:3001/api;driver=mock'),
])
def test_provider_strings(value, api_url, driver, provider):
    found = endpoint.parse_provider(value)
    assert (found.api_url, found.driver, found.provider) == (api_url, driver, provider)


def test_remote_driver_and_provider_travel_as_headers():
    found = endpoint.parse_provider('http://h:1/api;driver=ec2;provider=eu-west-1')
    assert found.headers() == {'X-Deltacloud-Driver': 'ec2',
                               'X-Deltacloud-Provider': 'eu-west-1'}
    assert endpoint.parse_provider('http://h:1/api').headers() == {}
    assert found.url('/realms') == 'http://h:1/api/realms'
    assert found.host == 'h:1'


@pytest.mark.parametrize('value', [
    None, '', '   ', 'ftp://h/api', 'file:///etc/passwd', 'h:3001/api', 'http:///api',
    'http://user:pass@h/api', 'http://h/api?x=1', 'http://h/api#frag',
    'http://h/api;color=red', 'http://h/api;driver', 'http://h:port/api',
])
def test_refused_provider_strings(value):
    with pytest.raises(errors.ValidationError):
        endpoint.parse_provider(value)


def test_allowed_hosts():
    allowed = ['cloud.example', '127.0.0.1:3001']
    assert endpoint.parse_provider('https://cloud.example:8443/api', allowed)
    assert endpoint.parse_provider('http://127.0.0.1:3001/api', allowed)
    for refused in ('http://127.0.0.1:3002/api', 'http://169.254.169.254/api'):
        with pytest.raises(errors.ValidationError):
            endpoint.parse_provider(refused, allowed)
