"""NUL detection shared by the front ends: text, and lists and dicts of it however deep."""

import pytest

from iaas.api import texts


@pytest.mark.parametrize('value, held', [
    ('plain', False), ('a\x00b', True), (['x', ['y', 'z\x00']], True),
    ({'k': {'deep': ('ok', 'n\x00')}}, True), ({'k\x00': 1}, True),
    ({'k': [1, None, b'\x00']}, False), (None, False),
])
def test_holds_nul(value, held):
    assert texts.holds_nul(value) is held
