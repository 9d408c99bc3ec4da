"""A second cloud-broker server in a subprocess: the remote API the deltacloud driver talks to."""

import contextlib
import uuid

from iaas import models
from tests.integration import servers

USER, PASSWORD = 'mockuser', 'mockpassword'
# Each test may name its own simulated cloud; the mock's default limit of 100 is too few.
EXTRA_CONFIG = '[mock]\nmax_providers = 100000\n'


@contextlib.contextmanager
def remote_api(tmp_path, workers=2):
    """``broker-api`` with the mock driver; yields its ``http://127.0.0.1:<port>/api``."""
    with servers.broker_api(tmp_path, workers=workers, extra_config=EXTRA_CONFIG) as base:
        yield base + '/api'


def provider(api_url, driver='mock', remote_provider=None):
    """A deltacloud provider string; a fresh remote mock cloud unless ``remote_provider``."""
    remote_provider = remote_provider or 'dc-' + uuid.uuid4().hex[:10]
    return '%s;driver=%s;provider=%s' % (api_url, driver, remote_provider)


def context(provider_string, password=PASSWORD, user=USER):
    return models.RequestContext(models.Credentials(user, password), provider=provider_string)
