"""Hardware profiles: property parsing, kinds, launch overrides and requirement matching."""

import pytest

from iaas import errors
from iaas.hardware import HardwareProfile, HardwareProperty, parse_value


@pytest.mark.parametrize('name,raw,expected', [
    ('cpu', '2', 2), ('memory', '1740.8', 1740.8), ('memory', 12288, 12288),
    ('storage', '160.0', 160), ('memory', ' 512 ', 512), ('architecture', ' x86_64 ', 'x86_64'),
])
def test_parse_value(name, raw, expected):
    value = parse_value(name, raw)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize('name,raw', [
    ('gpu', 1), ('cpu', 'two'), ('cpu', True), ('memory', 'nan'), ('memory', 'inf'),
    ('storage', -1), ('architecture', '  '),
])
def test_parse_value_refuses(name, raw):
    with pytest.raises(errors.ValidationError):
        parse_value(name, raw)


def test_property_kinds_and_defaults():
    fixed = HardwareProperty('cpu', 'fixed', value='4')
    assert (fixed.value, fixed.unit) == (4, 'count')
    ranged = HardwareProperty('memory', 'range', first='7680', last=15360)
    assert (ranged.value, ranged.first, ranged.last, ranged.unit) == (7680, 7680, 15360, 'MB')
    assert HardwareProperty('memory', 'range', value=10240, first=7680, last=15360).value == 10240
    enum = HardwareProperty('storage', 'enum', values=['850', 1024])
    assert (enum.value, enum.values, enum.unit) == (850, [850, 1024], 'GB')


@pytest.mark.parametrize('kwargs', [
    {'name': 'cpu', 'kind': 'list', 'value': 1},
    {'name': 'memory', 'kind': 'range', 'first': 10, 'last': 5},
    {'name': 'memory', 'kind': 'range', 'first': 1, 'last': 5, 'value': 6},
    {'name': 'storage', 'kind': 'enum', 'values': []},
    {'name': 'storage', 'kind': 'enum', 'values': [1, 2], 'value': 3},
])
def test_invalid_properties(kwargs):
    with pytest.raises(errors.ValidationError):
        HardwareProperty(**kwargs)


def test_accepts():
    assert HardwareProperty('cpu', 'fixed', value=1).accepts(1)
    assert not HardwareProperty('cpu', 'fixed', value=1).accepts(2)
    ranged = HardwareProperty('cpu', 'range', first=1, last=6)
    assert ranged.accepts(1) and ranged.accepts(6) and not ranged.accepts(7)
    assert not HardwareProperty('storage', 'enum', values=[850, 1024]).accepts(900)


@pytest.mark.parametrize('prop,wanted,expected', [
    (HardwareProperty('cpu', 'fixed', value=4), 2, 4),
    (HardwareProperty('cpu', 'fixed', value=4), 5, None),
    (HardwareProperty('memory', 'range', first=1024, last=4096), 512, 1024),
    (HardwareProperty('memory', 'range', first=1024, last=4096), 2000, 2000),
    (HardwareProperty('memory', 'range', first=1024, last=4096), 5000, None),
    (HardwareProperty('storage', 'enum', values=[2048, 1024, 4096]), 1500, 2048),
    (HardwareProperty('storage', 'enum', values=[1024]), 2048, None),
    (HardwareProperty('architecture', 'fixed', value='i386'), 'i386', 'i386'),
    (HardwareProperty('architecture', 'fixed', value='i386'), 'x86_64', None),
])
def test_smallest_satisfying(prop, wanted, expected):
    assert prop.smallest_satisfying(wanted) == expected


def large():
    profile = HardwareProfile.build('m1-large', cpu=(1, 6), memory=(7680, 15360),
                                    storage=[850, 1024], architecture='x86_64')
    return profile


def test_build():
    profile = large()
    assert profile.name == 'm1-large'
    assert [(n, p.kind) for n, p in profile.properties.items()] == [
        ('cpu', 'range'), ('memory', 'range'), ('storage', 'enum'), ('architecture', 'fixed')]
    assert profile.defaults() == {'cpu': 1, 'memory': 7680, 'storage': 850,
                                  'architecture': 'x86_64'}
    assert HardwareProfile.build('opaque', cpu=None).properties == {}


def test_resolve_keeps_only_changes():
    assert large().resolve({'memory': '12288', 'cpu': '1', 'storage': 1024}) == {
        'memory': 12288, 'storage': 1024}
    assert large().resolve({}) == {}


@pytest.mark.parametrize('overrides', [
    {'memory': 20000}, {'cpu': 0}, {'storage': 900}, {'architecture': 'i386'}, {'gpu': 1},
    {'memory': 'lots'},
])
def test_resolve_refuses(overrides):
    with pytest.raises(errors.ValidationError):
        large().resolve(overrides)


def test_satisfy():
    assert large().satisfy({'memory': 8000, 'cpu': 2}) == {
        'cpu': 2, 'memory': 8000, 'storage': 850, 'architecture': 'x86_64'}
    assert large().satisfy({'storage': 1000})['storage'] == 1024
    assert large().satisfy({'memory': 16000}) is None
    assert HardwareProfile.build('opaque').satisfy({'cpu': 1}) is None
    assert HardwareProfile.build('opaque').satisfy({}) == {}
