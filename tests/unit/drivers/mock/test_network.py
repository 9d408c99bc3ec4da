"""Mock addresses, networks, subnets, network interfaces and load balancers."""

import pytest

from iaas import errors
from iaas import models


def test_create_address_after_the_highest(mock, ctx):
    assert mock.create_address(ctx).id == '192.168.0.5'
    mock.destroy_address(ctx, '192.168.0.2')
    assert mock.create_address(ctx).id == '192.168.0.6'
    assert '192.168.0.2' not in {a.id for a in mock.list_addresses(ctx)}


def test_associate_and_disassociate(mock, ctx):
    address = mock.associate_address(ctx, '192.168.0.1', 'inst1')
    assert address.instance_id == 'inst1'
    public = mock.get_instance(ctx, 'inst1').public_addresses
    assert [(a.address, a.type) for a in public] == [('192.168.0.1', 'ipv4')]
    with pytest.raises(errors.Forbidden):
        mock.associate_address(ctx, '192.168.0.1', 'inst0')
    with pytest.raises(errors.Conflict):
        mock.destroy_address(ctx, '192.168.0.1')
    assert not mock.disassociate_address(ctx, '192.168.0.1').associated
    public = mock.get_instance(ctx, 'inst1').public_addresses
    assert [(a.address, a.type) for a in public] == [('img1.inst1.public.com', 'hostname')]
    with pytest.raises(errors.Forbidden):
        mock.disassociate_address(ctx, '192.168.0.1')


def test_two_addresses_on_one_instance(mock, ctx):
    mock.associate_address(ctx, '192.168.0.1', 'inst0')
    mock.associate_address(ctx, '192.168.0.2', 'inst0')
    mock.disassociate_address(ctx, '192.168.0.2')
    assert [a.address for a in mock.get_instance(ctx, 'inst0').public_addresses] == [
        '192.168.0.1']
    mock.disassociate_address(ctx, '192.168.0.1')
    assert [a.address for a in mock.get_instance(ctx, 'inst0').public_addresses] == [
        'img1.inst0.public.com']


def test_associate_refusals(mock, ctx):
    with pytest.raises(errors.NotFound):
        mock.associate_address(ctx, '10.9.9.9', 'inst1')
    with pytest.raises(errors.ValidationError):
        mock.associate_address(ctx, '192.168.0.1', 'nope')
    assert not mock.get_address(ctx, '192.168.0.1').associated


def test_network_with_subnet(mock, ctx):
    network = mock.create_network(ctx, 'n3', '172.16.0.0/16')
    assert (network.id, network.name, network.state, network.address_blocks) == (
        'n3', 'n3', 'UP', ['172.16.0.0/16'])
    subnet = mock.create_subnet(ctx, 'n3', '172.16.1.0/24', 's3')
    assert (subnet.id, subnet.network_id, subnet.address_block, subnet.type) == (
        's3', 'n3', '172.16.1.0/24', None)
    assert mock.get_network(ctx, 'n3').subnet_ids == ['s3']
    mock.destroy_network(ctx, 'n3')
    assert 's3' not in {s.id for s in mock.list_subnets(ctx)}


@pytest.mark.parametrize('network_id,block', [
    ('net1', '10.0.0.0/24'),        # outside 192.168.0.0/16
    ('net1', '192.168.300.0/24'),   # not a CIDR block
    ('nope', '192.168.9.0/24'),
])
def test_invalid_subnets(mock, ctx, network_id, block):
    with pytest.raises(errors.ValidationError):
        mock.create_subnet(ctx, network_id, block)
    assert mock.get_network(ctx, 'net1').subnet_ids == ['subnet1', 'subnet2']


def test_networks_refused(mock, ctx):
    with pytest.raises(errors.ValidationError):
        mock.create_network(ctx, 'bad', 'not-a-block')
    with pytest.raises(errors.Conflict):
        mock.create_network(ctx, 'net2')
    with pytest.raises(errors.Conflict):
        mock.destroy_network(ctx, 'net1')  # nicinst3 sits on it
    with pytest.raises(errors.Conflict):
        mock.destroy_subnet(ctx, 'subnet1')  # nic1 sits on it
    mock.destroy_subnet(ctx, 'subnet2')
    assert mock.get_network(ctx, 'net1').subnet_ids == ['subnet1']


def test_network_interfaces(mock, ctx):
    nic = mock.create_network_interface(ctx, 'inst0', 'subnet1')
    # .1 is the gateway and nic1 holds .2
    assert (nic.id, nic.instance_id, nic.network_id, nic.ip_address) == (
        'nic2', 'inst0', 'subnet1', '192.168.1.3')
    assert mock.get_instance(ctx, 'inst0').network_interface_ids == ['nic2']
    with pytest.raises(errors.ValidationError):
        mock.create_network_interface(ctx, 'inst0', 'nope')
    mock.destroy_network_interface(ctx, 'nic2')
    assert mock.get_instance(ctx, 'inst0').network_interface_ids == []


def test_load_balancers(mock, ctx):
    balancer = mock.create_load_balancer(
        ctx, 'lb1', 'eu', [{'protocol': 'http', 'load_balancer_port': '80',
                            'instance_port': 8080}])
    assert (balancer.realm_ids, balancer.listeners) == (['eu'],
                                                        [models.Listener('HTTP', 80, 8080)])
    assert balancer.public_addresses and balancer.created_at
    assert mock.register_load_balancer(ctx, 'lb1', 'inst3').instance_ids == ['inst3']
    assert mock.register_load_balancer(ctx, 'lb1', 'inst3').instance_ids == ['inst3']
    with pytest.raises(errors.ValidationError):
        mock.register_load_balancer(ctx, 'lb1', 'nope')
    assert mock.unregister_load_balancer(ctx, 'lb1', 'inst3').instance_ids == []
    with pytest.raises(errors.ValidationError):
        mock.unregister_load_balancer(ctx, 'lb1', 'inst3')
    mock.destroy_load_balancer(ctx, 'lb1')
    with pytest.raises(errors.NotFound):
        mock.register_load_balancer(ctx, 'lb1', 'inst3')


@pytest.mark.parametrize('realm_id,listeners', [
    ('mars', [models.Listener('HTTP', 80, 80)]),
    ('us', []),
    ('us', [{'protocol': 'gopher', 'load_balancer_port': 70, 'instance_port': 70}]),
    ('us', [{'protocol': 'TCP', 'load_balancer_port': 0, 'instance_port': 70}]),
    ('us', ['HTTP:80']),
])
def test_invalid_load_balancers(mock, ctx, realm_id, listeners):
    with pytest.raises(errors.ValidationError):
        mock.create_load_balancer(ctx, 'lb', realm_id, listeners)
    assert mock.list_load_balancers(ctx) == []
