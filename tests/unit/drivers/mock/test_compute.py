"""Mock instances and images: numbering, launch details, ownership, actions, imaging, metrics."""

import base64
import re
import time

import pytest

from iaas import errors
from iaas import models
from iaas import states
from iaas.drivers.mock import driver as mock_driver
from tests.unit.drivers.mock import helpers


def test_ids_take_the_first_free_number(mock, ctx):
    assert [i.id for i in helpers.launch(mock, ctx, instance_count=2)] == ['inst4', 'inst5']
    mock.stop_instance(ctx, 'inst2')
    mock.destroy_instance(ctx, 'inst2')
    assert helpers.launch(mock, ctx)[0].id == 'inst2'
    assert helpers.launch(mock, ctx)[0].id == 'inst6'


def test_launch_as_the_reference_shows(mock, ctx):
    instance, = helpers.launch(mock, ctx, hardware_profile_id='m1-large', keyname='test-key',
                               hardware_profile_overrides={'memory': '12288', 'cpu': '2'},
                               name='t2', realm_id='eu')
    assert (instance.id, instance.name, instance.state, instance.owner_id) == (
        'inst4', 't2', 'RUNNING', 'mockuser')
    assert (instance.realm_id, instance.hardware_profile_id, instance.keyname) == (
        'eu', 'm1-large', 'test-key')
    assert instance.hardware_profile_overrides == {'memory': 12288, 'cpu': 2}
    assert [(a.address, a.type) for a in instance.public_addresses] == [
        ('img1.inst4.public.com', 'hostname')]
    assert [(a.address, a.type) for a in instance.private_addresses] == [
        ('img1.inst4.private.com', 'hostname')]
    assert instance.create_image is True
    assert mock.get_instance(ctx, 'inst4') == instance


def test_launch_defaults(mock, ctx):
    before = int(time.time())
    instance, = helpers.launch(mock, ctx, image_id='img2')
    assert re.match(r'^i-\d+$', instance.name)
    assert before <= int(instance.name[2:]) <= int(time.time())
    assert (instance.realm_id, instance.hardware_profile_id) == ('us', 'm1-small')
    assert instance.hardware_profile_overrides == {} and instance.keyname is None
    assert re.match(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$', instance.launch_time)


def test_user_data_is_kept_as_base64_text(mock, ctx):
    encoded = base64.b64encode(b'#cloud-config\n').decode()
    instance, = helpers.launch(mock, ctx, user_data=encoded, metrics='true')
    shown = mock.get_instance(ctx, instance.id)
    assert shown.extra == {'user_data': encoded, 'metrics': 'true'}


@pytest.mark.parametrize('fields', [
    {'user_data': 'not base64!'},
    {'keyname': 'no-such-key'},
    {'firewall_ids': ['default', 'no-such-firewall']},
    {'load_balancer_id': 'no-such-lb'},
    {'snapshot_id': 'no-such-snapshot'},
])
def test_bad_launch_references_create_nothing(mock, ctx, fields):
    before = mock.list_instances(ctx)
    with pytest.raises(errors.ValidationError):
        helpers.launch(mock, ctx, **fields)
    assert mock.list_instances(ctx) == before


def test_instances_are_listed_for_their_owner_only(conf, ctx, mock):
    mine, = helpers.launch(mock, ctx)
    conf.set_override('username', 'bob', 'mock')
    bob = helpers.context('bob', 'mockpassword')
    as_bob = mock_driver.MockDriver(conf)
    assert as_bob.list_instances(bob) == [] and as_bob.list_metrics(bob) == []
    with pytest.raises(errors.NotFound):
        as_bob.get_instance(bob, mine.id)
    with pytest.raises(errors.Forbidden):
        as_bob.stop_instance(bob, mine.id)
    bobs, = helpers.launch(as_bob, bob)
    assert bobs.owner_id == 'bob' and bobs.id != mine.id
    assert [i.id for i in as_bob.list_instances(bob)] == [bobs.id]


def test_state_machine(mock, ctx):
    assert mock.state_machine is states.DEFAULT
    with pytest.raises(errors.MethodNotAllowed):
        mock.destroy_instance(ctx, 'inst0')
    with pytest.raises(errors.MethodNotAllowed):
        mock.start_instance(ctx, 'inst0')
    assert mock.reboot_instance(ctx, 'inst0').state == 'RUNNING'
    assert mock.stop_instance(ctx, 'inst0').state == 'STOPPED'
    with pytest.raises(errors.MethodNotAllowed):
        mock.stop_instance(ctx, 'inst0')
    assert mock.start_instance(ctx, 'inst0').state == 'RUNNING'
    mock.stop_instance(ctx, 'inst0')
    assert mock.destroy_instance(ctx, 'inst0') is None
    with pytest.raises(errors.NotFound):
        mock.get_instance(ctx, 'inst0')


def test_unknown_instances(mock, ctx):
    for action in (mock.start_instance, mock.stop_instance, mock.reboot_instance):
        with pytest.raises(errors.Forbidden):  # as Deltacloud answers POST .../nope/stop
            action(ctx, 'nope')
    with pytest.raises(errors.NotFound):
        mock.destroy_instance(ctx, 'nope')


def test_filters(mock, ctx):
    mock.stop_instance(ctx, 'inst1')
    assert [i.id for i in mock.list_instances(ctx, state='running', realm_id='us')] == [
        'inst0', 'inst2']
    assert [i.id for i in mock.list_instances(ctx, realm_id='eu')] == ['inst3']
    assert [i.id for i in mock.list_instances(ctx, id='inst1')] == ['inst1']


def test_destroy_releases_what_the_instance_held(mock, ctx):
    mock.associate_address(ctx, '192.168.0.2', 'inst1')
    mock.attach_storage_volume(ctx, 'vol1', 'inst1', '/dev/sdc')
    mock.create_load_balancer(ctx, 'lb1', 'us', [models.Listener('HTTP', 80, 80)])
    mock.register_load_balancer(ctx, 'lb1', 'inst1')
    mock.stop_instance(ctx, 'inst1')
    mock.destroy_instance(ctx, 'inst1')
    assert not mock.get_address(ctx, '192.168.0.2').associated
    assert mock.get_storage_volume(ctx, 'vol1').state == 'AVAILABLE'
    assert mock.get_storage_volume(ctx, 'vol3').instance_id is None
    assert mock.get_load_balancer(ctx, 'lb1').instance_ids == []
    assert 'nic1' not in {n.id for n in mock.list_network_interfaces(ctx)}


def test_launch_registers_with_a_load_balancer(mock, ctx):
    mock.create_load_balancer(ctx, 'web', 'us', [models.Listener('HTTP', 80, 8080)])
    created = helpers.launch(mock, ctx, load_balancer_id='web', instance_count=2)
    assert mock.get_load_balancer(ctx, 'web').instance_ids == [i.id for i in created]


def test_launch_attaches_a_volume_from_a_snapshot(mock, ctx):
    instance, = helpers.launch(mock, ctx, snapshot_id='snap1', device_name='/dev/sdh')
    volume_id, = instance.storage_volume_ids
    volume = mock.get_storage_volume(ctx, volume_id)
    assert (volume.state, volume.instance_id, volume.device) == ('IN-USE', instance.id,
                                                                 '/dev/sdh')
    assert volume.extra == {'snapshot_id': 'snap1'}


def test_create_and_destroy_image(mock, ctx):
    image = mock.create_image(ctx, 'inst0', 'myimg', 'my image')
    assert (image.id, image.name, image.description, image.owner_id, image.architecture) == (
        'myimg', 'myimg', 'my image', 'mockuser', 'x86_64')
    assert image.id in {i.id for i in mock.list_images(ctx, owner_id='self')}
    with pytest.raises(errors.Conflict):
        mock.create_image(ctx, 'inst1', 'myimg')
    assert mock.create_image(ctx, 'inst1').id == 'img4'
    mock.destroy_image(ctx, 'myimg')
    with pytest.raises(errors.NotFound):
        mock.get_image(ctx, 'myimg')


def test_images_refused(mock, ctx):
    with pytest.raises(errors.Forbidden):
        mock.create_image(ctx, 'inst3', 'x')  # the seed says it cannot be imaged
    with pytest.raises(errors.ValidationError):
        mock.create_image(ctx, 'nope', 'x')
    with pytest.raises(errors.Forbidden):
        mock.destroy_image(ctx, 'img1')  # fedoraproject's, not the caller's
    with pytest.raises(errors.NotFound):
        mock.destroy_image(ctx, 'nope')


def test_metric_values(mock, ctx):
    metric = mock.get_metric(ctx, 'inst1')
    assert (metric.id, metric.entity) == ('inst1', 'MockUserInstance')
    units = {p.name: p.unit for p in metric.properties}
    assert units['cpuUtilization'] == 'Percent' and units['nicInputByte'] == 'Bytes'
    for prop in metric.properties:
        assert len(prop.values) == 6
        for sample in prop.values:
            assert sample['minimum'] <= sample['average'] <= sample['maximum']
            assert sample['unit'] == prop.unit
    with pytest.raises(errors.NotFound):
        mock.get_metric(ctx, 'nope')
