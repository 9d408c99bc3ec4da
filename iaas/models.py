"""Value objects every driver returns and every front end renders; never SDK objects or raw JSON."""

import dataclasses
import datetime
import typing

from iaas.hardware import HardwareProfile, HardwareProperty  # noqa: F401 (re-exported)


def _extra():
    return dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Credentials:
    """The caller's credentials as the driver understands them (HTTP Basic user and password)."""

    username: str
    password: str = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True)
class RequestContext:
    """Who calls, against which provider; the first argument of every driver operation."""

    credentials: typing.Optional[Credentials] = None
    provider: typing.Optional[str] = None
    request_id: typing.Optional[str] = None

    @property
    def username(self):
        return self.credentials.username if self.credentials else None


@dataclasses.dataclass
class Realm:
    id: str
    name: str
    state: str = 'AVAILABLE'
    limit: str = 'unlimited'
    extra: dict = _extra()


@dataclasses.dataclass
class Image:
    id: str
    name: str
    description: str = ''
    owner_id: str = ''
    architecture: str = ''
    state: str = 'AVAILABLE'
    root_type: str = 'transient'
    creation_time: typing.Optional[str] = None
    hardware_profile_ids: list = dataclasses.field(default_factory=list)
    extra: dict = _extra()


@dataclasses.dataclass
class AddressValue:
    """An address as shown on an instance: ``type`` is ipv4, ipv6, hostname or mac."""

    address: str
    type: str = 'ipv4'


@dataclasses.dataclass
class Instance:
    id: str
    name: str
    state: str
    owner_id: str
    image_id: str
    realm_id: str
    hardware_profile_id: str
    hardware_profile_overrides: dict = dataclasses.field(default_factory=dict)
    public_addresses: list = dataclasses.field(default_factory=list)
    private_addresses: list = dataclasses.field(default_factory=list)
    storage_volume_ids: list = dataclasses.field(default_factory=list)
    firewall_ids: list = dataclasses.field(default_factory=list)
    network_interface_ids: list = dataclasses.field(default_factory=list)
    keyname: typing.Optional[str] = None
    authentication_type: str = 'key'
    username: typing.Optional[str] = None
    password: typing.Optional[str] = None
    launch_time: typing.Optional[str] = None
    create_image: bool = True
    extra: dict = _extra()


@dataclasses.dataclass
class InstanceSpec:
    """A validated launch request, as the front end hands it to ``Driver.create_instance``."""

    image_id: str
    realm_id: typing.Optional[str] = None
    hardware_profile_id: typing.Optional[str] = None
    hardware_profile_overrides: dict = dataclasses.field(default_factory=dict)
    name: typing.Optional[str] = None
    keyname: typing.Optional[str] = None
    user_data: typing.Optional[str] = None
    password: typing.Optional[str] = None
    firewall_ids: list = dataclasses.field(default_factory=list)
    instance_count: int = 1
    load_balancer_id: typing.Optional[str] = None
    snapshot_id: typing.Optional[str] = None
    device_name: typing.Optional[str] = None
    metrics: typing.Optional[str] = None
    # Driver-independent extras, e.g. a broker's uuid tag or an idempotency key.
    extra: dict = _extra()


@dataclasses.dataclass
class Key:
    id: str
    credential_type: str = 'key'
    fingerprint: typing.Optional[str] = None
    pem_rsa_key: typing.Optional[str] = None
    public_key: typing.Optional[str] = None
    username: typing.Optional[str] = None
    password: typing.Optional[str] = None
    state: typing.Optional[str] = None
    extra: dict = _extra()


@dataclasses.dataclass
class StorageVolume:
    id: str
    capacity: typing.Any
    state: str = 'AVAILABLE'
    name: typing.Optional[str] = None
    description: typing.Optional[str] = None
    created: typing.Optional[str] = None
    realm_id: typing.Optional[str] = None
    instance_id: typing.Optional[str] = None
    device: typing.Optional[str] = None
    kind: typing.Optional[str] = None
    extra: dict = _extra()


@dataclasses.dataclass
class StorageSnapshot:
    id: str
    storage_volume_id: str
    state: str = 'COMPLETED'
    name: typing.Optional[str] = None
    description: typing.Optional[str] = None
    created: typing.Optional[str] = None
    extra: dict = _extra()


@dataclasses.dataclass
class Address:
    id: str
    instance_id: typing.Optional[str] = None
    extra: dict = _extra()

    @property
    def associated(self):
        return self.instance_id is not None

    @property
    def ip(self):
        """The address itself: its id at a provider; a broker keeps it in ``extra['ip']``."""
        return self.extra.get('ip', self.id)


@dataclasses.dataclass
class FirewallRule:
    id: str
    allow_protocol: str
    port_from: int
    port_to: int
    direction: str = 'ingress'
    sources: list = dataclasses.field(default_factory=list)  # [{'type': 'address'|'group', ...}]
    extra: dict = _extra()


@dataclasses.dataclass
class Firewall:
    id: str
    name: str
    description: str = ''
    owner_id: typing.Optional[str] = None
    rules: list = dataclasses.field(default_factory=list)
    extra: dict = _extra()


@dataclasses.dataclass
class Network:
    id: str
    name: str
    state: str = 'UP'
    address_blocks: list = dataclasses.field(default_factory=list)
    subnet_ids: list = dataclasses.field(default_factory=list)
    extra: dict = _extra()


@dataclasses.dataclass
class Subnet:
    id: str
    name: str
    network_id: str
    address_block: str
    state: str = 'UP'
    type: typing.Optional[str] = None
    extra: dict = _extra()


@dataclasses.dataclass
class NetworkInterface:
    id: str
    name: str
    instance_id: str
    network_id: str
    ip_address: typing.Optional[str] = None
    extra: dict = _extra()


@dataclasses.dataclass
class Listener:
    protocol: str
    load_balancer_port: int
    instance_port: int


@dataclasses.dataclass
class LoadBalancer:
    id: str
    realm_ids: list = dataclasses.field(default_factory=list)
    listeners: list = dataclasses.field(default_factory=list)
    instance_ids: list = dataclasses.field(default_factory=list)
    public_addresses: list = dataclasses.field(default_factory=list)
    created_at: typing.Optional[str] = None
    extra: dict = _extra()


@dataclasses.dataclass
class Blob:
    id: str
    bucket_id: str
    content_length: int = 0
    content_type: str = 'application/octet-stream'
    last_modified: typing.Optional[str] = None
    user_metadata: dict = dataclasses.field(default_factory=dict)
    extra: dict = _extra()


@dataclasses.dataclass
class Bucket:
    id: str
    name: str
    size: int = 0
    blob_ids: list = dataclasses.field(default_factory=list)
    extra: dict = _extra()


@dataclasses.dataclass
class MetricProperty:
    name: str
    unit: typing.Optional[str] = None
    values: typing.Optional[list] = None  # [{'minimum', 'maximum', 'average', 'timestamp', ...}]


@dataclasses.dataclass
class Metric:
    id: str
    entity: str
    properties: list = dataclasses.field(default_factory=list)
    extra: dict = _extra()


@dataclasses.dataclass
class Provider:
    """An entry of ``/api/drivers/<driver>``: a region or endpoint the driver can talk to."""

    id: str
    url: typing.Optional[str] = None


def utc_timestamp(now=None):
    """Deltacloud 1.1.3's timestamp form for new objects: ``2026-11-22 17:56:58 +0000``."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return now.strftime('%Y-%m-%d %H:%M:%S +0000')
