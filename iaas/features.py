"""Deltacloud features: optional parameters of an operation that a driver declares it honours."""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Feature:
    name: str
    collection: str
    operation: str          # 'create' or 'index'
    params: tuple           # request parameter names the feature enables


FEATURES = {(f.collection, f.name): f for f in (
    Feature('user_name', 'instances', 'create', ('name',)),
    Feature('user_data', 'instances', 'create', ('user_data',)),
    Feature('authentication_key', 'instances', 'create', ('keyname',)),
    Feature('authentication_password', 'instances', 'create', ('password',)),
    Feature('firewalls', 'instances', 'create', ('firewalls',)),
    Feature('instance_count', 'instances', 'create', ('instance_count',)),
    Feature('realm_filter', 'instances', 'index', ('realm_id',)),
    Feature('attach_snapshot', 'instances', 'create', ('snapshot_id', 'device_name')),
    Feature('register_to_load_balancer', 'instances', 'create', ('load_balancer_id',)),
    Feature('metrics', 'instances', 'create', ('metrics',)),
    Feature('owner_id', 'images', 'index', ('owner_id',)),
    Feature('image_name', 'images', 'create', ('name',)),
    Feature('image_description', 'images', 'create', ('description',)),
    Feature('import_key', 'keys', 'create', ('public_key',)),
    Feature('volume_name', 'storage_volumes', 'create', ('name',)),
    Feature('volume_description', 'storage_volumes', 'create', ('description',)),
    # Not Deltacloud's: a driver placing volumes (the broker) may put one beside an instance.
    Feature('volume_instance', 'storage_volumes', 'create', ('instance_id',)),
    Feature('bucket_location', 'buckets', 'create', ('location',)),
)}


def lookup(collection, name):
    """The feature ``name`` of ``collection``; KeyError for a feature Deltacloud does not define."""
    return FEATURES[(collection, name)]
