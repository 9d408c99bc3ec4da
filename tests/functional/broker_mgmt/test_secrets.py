"""Account credentials and user passwords never leave the broker, in any answer of any route."""

import datetime

import falcon.testing

from broker_core import instances
from broker_mgmt import app as mgmt_app
from tests.functional.broker_mgmt.helpers import Api

CREDENTIAL_SECRET = 'cred-S3cret-value'
NEW_CREDENTIAL_SECRET = 'cred-N3w-secret'
PASSWORD_SECRET = 'pass-S3cret-value'
NEW_PASSWORD_SECRET = 'pass-N3w-secret'
WEBHOOK_SECRET = 'hook-S3cret-value'
SECRETS = (CREDENTIAL_SECRET, NEW_CREDENTIAL_SECRET, PASSWORD_SECRET, NEW_PASSWORD_SECRET,
           WEBHOOK_SECRET)


class Recorder:
    """WSGI middleware keeping every status, header and body the app sends."""

    def __init__(self, app):
        self.app = app
        self.sent = []

    def __call__(self, environ, start_response):
        def recording_start(status, headers, exc_info=None):
            self.sent.append('%s %s' % (status, headers))
            return start_response(status, headers, exc_info)
        body = b''.join(self.app(environ, recording_start))
        self.sent.append(body.decode('utf-8', 'replace'))
        return [body]


def make_world(api, admin_context):
    """Objects of every kind, made with secrets wherever the API takes one."""
    provider = api.create('/providers', {'name': 'cloud-a', 'driver': 'mock',
                                         'provider': 'cloud-a'})
    account = api.create('/accounts', {
        'provider_id': provider['id'], 'name': 'main',
        'credentials': {'username': 'mockuser', 'password': 'mockpassword',
                        'api_key': CREDENTIAL_SECRET}})
    api.post('/accounts/%s/sync' % account['id'])
    api.put('/accounts/%s/credentials' % account['id'],
            {'username': 'mockuser', 'password': NEW_CREDENTIAL_SECRET})
    api.post('/accounts/%s/sync' % account['id'])  # fails: the provider refuses the password
    api.post('/accounts', {'provider_id': provider['id'], 'name': 'bad',
                           'credentials': {'username': 'x', 'password': 1234}})
    pool = api.create('/pools', {'name': 'gold'})
    api.create('/pools/%s/members' % pool['id'], {'account_id': account['id']})
    user = api.create('/users', {'name': 'bob', 'password': PASSWORD_SECRET})
    api.put('/users/%s/password' % user['id'], {'password': NEW_PASSWORD_SECRET})
    api.post('/users', {'name': 'bad user', 'password': PASSWORD_SECRET})
    group = api.create('/groups', {'name': 'ops'})
    api.create('/groups/%s/members' % group['id'], {'user_id': user['id']})
    grant = api.create('/grants', {'role': 'pool_user', 'user_id': user['id'],
                                   'pool_id': pool['id']})
    instance = instances.create_reserved(admin_context, owner_id=user['id'],
                                         pool_id=pool['id'])
    profile = api.items('/accounts/%s/hardware_profiles' % account['id'],
                        'hardware_profiles')[0]
    api.put('/pools/%s/prices/%s' % (pool['id'], profile['id']), {'price_per_hour': 1})
    api.put('/quotas/user/' + user['id'], {'limits': {'instances': 5}})
    return {'provider_id': provider['id'], 'account_id': account['id'],
            'pool_id': pool['id'], 'user_id': user['id'], 'group_id': group['id'],
            'grant_id': grant['id'], 'instance_id': instance['id'],
            'placement_id': instance['id'], 'scope_type': 'user', 'scope_id': user['id'],
            'provider_hardware_profile_id': profile['id'],
            'profile_id': api.create('/hardware_profiles', {'name': 'small',
                                                            'properties': {'cpu': 1}})['id'],
            'image_id': api.create('/images', {'name': 'fedora'})['id'],
            'webhook_id': api.create('/webhooks', {'url': 'https://example.com/hook',
                                                   'secret': WEBHOOK_SECRET})['id']}


def test_no_answer_holds_a_secret(conf, broker, admin_user, admin_context):
    recorder = Recorder(mgmt_app.create_app(conf, broker=broker))
    api = Api(falcon.testing.TestClient(recorder), 'root', 'root-password-1')
    ids = make_world(api, admin_context)
    Api(api.client, 'bob', NEW_PASSWORD_SECRET).get('/users/' + ids['user_id'])
    Api(api.client, 'bob', PASSWORD_SECRET).get('/users/' + ids['user_id'])

    since = (datetime.datetime.now(datetime.timezone.utc)
             - datetime.timedelta(days=1)).isoformat()
    document = api.get('/openapi.json').json
    for path, item in document['paths'].items():
        if 'get' in item:
            response = api.get(path.format(**ids), params={'since': since}
                               if path == '/usage' else None)
            assert response.status_code in (200, 404), (path, response.text)

    sent = '\n'.join(recorder.sent)
    assert '"account.credentials"' in sent  # the change is told, never the value
    for secret in SECRETS + ('mockpassword',):
        assert secret not in sent
