"""XML of realms, hardware profiles, images, instances, keys and metrics (1.1.1 layout)."""

from iaas.api.deltacloud.views import links
from iaas.api.deltacloud import xmlutil as x
from iaas import hardware


def realm(obj, view):
    root = x.element('realm', href=view.hrefs.member('realms', obj.id), id=obj.id)
    x.sub(root, 'name', obj.name)
    x.sub(root, 'state', obj.state)
    if obj.limit not in (None, '', 'unlimited'):
        x.sub(root, 'limit', obj.limit)
    return root


def _property(parent, prop, view):
    node = x.sub(parent, 'property', kind=prop.kind, name=prop.name, unit=prop.unit,
                 value=links.number(prop.value))
    if prop.kind == 'fixed':
        return
    x.sub(node, 'param', href=view.hrefs.collection('instances'), method='post',
          name='hwp_' + prop.name, operation='create')
    if prop.kind == 'range':
        x.sub(node, 'range', first=links.number(prop.first), last=links.number(prop.last))
    else:
        enum = x.sub(node, 'enum')
        for value in prop.values:
            x.sub(enum, 'entry', value=links.number(value))


def hardware_profile(obj, view):
    root = x.element('hardware_profile', href=view.hrefs.member('hardware_profiles', obj.id),
                     id=obj.id)
    x.sub(root, 'id', obj.id)
    x.sub(root, 'name', obj.name)
    for prop in obj.properties.values():
        _property(root, prop, view)
    return root


def image(obj, view):
    hrefs = view.hrefs
    root = x.element('image', href=hrefs.member('images', obj.id), id=obj.id)
    for tag, value in (('name', obj.name), ('description', obj.description),
                       ('owner_id', obj.owner_id), ('architecture', obj.architecture),
                       ('state', obj.state), ('creation_time', obj.creation_time)):
        if value is not None:
            x.sub(root, tag, value)
    profiles = x.sub(root, 'hardware_profiles')
    for profile_id in obj.hardware_profile_ids:
        x.sub(profiles, 'hardware_profile', href=hrefs.member('hardware_profiles', profile_id),
              id=profile_id, rel='hardware_profile')
    x.sub(root, 'root_type', obj.root_type)
    actions = x.sub(root, 'actions')
    if view.supports('instances', 'create'):
        x.link(actions, 'create_instance', '%s;image_id=%s' % (
            hrefs.collection('instances'), links.quote(obj.id)), 'post')
    if view.supports('images', 'destroy'):
        x.link(actions, 'destroy_image', hrefs.member('images', obj.id), 'delete')
    return root


def _addresses(parent, tag, values):
    node = x.sub(parent, tag)
    for value in values:
        x.sub(node, 'address', value.address, type=value.type)


def _authentication(parent, obj):
    node = x.sub(parent, 'authentication', type=obj.authentication_type)
    if obj.authentication_type == 'password' and obj.username is not None:
        login = x.sub(node, 'login')
        x.sub(login, 'username', obj.username)
        x.sub(login, 'password', obj.password)
    elif obj.authentication_type == 'key' and obj.keyname:
        x.sub(x.sub(node, 'login'), 'keyname', obj.keyname)


def instance(obj, view):
    hrefs = view.hrefs
    root = x.element('instance', href=hrefs.member('instances', obj.id), id=obj.id)
    x.sub(root, 'name', obj.name)
    x.sub(root, 'owner_id', obj.owner_id)
    x.sub(root, 'image', href=hrefs.member('images', obj.image_id), id=obj.image_id)
    x.sub(root, 'realm', href=hrefs.member('realms', obj.realm_id), id=obj.realm_id)
    x.sub(root, 'state', obj.state)
    profile = x.sub(root, 'hardware_profile', id=obj.hardware_profile_id,
                    href=hrefs.member('hardware_profiles', obj.hardware_profile_id))
    for name, value in obj.hardware_profile_overrides.items():
        x.sub(profile, 'property', kind='fixed', name=name, unit=hardware.UNITS.get(name),
              value=links.number(value))
    actions = x.sub(root, 'actions')
    for rel, href, method in links.instance_actions(obj, view):
        x.link(actions, rel, href, method)
    if obj.launch_time:
        x.sub(root, 'launch_time', obj.launch_time)
    _addresses(root, 'public_addresses', obj.public_addresses)
    _addresses(root, 'private_addresses', obj.private_addresses)
    volumes = x.sub(root, 'storage_volumes')
    for volume_id in obj.storage_volume_ids:
        x.sub(volumes, 'storage_volume', href=hrefs.member('storage_volumes', volume_id),
              id=volume_id)
    if obj.firewall_ids:
        firewalls = x.sub(root, 'firewalls')
        for firewall_id in obj.firewall_ids:
            x.sub(firewalls, 'firewall', href=hrefs.member('firewalls', firewall_id),
                  id=firewall_id)
    _authentication(root, obj)
    return root


def key(obj, view):
    root = x.element('key', href=view.hrefs.member('keys', obj.id), id=obj.id,
                     type=obj.credential_type)
    x.sub(root, 'name', obj.id)
    actions = x.sub(root, 'actions')
    if view.supports('keys', 'destroy'):
        x.link(actions, 'destroy', view.hrefs.member('keys', obj.id), 'delete')
    if obj.fingerprint is not None:
        x.sub(root, 'fingerprint', obj.fingerprint)
    if obj.pem_rsa_key is not None:
        x.sub(root, 'pem', cdata_text=obj.pem_rsa_key)
    if obj.public_key is not None:
        x.sub(root, 'public_key', cdata_text=obj.public_key)
    if obj.credential_type == 'password':
        x.sub(root, 'username', cdata_text=obj.username or '')
        x.sub(root, 'password', cdata_text=obj.password or '')
    x.sub(root, 'state', obj.state or '')
    return root


def metric(obj, view):
    root = x.element('metric', href=view.hrefs.member('metrics', obj.id), id=obj.id)
    x.sub(root, 'entity', obj.entity)
    properties = x.sub(root, 'properties')
    for prop in obj.properties:
        node = x.sub(properties, 'property', name=prop.name, unit=prop.unit)
        for sample in prop.values or ():
            x.set_attributes(x.sub(node, 'sample'), sample)
    return root


RENDERERS = {
    'realm': realm, 'hardware_profile': hardware_profile, 'image': image,
    'instance': instance, 'key': key, 'metric': metric,
}
