"""Typed access to request parameters and the per-operation argument parsers."""

import pytest

from iaas.api.deltacloud import forms
from iaas.api.deltacloud import params as params_mod
from iaas import errors


def make(**values):
    return params_mod.Params(values)


def test_empty_values_are_absent():
    params = make(instance_id='', name='x')
    assert params.get('instance_id') is None
    with pytest.raises(errors.MissingParameter, match="Required parameter 'instance_id'"):
        params.required('instance_id')


@pytest.mark.parametrize('raw', ['x', '1.5', '', ' 2 '])
def test_integer(raw):
    params = make(n=raw)
    if raw == '':
        assert params.integer('n') is None
    elif raw == ' 2 ':
        assert params.integer('n') == 2
    else:
        with pytest.raises(errors.ValidationError):
            params.integer('n')


def test_integer_bounds():
    with pytest.raises(errors.ValidationError, match='out of range'):
        make(n='-1').integer('n', minimum=1)
    with pytest.raises(errors.ValidationError):
        make(n='70000').integer('n', maximum=65535)


def test_indexed_in_numeric_order():
    params = make(firewalls10='j', firewalls2='b', firewalls1='a', firewalls='z', other='o')
    assert params.indexed('firewalls') == ['z', 'a', 'b', 'j']


def test_instance_spec_types():
    spec = forms.instance_spec(make(image_id='img1', hwp_id='m1-large', hwp_memory='12288',
                                    hwp_cpu='2', instance_count='3', firewalls1='a',
                                    firewalls2='b,c', realm_id='', name='n'))
    assert spec.hardware_profile_overrides == {'cpu': 2, 'memory': 12288}
    assert (spec.instance_count, spec.firewall_ids, spec.realm_id) == (3, ['a', 'b', 'c'], None)


@pytest.mark.parametrize('bad', [{'hwp_memory': 'abc'}, {'hwp_cpu': '-2'},
                                 {'instance_count': 'x'}, {'instance_count': '0'}])
def test_instance_spec_rejects_malformed_numbers(bad):
    with pytest.raises(errors.ValidationError):
        forms.instance_spec(make(image_id='img1', hwp_id='m1-large', **bad))


def test_firewall_rule_sources():
    args = forms.firewall_rule(make(protocol='TCP', port_from='22', port_to='22',
                                    ip_address1='1.2.3.4/32', **{'ip-address2': '5.6.7.8/32'},
                                    group1='g', group1owner='o', group2='h'))
    assert args['protocol'] == 'tcp'
    assert args['sources'] == [
        {'type': 'address', 'address': '1.2.3.4/32'},
        {'type': 'address', 'address': '5.6.7.8/32'},
        {'type': 'group', 'name': 'g', 'owner': 'o'},
        {'type': 'group', 'name': 'h', 'owner': None}]


def test_blob_metadata():
    params = make(meta_params='2', meta_name1='Author', meta_value1='me', meta_name2='k')
    assert forms.blob_metadata(params) == {'author': 'me', 'k': ''}
    headers = {'X-DELTACLOUD-BLOBMETA-VERSION': '2', 'CONTENT-TYPE': 'text/plain',
               'X-DELTACLOUD-BLOBMETA-': 'empty name'}
    assert forms.blob_metadata_from_headers(headers) == {'version': '2'}


def _params(**values):
    from iaas.api.deltacloud import params as params_mod
    return params_mod.Params(values)


def test_launch_extras_reach_the_driver_in_the_spec():
    from iaas.api.deltacloud import forms
    spec = forms.create_args('instances', _params(image_id='img1', callback='https://h/cb'),
                             idempotency_key=' retry-1 ')['spec']
    assert spec.extra == {'idempotency_key': 'retry-1', 'callback_url': 'https://h/cb'}
    spec = forms.create_args('instances', _params(image_id='img1', uuid='u-1'))['spec']
    assert spec.extra == {'idempotency_key': 'u-1'}
    assert forms.create_args('instances', _params(image_id='img1'))['spec'].extra == {}


@pytest.mark.parametrize('values, key', [
    ({'callback': 'file:///etc/passwd'}, None),
    ({'callback': 'http://'}, None),
    ({}, 'x' * 256),
    ({}, 'bad\nkey'),
])
def test_bad_launch_extras_are_refused(values, key):
    from iaas.api.deltacloud import forms
    from iaas import errors
    with pytest.raises(errors.ValidationError):
        forms.create_args('instances', _params(image_id='img1', **values), idempotency_key=key)
