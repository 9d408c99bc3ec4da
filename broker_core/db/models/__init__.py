"""Every table of the broker, as SQLAlchemy declarative models; ``BASE.metadata`` is the schema."""

from broker_core.db.models.base import Base as BASE
from broker_core.db.models.catalog import HardwareProfile, Image, ImageMapping
from broker_core.db.models.history import Event, Placement
from broker_core.db.models.identity import Group, GroupMembership, RoleGrant, User
from broker_core.db.models.logical import (
    Address, Firewall, FirewallRule, Key, Network, Realization, Subnet)
from broker_core.db.models.pools import Pool, PoolMember, PoolPriceOverride
from broker_core.db.models.providers import (
    Provider, ProviderAccount, ProviderHardwareProfile, ProviderImage, ProviderRealm)
from broker_core.db.models.quotas import Quota, QuotaUsage
from broker_core.db.models.resources import (
    Bucket, Instance, LoadBalancer, LoadBalancerMember, StorageSnapshot, StorageVolume)
from broker_core.db.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookSubscription

__all__ = [
    'BASE', 'Address', 'Bucket', 'Event', 'Firewall', 'FirewallRule', 'Group',
    'GroupMembership', 'HardwareProfile', 'Image', 'ImageMapping', 'Instance', 'Key',
    'LoadBalancer', 'LoadBalancerMember', 'Network', 'Placement', 'Pool', 'PoolMember',
    'PoolPriceOverride', 'Provider', 'ProviderAccount', 'ProviderHardwareProfile',
    'ProviderImage', 'ProviderRealm', 'Quota', 'QuotaUsage', 'Realization', 'RoleGrant',
    'StorageSnapshot', 'StorageVolume', 'Subnet', 'User', 'WebhookAttempt',
    'WebhookDelivery', 'WebhookSubscription',
]
