"""JSON of storage volumes, snapshots, buckets and blobs (Deltacloud 1.1.3)."""

from iaas.api.deltacloud.views import links


def storage_volume(obj, view):
    hrefs = view.hrefs
    realm = (links.ref(hrefs, 'realms', 'realm', obj.realm_id) if obj.realm_id
             else {'id': None, 'href': hrefs.collection('realms'), 'rel': 'realm'})
    instance = (links.ref(hrefs, 'instances', 'instance', obj.instance_id)
                if obj.instance_id else {})
    return {
        'id': obj.id, 'href': hrefs.member('storage_volumes', obj.id), 'name': obj.name,
        'description': obj.description, 'state': obj.state, 'created': obj.created,
        'realm': realm, 'device': obj.device, 'kind': obj.kind, 'capacity': obj.capacity,
        'actions': [], 'instance': instance,
    }


def storage_snapshot(obj, view):
    hrefs = view.hrefs
    body = {'id': obj.id, 'href': hrefs.member('storage_snapshots', obj.id),
            'state': obj.state,
            'storage_volume': links.ref(hrefs, 'storage_volumes', 'storage_volume',
                                        obj.storage_volume_id),
            'created': obj.created}
    for optional in ('name', 'description'):
        if getattr(obj, optional) is not None:
            body[optional] = getattr(obj, optional)
    return body


def bucket(obj, view):
    hrefs = view.hrefs
    return {'id': obj.id, 'href': hrefs.member('buckets', obj.id), 'name': obj.name,
            'size': obj.size,
            'blob_list': [{'rel': 'blob', 'href': hrefs.blob(obj.id, b), 'id': b}
                          for b in obj.blob_ids]}


def blob(obj, view, content=None):
    hrefs = view.hrefs
    body = {
        'id': obj.id, 'href': hrefs.blob(obj.bucket_id, obj.id),
        'bucket': {'rel': 'bucket', 'href': hrefs.member('buckets', obj.bucket_id),
                   'id': obj.bucket_id},
        'content_length': obj.content_length, 'content_type': obj.content_type,
        'last_modified': obj.last_modified,
    }
    # Deltacloud inlined the content; only text can travel in JSON.
    if content is not None:
        try:
            body['content'] = content.decode('utf-8')
        except UnicodeDecodeError:
            pass
    body['user_metadata'] = dict(obj.user_metadata)
    return body


RENDERERS = {
    'storage_volume': storage_volume, 'storage_snapshot': storage_snapshot,
    'bucket': bucket, 'blob': blob,
}
