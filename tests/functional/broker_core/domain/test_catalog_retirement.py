"""Asking whether a user's object may be deleted, and where an address got its ip and instance."""

import pytest

from broker_core.catalog import addresses
from broker_core.catalog import firewalls
from broker_core.catalog import keys
from broker_core.catalog import networks
from broker_core import errors
from broker_core import events
from tests.functional.broker_core.domain import conftest as fx
from tests.functional.broker_core.domain.test_catalog_logical import public_key  # noqa: F401


def test_check_deletable_raises_what_delete_would(user_id, pool, public_key,  # noqa: F811
                                                  admin_context):
    key = keys.create_key(admin_context, user_id, 'laptop', public_key)
    web = firewalls.create_firewall(admin_context, user_id, 'web')
    network = networks.create_network(admin_context, user_id, '10.0.0.0/16')
    address = addresses.create_address(admin_context, user_id)
    for check, ident in ((keys.check_deletable, key['id']),
                         (firewalls.check_deletable, web['id']),
                         (networks.check_deletable, network['id']),
                         (addresses.check_deletable, address['id'])):
        check(admin_context, ident)  # nothing uses them yet
    instance = fx.add_instance(admin_context, user_id, key_id=key['id'],
                               firewall_ids=[web['id']])
    networks.create_subnet(admin_context, network['id'], '10.0.1.0/24')
    fx.associate(admin_context, address['id'], instance)
    for check, ident in ((keys.check_deletable, key['id']),
                         (firewalls.check_deletable, web['id']),
                         (networks.check_deletable, network['id']),
                         (addresses.check_deletable, address['id'])):
        with pytest.raises(errors.InUse):
            check(admin_context, ident)
        with pytest.raises(errors.ObjectNotFound):
            check(admin_context, 'nope')


def test_an_address_records_its_ip_and_instance(user_id, pool, admin_context):
    address = addresses.create_address(admin_context, user_id)
    placed = addresses.record_ip(admin_context, address['id'], '192.0.2.7', pool_id=pool['id'])
    assert (placed['ip'], placed['pool_id']) == ('192.0.2.7', pool['id'])
    instance = fx.add_instance(admin_context, user_id)
    associated = addresses.record_association(admin_context, address['id'], instance)
    assert associated['instance_id'] == instance
    assert addresses.record_association(admin_context, address['id'], None)[
        'instance_id'] is None
    assert addresses.record_ip(admin_context, address['id'], None)['ip'] is None
    assert [e['type'] for e in events.query(admin_context, object_id=address['id'])] == [
        'address.ip', 'address.disassociate', 'address.associate', 'address.ip',
        'address.create']


def test_an_address_associates_only_with_a_live_instance_of_its_owner(user_id, admin_context):
    address = addresses.create_address(admin_context, user_id)
    theirs = fx.add_instance(admin_context, fx.add_user(admin_context, 'bob'))
    gone = fx.add_instance(admin_context, user_id)
    fx.mark_deleted(admin_context, gone)
    for instance in (theirs, gone, 'nope'):
        with pytest.raises(errors.ObjectNotFound):
            addresses.record_association(admin_context, address['id'], instance)
    with pytest.raises(errors.Invalid):
        addresses.record_ip(admin_context, address['id'], '')
    assert addresses.get_address(admin_context, address['id'])['instance_id'] is None
