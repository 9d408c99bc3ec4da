"""Heat's Deltacloud backend calls, made with the PyPI ``deltacloud`` client against gunicorn."""

import base64

import deltacloud
import pytest

pytestmark = pytest.mark.integration


@pytest.fixture
def client(api_server):
    return deltacloud.Deltacloud(api_server + '/api', 'mockuser', 'mockpassword')


def test_credentials_are_validated(api_server, client):
    assert client.valid_credentials()
    wrong = deltacloud.Deltacloud(api_server + '/api', 'mockuser', 'wrong')
    assert not wrong.valid_credentials()


def test_catalog_listings(client):
    assert {'test-key'} <= {k.id for k in client.keys()}
    assert {'img1', 'img2', 'img3'} <= {i.id for i in client.images()}
    assert {'m1-small', 'm1-large', 'm1-xlarge'} <= {p.id for p in client.hardware_profiles()}
    assert {'us', 'eu'} == {r.id for r in client.realms()}


def test_heat_instance_lifecycle(client):
    user_data = base64.b64encode(b'#!/bin/sh\necho hello\n').decode()
    instance = client.create_instance('img1', {
        'hwp_id': 'm1-large', 'name': 'heat-stack-server', 'keyname': 'test-key',
        'user_data': user_data})
    assert instance.name == 'heat-stack-server'
    assert instance.state in ('PENDING', 'RUNNING')

    listed = {i.id: i for i in client.instances()}
    assert instance.id in listed

    instance.refresh()
    assert instance.state == 'RUNNING'
    assert 'stop' in instance.actions()
    assert instance.stop()
    assert instance.state == 'STOPPED'
    assert 'destroy' in instance.actions()
    assert instance.destroy()
    assert instance.id not in {i.id for i in client.instances()}
