"""The driver contract against the deltacloud driver talking to a second cloud-broker server."""

import pytest

from iaas.drivers.deltacloud import driver as deltacloud_driver
from tests.contract import base
from tests.integration import remote_deltacloud

pytestmark = pytest.mark.integration


@pytest.fixture(scope='module')
def remote_api(tmp_path_factory):
    """One remote server for the module; each test gets its own simulated cloud on it."""
    with remote_deltacloud.remote_api(tmp_path_factory.mktemp('remote')) as api_url:
        yield api_url


class TestDeltacloudDriverContract(base.DriverContract):

    @pytest.fixture
    def contract(self, conf, remote_api):
        provider = remote_deltacloud.provider(remote_api)
        return base.ContractFixture(
            driver=deltacloud_driver.DeltacloudDriver(conf, provider=provider),
            context=remote_deltacloud.context(provider),
            bad_context=remote_deltacloud.context(provider, password='wrong'),
            image_id='img1', realm_id='us', hardware_profile_id='m1-small', timeout=5.0)
