"""The mock cloud stays consistent when parallel clients hit several gunicorn workers."""

import concurrent.futures

import pytest
import requests

pytestmark = pytest.mark.integration

AUTH = ('mockuser', 'mockpassword')
LAUNCHES = 50


def launch(base, n):
    response = requests.post(base + '/api/instances', auth=AUTH, timeout=30,
                             headers={'Accept': 'application/json'},
                             data={'image_id': 'img1', 'name': 'par-%d' % n})
    assert response.status_code == 201, response.text
    return response.json()['instance']['id']


def test_parallel_launches_on_two_workers(api_server):
    before = requests.get(api_server + '/api/instances', auth=AUTH, timeout=10,
                          params={'format': 'json'}).json()['instances']
    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        ids = list(pool.map(lambda n: launch(api_server, n), range(LAUNCHES)))
    assert len(set(ids)) == LAUNCHES

    after = requests.get(api_server + '/api/instances', auth=AUTH, timeout=10,
                         params={'format': 'json'}).json()['instances']
    new = {i['id']: i['name'] for i in after}.keys() - {i['id'] for i in before}
    assert new == set(ids)
    names = {i['name'] for i in after if i['id'] in new}
    assert names == {'par-%d' % n for n in range(LAUNCHES)}
