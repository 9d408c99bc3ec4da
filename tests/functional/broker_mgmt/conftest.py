"""The management app in-process on a migrated test database, with an admin and a plain user."""

import falcon.testing
import pytest

from broker_core import conf as broker_conf
from broker_core import crypto
from broker_core import identity
from broker_core import passwords
from broker_core import roles
from broker_core import services
from broker_mgmt import app as mgmt_app
from tests.broker_db import *  # noqa: F401,F403 (fixtures)
from tests.functional.broker_mgmt.helpers import ADMIN_NAME, ADMIN_PASSWORD
from tests.functional.broker_mgmt.helpers import Api
from tests.functional.broker_mgmt.helpers import MOCK_CREDENTIALS
from tests.functional.broker_mgmt.helpers import USER_NAME, USER_PASSWORD


@pytest.fixture(scope='module', autouse=True)
def cheaper_password_hashes():
    """scrypt at 2**10 rather than 2**15 here: these tests are about the API, not the KDF.

    A hash names its own cost, so logins verify as usual; every test makes users and logs
    them in, and the full cost would be most of the suite's time.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, 'LOG_N', 10)
        yield


@pytest.fixture(params=['sqlite'])
def db_backend(request):
    """SQLite only, unless a test parametrizes db_backend with more backends."""
    return request.param


@pytest.fixture
def conf(tmp_path):
    config = broker_conf.build([])
    config.set_override('state_path', str(tmp_path))
    config.set_override('fernet_keys', [crypto.generate_key()], group='crypto')
    return config


@pytest.fixture
def broker(conf):
    return services.Broker(conf)


@pytest.fixture
def app(conf, broker, database):
    return mgmt_app.create_app(conf, broker=broker)


@pytest.fixture
def client(app):
    return falcon.testing.TestClient(app)


@pytest.fixture
def admin_user(database, admin_context):
    """The first admin, made with broker_core directly as ``broker-manage bootstrap`` does."""
    user = identity.create_user(admin_context, ADMIN_NAME, ADMIN_PASSWORD)
    roles.grant_role(admin_context, 'admin', user_id=user['id'])
    return user


@pytest.fixture
def plain_user(database, admin_context):
    return identity.create_user(admin_context, USER_NAME, USER_PASSWORD)


@pytest.fixture
def api(client, admin_user):
    return Api(client, ADMIN_NAME, ADMIN_PASSWORD)


@pytest.fixture
def user_api(client, plain_user):
    return Api(client, USER_NAME, USER_PASSWORD)


@pytest.fixture
def provider(api):
    return api.create('/providers', {'name': 'cloud-a', 'driver': 'mock',
                                     'provider': 'cloud-a'})


@pytest.fixture
def account(api, provider):
    return api.create('/accounts', {'provider_id': provider['id'], 'name': 'main',
                                    'credentials': MOCK_CREDENTIALS})


@pytest.fixture
def synced_account(api, account):
    response = api.post('/accounts/%s/sync' % account['id'])
    assert response.status_code == 200, response.text
    return account


@pytest.fixture
def pool(api):
    return api.create('/pools', {'name': 'gold'})
