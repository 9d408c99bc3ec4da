"""Instances through the EC2 driver against moto: launch choices, states, tags, paging."""

import base64
from concurrent import futures
import types

import pytest

from broker_driver import saga
from iaas import errors
from iaas import models
from iaas import states
from tests.integration.ec2 import moto

pytestmark = pytest.mark.integration


def launch(driver, context, **fields):
    fields.setdefault('realm_id', 'us-east-1a')
    fields.setdefault('hardware_profile_id', 't3.micro')
    return driver.create_instance(context, models.InstanceSpec(moto.X86_IMAGE, **fields))


def described(client, instance_id):
    return client.describe_instances(InstanceIds=[instance_id])['Reservations'][0][
        'Instances'][0]


def test_launch_honours_every_choice(ec2_driver, ec2_context, ec2_client):
    ec2_client.create_key_pair(KeyName='deploy')
    group = ec2_client.create_security_group(GroupName='web', Description='web')['GroupId']
    user_data = base64.b64encode(b'#!/bin/sh\necho broker\n').decode()
    instance, = launch(ec2_driver, ec2_context, name='web-1', keyname='deploy',
                       firewall_ids=[group], user_data=user_data, realm_id='us-east-1b',
                       hardware_profile_id='m5.large')
    raw = described(ec2_client, instance.id)
    assert (raw['KeyName'], raw['InstanceType']) == ('deploy', 'm5.large')
    assert raw['Placement']['AvailabilityZone'] == 'us-east-1b'
    assert [g['GroupId'] for g in raw['SecurityGroups']] == [group]
    stored = ec2_client.describe_instance_attribute(InstanceId=instance.id,
                                                    Attribute='userData')
    # What EC2 keeps (and shows base64-encoded) is the script itself, not its base64 text.
    assert stored['UserData']['Value'] == user_data
    shown = ec2_driver.get_instance(ec2_context, instance.id)
    assert (shown.name, shown.keyname, shown.firewall_ids) == ('web-1', 'deploy', [group])
    assert (shown.realm_id, shown.hardware_profile_id, shown.owner_id) == (
        'us-east-1b', 'm5.large', ec2_context.username)


def test_the_brokers_id_is_a_tag_the_broker_finds_again(ec2_driver, ec2_context, ec2_client):
    broker_id = '6f1d8a52-0c7e-4d7b-9a51-2d4c1b8e7f00'
    # Exactly what the broker's launch saga hands a provider driver.
    spec = saga.provider_spec(
        request=types.SimpleNamespace(spec=models.InstanceSpec('broker-image')),
        candidate=types.SimpleNamespace(image_id=moto.X86_IMAGE, realm_id='us-east-1a',
                                        hardware_profile_id='t3.micro', hardware_values={}),
        instance_id=broker_id)
    instance, = ec2_driver.create_instance(ec2_context, spec)
    tags = {t['Key']: t['Value'] for t in described(ec2_client, instance.id)['Tags']}
    assert tags == {'Name': broker_id, 'broker:instance-id': broker_id}
    assert described(ec2_client, instance.id).get('ClientToken') == broker_id
    found = [i for i in ec2_driver.list_instances(ec2_context)
             if i.extra.get(saga.BROKER_ID_KEY) == broker_id]
    assert [i.id for i in found] == [instance.id] and found[0].name == broker_id


def test_states_along_the_ec2_state_machine(ec2_driver, ec2_context):
    instance, = launch(ec2_driver, ec2_context)
    assert instance.state == states.PENDING  # as RunInstances answers
    assert ec2_driver.get_instance(ec2_context, instance.id).state == states.RUNNING
    assert ec2_driver.stop_instance(ec2_context, instance.id).state == states.STOPPING
    assert ec2_driver.get_instance(ec2_context, instance.id).state == states.STOPPED
    with pytest.raises(errors.MethodNotAllowed):
        ec2_driver.reboot_instance(ec2_context, instance.id)
    assert ec2_driver.start_instance(ec2_context, instance.id).state == states.PENDING
    assert ec2_driver.get_instance(ec2_context, instance.id).state == states.RUNNING
    assert ec2_driver.reboot_instance(ec2_context, instance.id).state == states.RUNNING
    ec2_driver.destroy_instance(ec2_context, instance.id)
    assert ec2_driver.get_instance(ec2_context, instance.id).state == states.FINISH
    for action in ('start', 'stop', 'reboot', 'destroy'):
        with pytest.raises(errors.MethodNotAllowed):
            getattr(ec2_driver, action + '_instance')(ec2_context, instance.id)


def test_filters(ec2_driver, ec2_context):
    first, second = launch(ec2_driver, ec2_context, instance_count=2)
    other, = launch(ec2_driver, ec2_context, realm_id='us-east-1c')
    ec2_driver.stop_instance(ec2_context, second.id)

    def ids(**filters):
        return {i.id for i in ec2_driver.list_instances(ec2_context, **filters)}
    assert ids(realm_id='us-east-1a') == {first.id, second.id}
    assert ids(state='STOPPED') == {second.id}
    assert ids(state='running') == {first.id, other.id}
    assert ids(state='NO-SUCH-STATE') == set()
    assert ids(id=other.id) == {other.id}
    assert ids(id='i-0123456789abcdef0') == set()


def test_a_snapshot_attached_at_launch(ec2_driver, ec2_context, ec2_client):
    volume = ec2_driver.create_storage_volume(ec2_context, capacity=2, realm_id='us-east-1a')
    snapshot = ec2_driver.create_storage_snapshot(ec2_context, volume.id)
    instance, = launch(ec2_driver, ec2_context, snapshot_id=snapshot.id, device_name='/dev/sdh')
    devices = {m['DeviceName']: m['Ebs']['VolumeId']
               for m in described(ec2_client, instance.id)['BlockDeviceMappings']}
    assert '/dev/sdh' in devices
    assert devices['/dev/sdh'] in ec2_driver.get_instance(ec2_context,
                                                          instance.id).storage_volume_ids


def test_more_than_a_page_of_instances_is_listed_whole(ec2_driver, ec2_context, ec2_client):
    # moto pages DescribeInstances by reservation: one launch each makes 105 of them.
    def launch_one(_):
        reservation = ec2_client.run_instances(ImageId=moto.X86_IMAGE, MinCount=1, MaxCount=1)
        return reservation['Instances'][0]['InstanceId']
    with futures.ThreadPoolExecutor(max_workers=6) as pool:
        launched = set(pool.map(launch_one, range(105)))
    pages = []
    client = ec2_driver.pool.connect(ec2_context.username, ec2_context.credentials.password)
    client.client.meta.events.register('after-call.ec2.DescribeInstances',
                                       lambda **kwargs: pages.append(1))
    listed = ec2_driver.list_instances(ec2_context)
    assert {i.id for i in listed} == launched and len(listed) == 105
    assert len(pages) == 2
