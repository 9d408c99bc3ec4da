"""Configurations built with iaas.conf.build() are independent of each other."""

from iaas import conf as iaas_conf


def test_group_overrides_stay_in_their_configuration():
    first, second = iaas_conf.build(), iaas_conf.build()
    first.set_override('username', 'alice', 'mock')
    first.set_override('port', 9999, 'api')
    assert (first.mock.username, first.api.port) == ('alice', 9999)
    assert (second.mock.username, second.api.port) == ('mockuser', 3001)
    assert iaas_conf.build().mock.username == 'mockuser'
