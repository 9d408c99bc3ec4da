"""boto3 EC2 clients per caller and region, and calls on them that speak IaaS errors only."""

import collections
import hashlib
import logging
import threading

import boto3
from botocore import config as boto_config

from iaas import errors
from iaas.drivers.ec2 import faults

LOG = logging.getLogger(__name__)
USER_AGENT = 'cloud-broker-ec2'
# Parameters that name the objects wanted; EC2 refuses MaxResults beside them.
ID_PARAMETERS = frozenset(('InstanceIds', 'ImageIds', 'VolumeIds', 'SnapshotIds', 'GroupIds',
                           'VpcIds', 'SubnetIds', 'InstanceTypes', 'AllocationIds'))
# Operations whose MaxResults stops below the [ec2] page_size maximum.
PAGE_LIMITS = {'describe_instance_types': 100, 'describe_volumes': 500}


class Connection:
    """One caller's EC2 client in one region: calls and paginated listings, errors translated."""

    def __init__(self, client, page_size):
        self.client = client
        self.page_size = page_size

    def call(self, operation, references=(), **params):
        """The response of one EC2 operation (``describe_instances``), as a plain dict."""
        with faults.translated(references):
            return getattr(self.client, operation)(**params)

    def pages(self, operation, references=(), **params):
        """Every page of a listing, fetched ``page_size`` items at a time where EC2 pages."""
        if not self.client.can_paginate(operation):
            return [self.call(operation, references, **params)]
        page_size = min(self.page_size, PAGE_LIMITS.get(operation, self.page_size))
        config = {} if ID_PARAMETERS & set(params) else {'PageSize': page_size}
        paginator = self.client.get_paginator(operation)
        with faults.translated(references):
            return list(paginator.paginate(PaginationConfig=config, **params))

    def items(self, operation, key, references=(), **params):
        """The ``key`` items of every page (``Volumes`` of ``describe_volumes``)."""
        return [item for page in self.pages(operation, references, **params)
                for item in page.get(key, [])]


_SESSION = None
_SESSION_LOCK = threading.Lock()


def shared_session():
    """One boto3 session per process: its loader parses EC2's large service model once.

    A session is not thread-safe while it builds clients, so callers hold _SESSION_LOCK.
    """
    global _SESSION
    if _SESSION is None:
        _SESSION = boto3.session.Session()
    return _SESSION


class ClientPool:
    """boto3 clients of one region keyed by credentials, the least recently used dropped.

    A client is expensive to build (it loads the service model) and safe to share between
    threads, so each set of credentials gets one. Keys hold a digest of the secret, never
    the secret itself.
    """

    def __init__(self, conf, region):
        group = conf.ec2
        self.region = region
        self.endpoint_url = group.endpoint_url or None
        self.page_size = group.page_size
        self.capacity = group.client_cache_size
        self._config = boto_config.Config(
            region_name=region, user_agent_extra=USER_AGENT,
            connect_timeout=group.connect_timeout, read_timeout=group.read_timeout,
            retries={'mode': group.retry_mode, 'total_max_attempts': group.max_attempts})
        self._clients = collections.OrderedDict()

    @staticmethod
    def _key(access_key, secret_key):
        return access_key, hashlib.sha256(secret_key.encode('utf-8')).hexdigest()

    def connect(self, access_key, secret_key):
        """The Connection for these credentials; AuthenticationFailure when there are none."""
        if not access_key or not secret_key:
            raise errors.AuthenticationFailure()
        key = self._key(access_key, secret_key)
        with _SESSION_LOCK:
            client = self._clients.get(key)
            if client is None:
                LOG.debug('New EC2 client for access key %s in %s', access_key, self.region)
                client = shared_session().client(
                    'ec2', region_name=self.region, endpoint_url=self.endpoint_url,
                    aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                    config=self._config)
                self._clients[key] = client
                while len(self._clients) > self.capacity:
                    self._clients.popitem(last=False)
            else:
                self._clients.move_to_end(key)
        return Connection(client, self.page_size)

    def __len__(self):
        return len(self._clients)
