"""JSON of realms, hardware profiles, images, instances, keys and metrics (Deltacloud 1.1.3)."""

from iaas.api.deltacloud.views import links


def realm(obj, view):
    return {'id': obj.id, 'href': view.hrefs.member('realms', obj.id), 'name': obj.name,
            'state': obj.state, 'limit': obj.limit}


def hardware_profile(obj, view):
    body = {'id': obj.id, 'href': view.hrefs.member('hardware_profiles', obj.id),
            'name': obj.name}
    # Deltacloud's JSON shows only each property's default, as a string.
    if obj.properties:
        body['properties'] = {name: links.number(prop.value)
                              for name, prop in obj.properties.items()}
    return body


def image(obj, view):
    return {
        'id': obj.id, 'href': view.hrefs.member('images', obj.id), 'name': obj.name,
        'description': obj.description, 'owner': obj.owner_id,
        'architecture': obj.architecture, 'state': obj.state, 'root_type': obj.root_type,
        'creation_time': obj.creation_time,
        'hardware_profiles': [links.ref(view.hrefs, 'hardware_profiles', 'hardware_profile', p)
                              for p in obj.hardware_profile_ids],
    }


def _addresses(values):
    return [{'address': a.address, 'type': a.type} for a in values]


def _authentication(obj):
    if obj.authentication_type == 'password':
        if obj.username is None and obj.password is None:
            return None
        return {'user': obj.username, 'password': obj.password}
    return {'keyname': obj.keyname} if obj.keyname is not None else None


def instance(obj, view):
    hrefs = view.hrefs
    body = {
        'id': obj.id, 'href': hrefs.member('instances', obj.id), 'name': obj.name,
        'state': obj.state, 'owner': obj.owner_id,
        'image': {'href': hrefs.member('images', obj.image_id), 'id': obj.image_id,
                  'rel': 'image'},
        'realm': {'href': hrefs.member('realms', obj.realm_id), 'id': obj.realm_id,
                  'rel': 'realm'},
        'actions': [{'href': href, 'rel': rel, 'method': method}
                    for rel, href, method in links.instance_actions(obj, view)],
        'hardware_profile': dict(
            links.ref(hrefs, 'hardware_profiles', 'hardware_profile', obj.hardware_profile_id),
            properties={k: links.number(v) for k, v in obj.hardware_profile_overrides.items()}),
        'public_addresses': _addresses(obj.public_addresses),
        'private_addresses': _addresses(obj.private_addresses),
    }
    if obj.create_image:
        body['create_image'] = True
    if obj.firewall_ids:
        body['firewalls'] = [links.ref(hrefs, 'firewalls', 'firewall', f) for f in obj.firewall_ids]
    body['storage_volumes'] = [links.ref(hrefs, 'storage_volumes', 'storage_volume', v)
                               for v in obj.storage_volume_ids]
    body['authentication_type'] = obj.authentication_type
    authentication = _authentication(obj)
    if authentication is not None:
        body['authentication'] = authentication
    return body


def key(obj, view):
    body = {'id': obj.id, 'href': view.hrefs.member('keys', obj.id),
            'credential_type': obj.credential_type, 'username': obj.username,
            'password': obj.password, 'state': obj.state,
            # Clients (the PyPI deltacloud one) read both keys unconditionally.
            'pem_rsa_key': obj.pem_rsa_key, 'fingerprint': obj.fingerprint}
    if obj.public_key is not None:
        body['public_key'] = obj.public_key
    return body


def metric(obj, view):
    return {'id': obj.id, 'href': view.hrefs.member('metrics', obj.id), 'entity': obj.entity,
            'properties': [{'name': p.name, 'values': p.values} for p in obj.properties]}


RENDERERS = {
    'realm': realm, 'hardware_profile': hardware_profile, 'image': image,
    'instance': instance, 'key': key, 'metric': metric,
}
