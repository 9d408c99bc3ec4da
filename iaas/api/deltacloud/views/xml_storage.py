"""XML of storage volumes, snapshots, buckets and blobs (Deltacloud 1.1.1 layout)."""

from iaas.api.deltacloud import xmlutil as x


def storage_volume(obj, view):
    hrefs = view.hrefs
    root = x.element('storage_volume', href=hrefs.member('storage_volumes', obj.id), id=obj.id)
    if obj.created is not None:
        x.sub(root, 'created', obj.created)
    x.sub(root, 'capacity', obj.capacity, unit='GB')
    # Deltacloud 1.1.1 named a volume by its id when it had no name of its own.
    x.sub(root, 'name', obj.name or obj.id)
    if obj.description is not None:
        x.sub(root, 'description', obj.description)
    if obj.device:
        x.sub(root, 'device', obj.device)
    if obj.realm_id:
        x.sub(root, 'realm', href=hrefs.member('realms', obj.realm_id), id=obj.realm_id)
        x.sub(root, 'realm_id', obj.realm_id)
    x.sub(root, 'state', obj.state)
    if obj.kind is not None:
        x.sub(root, 'kind', obj.kind)
    if obj.instance_id:
        mount = x.sub(root, 'mount')
        x.sub(mount, 'instance', href=hrefs.member('instances', obj.instance_id),
              id=obj.instance_id)
        x.sub(mount, 'device', name=obj.device or '')
    return root


def storage_snapshot(obj, view):
    hrefs = view.hrefs
    root = x.element('storage_snapshot', href=hrefs.member('storage_snapshots', obj.id),
                     id=obj.id)
    x.sub(root, 'name', obj.name or obj.id)
    if obj.description is not None:
        x.sub(root, 'description', obj.description)
    x.sub(root, 'created', obj.created or '')
    x.sub(root, 'storage_volume', href=hrefs.member('storage_volumes', obj.storage_volume_id),
          id=obj.storage_volume_id)
    return root


def bucket(obj, view):
    hrefs = view.hrefs
    root = x.element('bucket', href=hrefs.member('buckets', obj.id), id=obj.id)
    x.sub(root, 'name', obj.name)
    x.sub(root, 'size', obj.size)
    for blob_id in obj.blob_ids:
        x.sub(root, 'blob', href=hrefs.blob(obj.id, blob_id), id=blob_id)
    return root


def blob(obj, view, content=None):
    href = view.hrefs.blob(obj.bucket_id, obj.id)
    root = x.element('blob', href=href, id=obj.id)
    x.sub(root, 'bucket', obj.bucket_id)
    x.sub(root, 'content_length', obj.content_length)
    x.sub(root, 'content_type', obj.content_type)
    x.sub(root, 'last_modified', obj.last_modified or '')
    metadata = x.sub(root, 'user_metadata')
    for key, value in obj.user_metadata.items():
        x.sub(metadata, 'entry', cdata_text=value, key=key)
    x.sub(root, 'content', href=href + '/content', rel='blob_content')
    return root


RENDERERS = {
    'storage_volume': storage_volume, 'storage_snapshot': storage_snapshot,
    'bucket': bucket, 'blob': blob,
}
