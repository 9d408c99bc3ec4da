"""The CIMI $filter grammar and the other query parameters, on plain documents."""

import pytest

from iaas.api.cimi import filters
from iaas.api.cimi import query
from iaas import errors

DOC = {'name': "it's", 'cpu': 2, 'memory': '2048', 'state': 'STARTED', 'shared': True,
       'machineConfig': {'href': 'http://x/cimi/machineConfigurations/small'},
       'properties': {'realm': 'us', 'tier': 'web'}}


@pytest.mark.parametrize('expression, expected', [
    ("name = 'it''s'", True),
    ('name = "it\'s"', True),
    ('cpu = 2', True), ('cpu = 2.0', True), ('cpu != 2', False),
    ("cpu = '2'", True),             # text compares as text: '2' = '2'
    ('memory > 1024', True),         # a numeric string compares as a number with a number
    ("memory > '1024'", True),       # and as text with text ('2048' > '1024')
    ("state >= 'STARTED'", True), ("state < 'A'", False),
    ('shared = true', True), ('shared = false', False),
    ("machineConfig.href = 'http://x/cimi/machineConfigurations/small'", True),
    ("property['realm'] = 'us'", True), ('property["tier"] != "web"', False),
    ("missing = 'x'", False), ("missing != 'x'", False),
    ('machineConfig = 1', False),    # a reference is not a value
    ("cpu = 1 or (state = 'STARTED' and memory >= 2048)", True),
    ("cpu = 1 or state = 'STARTED' and memory < 2048", False),
    ("(cpu = 1 or state = 'STARTED') and memory >= 2048", True),
    ('2 = cpu', True), ('3 > cpu', True), ('3 < cpu', False),
])
def test_filter(expression, expected):
    assert filters.parse(expression)(DOC) is expected


@pytest.mark.parametrize('expression', [
    '', '   ', 'cpu', 'cpu =', '= 2', "cpu = 1 and", '(cpu = 1', 'cpu = 1)', "'a' = 'b'",
    'cpu = memory', "name = 'unterminated", 'cpu == 2', 'cpu = 1 xor cpu = 2', '((' * 40 + 'cpu=1',
    'x' * 5000,
])
def test_bad_filters_are_400(expression):
    with pytest.raises(errors.ValidationError) as caught:
        filters.parse(expression)
    assert caught.value.code == 400
    assert caught.value.message.startswith('Invalid $filter')


def test_first_last_select_expand():
    parsed = query.parse_query('$first=2&$last=3&$select=name,cpu&$expand=disks')
    assert parsed.window(list('abcde')) == ['b', 'c']
    assert parsed.selected(dict(DOC, id='i', resourceURI='r')) == {
        'id': 'i', 'resourceURI': 'r', 'name': "it's", 'cpu': 2}
    assert parsed.expands('disks') and not parsed.expands('volumes')
    everything = query.parse_query('$expand&$select=*')
    assert everything.expands('volumes') and everything.selected(DOC) == DOC
    assert query.parse_query('$filter=cpu=2&$filter=cpu=3').matches(DOC) is False


@pytest.mark.parametrize('text', ['$first=0', '$last=-1', '$first=x', '$last='])
def test_bad_positions_are_400(text):
    with pytest.raises(errors.ValidationError):
        query.parse_query(text)
