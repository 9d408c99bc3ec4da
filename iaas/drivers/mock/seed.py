"""The simulated cloud's starting content, as Deltacloud 1.1.3's mock driver serves it."""

from iaas import errors
from iaas import hardware
from iaas import models
from iaas.drivers.mock import codec

SEED_OWNER = 'mockuser'
IMAGE_CREATED = 'Thu Oct 25 14:27:53 CEST 2012'
VOLUME_CREATED = 'Thu Jul 30 14:35:11 UTC 2009'
SNAPSHOT_CREATED = 'Wed Jul 29 18:15:24 UTC 2009'

REALMS = (
    models.Realm('us', 'United States'),
    models.Realm('eu', 'Europe'),
)

# Realm ids that make get_realm fail, so clients can test their error paths.
ERROR_REALMS = {
    '500': lambda: errors.BackendError('DeltacloudErrorMessage'),
    '501': lambda: errors.NotImplementedFeature(),
    '502': lambda: errors.ProviderError('ProviderErrorMessage'),
    '504': lambda: errors.ProviderTimeout(),
}

TEST_KEY_PEM = '\n'.join((
    '-----BEGIN RSA PRIVATE KEY-----',
    'P9mRXOY7p2SmMzTGA6dwKxUp1NB8LNCIJ7sMGgAljsf=ToAi9qn9myx0EQJkE8FZ8FigUIMHS/T',
    '8EwP7Ayjztb8dczbC6sb/Ep2UWcegNUVHimyHstaEaO/3dCaFwLJ/kw=laAfLQAVj4sIr8EHDTg',
    '/BFkgmwTAYlS/ybkEfO9J7AJlY6/agwYzDWp+VGAD9rMsl2EkkbkWdoTX4Aob9RqyHaFi2m1AAw',
    '2nhhqYpa1W4H=PJvyBcsXT3JynowSI8rTvo41oVwgSzv7YofGP0yV7BePm5pXZUUP2ZMByxbAUv',
    'jvYRN/cMHbC6RW1ezR3uehCKdKFRXLTkoivoGj4ugrKgOwQP0HWI2orx/NW+6vYBxyCKiTJPZcK',
    'x4BlRrlgvPST/7eaFv7/5Pqc3jWcp+bRC0qyYqQT9iq3gGNoc4ABFTI7zCeZ3p9tK8oje5fWo5m',
    '54P32hVGeBjfqT/MrEYbY5gbJU6LejCj7x6Ozlp4iHQtrYNhiZ0iP0W3nRhVFQHamKx9aoBXyeg',
    'LLGxBOr+TfaeeBXRkXiaMuWoyPSzUQwWmaJhm0sjHf7e/iKiUggZkOHQ/eF9MWI4M+4wvyepfS0',
    '5vl2Ql/2rXv+Mx+c4cx1fjBhRrMPcGKmHGjNMjPyamTrlqueFRJYP45AYABP2U2AsNxoPfEG0qu',
    'ki3DJOeC5x/03nODd=hQLzfdiQ3Yyt0GMw1EQN96cPaRtnjr3U4/ngxt0Fi6o7Z8E2+Uh5t4n8D',
    'h0exXCOlOi9BDsJJz677mga/=5Sin/4Cw8=D8O1FHrWoA4ZQbWFE71F=/29PM90RHJf2bjgk2WF',
    'piltKwVfGAxPOTcpmf=J+V3NHgT/EawMPHuEmwgNvx6smDBUgJaw0QYX/XG5xuiQ7HTkffJN6Cm',
    '6D4WCJPZUvO1r+v=T9v7Qu4j9ue/l2WwVZuvQsVD67jpzq2R72EHna6rcwwyMcdAlwikP9nzJIL',
    'Ale7hQAWHIEeAvAxtwxEMSfTkuLQcD=i0ORysmInDxdORw4ue2YThj2Id/jmUy6IiEqMYeVpiRq',
    '6spq2ukt=+HHn6aBcYWbsD=e8/wOk0X0=ixZ0HF+xqYgsiiAk==rA4QEgrf+5djbIRZk1wegeIO',
    'po/HZdF4qk32cKBjrrel2AzxfZeGxWNX7ObAE4HACXi3eSdcnm1fIHsoSC+1eDqFkfAIve3Dj/a',
    'afZxrda6zzp3g6IPcHAqleCn7XNcS0v5tk4Fag8Wr5Wq7IipRfixAs+GESGiyugeRvZWN2mtDOL',
    'CGHGGAbpvplw2vjdryVyj7P6bVcwLNgl0t1ufZBaGRBpyontJ1/UQQMew7e2lW=EZr/GxHke8HN',
    'X5vIw9ssx8=LL00fxAuX9SRdcrtVyTYGXORXe9NnldXjBXmLPgwqJAjoBTjTBQxzrQOtdla=/yw',
    'MsDlFWumPz1HAFw7R5zS2VCHrwkLDm=h7k3y+fUvYOx6IYf+MmevANuJT+2qY6s/ilTBNDYq6jJ',
    '8LYpsBo4XpQm1ZleFCIyRldHfmaC5EMxkVQVqCV7X9I6JgzDEetUre25LQTpDa31M=ucVHNWlT+',
    '6rjiLETNeMTWGcuIkLPe/PElmp4llKeFi6g2=E2AKeSDzNycr5eXHEnBuKfEnENXXo6n'
    '-----END RSA PRIVATE KEY-----',
))
TEST_KEY_FINGERPRINT = '5e:ce:b6:dc:59:3b:5c:93:f8:2e:9d:20:ce:60:ca:f5:0b:8a:66:93'

# Blob contents and dates of the original mock's data files.
BLOBS = (
    ('bucket1', 'blob1', 'text/plain', '2010-09-23 16:44:54 +0100', 'content of blob 1',
     {'SOMENEWKEY': 'NEWVALUE'}),
    ('bucket1', 'blob2', 'text/html', '2010-09-23 16:55:05 +0100', 'content of blob 2', {}),
    ('bucket1', 'blob3', 'text/plain', '2010-08-14 02:14:31 +0100', 'content of blob 3', {}),
    ('bucket2', 'blob4', 'application/octet-stream', '2010-09-21 06:17:24 +0100',
     'content of blob 4', {}),
    ('bucket2', 'blob5', 'application/pdf', '2009-07-21 11:12:13 +0100', 'content of blob 5', {}),
)


def hardware_profiles():
    """The four profiles of the original mock, in its order."""
    large = hardware.HardwareProfile.build(
        'm1-large', cpu=(1, 6), memory=(7680, 15360), storage=[850, 1024],
        architecture='x86_64')
    large.properties['memory'] = hardware.HardwareProperty(
        'memory', 'range', value=10240, first=7680, last=15360)
    return [
        hardware.HardwareProfile.build('m1-small', cpu=1, memory=1740.8, storage=160,
                                       architecture='i386'),
        large,
        hardware.HardwareProfile.build('m1-xlarge', cpu=4, memory=(12288, 32768),
                                       storage=[1024, 2048, 4096], architecture='x86_64'),
        hardware.HardwareProfile.build('opaque'),
    ]


PROFILE_IDS = [p.id for p in hardware_profiles()]


def _image(image_id, description, owner, architecture):
    return models.Image(image_id, image_id, description=description, owner_id=owner,
                        architecture=architecture, creation_time=IMAGE_CREATED,
                        hardware_profile_ids=list(PROFILE_IDS))


def _hostnames(image_id, instance_id):
    return ([models.AddressValue('%s.%s.public.com' % (image_id, instance_id), 'hostname')],
            [models.AddressValue('%s.%s.private.com' % (image_id, instance_id), 'hostname')])


def _instance(instance_id, name, image_id, realm_id, profile_id, address_image=None, **fields):
    public, private = _hostnames(address_image or image_id, instance_id)
    return models.Instance(instance_id, name, 'RUNNING', SEED_OWNER, image_id, realm_id,
                           profile_id, public_addresses=public, private_addresses=private,
                           **fields)


def images():
    return [_image('img1', 'Fedora 10', 'fedoraproject', 'x86_64'),
            _image('img2', 'Fedora 10', 'fedoraproject', 'i386'),
            _image('img3', 'JBoss', SEED_OWNER, 'i386')]


def instances():
    # inst1 runs img3 yet has img1 host names, and shows no volumes although vol3 is
    # mounted on it: both as the original mock serves them.
    return [
        _instance('inst0', 'Mock Instance With Profile Change', 'img1', 'us', 'm1-large',
                  hardware_profile_overrides={'memory': 12288}),
        _instance('inst1', 'MockUserInstance', 'img3', 'us', 'm1-small', address_image='img1',
                  network_interface_ids=['nic1']),
        _instance('inst2', 'AnotherInstance', 'img1', 'us', 'm1-large'),
        _instance('inst3', '', 'img3', 'eu', 'm1-small', keyname='', create_image=False,
                  network_interface_ids=['nicinst3']),
    ]


def storage():
    volumes = [models.StorageVolume(v, 1, created=VOLUME_CREATED, realm_id='us')
               for v in ('vol1', 'vol2', 'vol3')]
    volumes[2].state, volumes[2].instance_id, volumes[2].device = 'IN-USE', 'inst1', '/dev/sda1'
    snapshots = [models.StorageSnapshot(s, v, created=SNAPSHOT_CREATED)
                 for s, v in (('snap1', 'vol1'), ('snap2', 'vol2'), ('snap3', 'vol2'))]
    return volumes, snapshots


def networking():
    networks = [models.Network('net1', 'network1', address_blocks=['192.168.0.0/16'],
                               subnet_ids=['subnet1', 'subnet2']),
                models.Network('net2', 'network2', address_blocks=['10.0.0.0/8'],
                               subnet_ids=['subnet3', 'subnet4'])]
    subnets = [models.Subnet(s, s, n, block, type='PRIVATE') for s, n, block in (
        ('subnet1', 'net1', '192.168.1.0/24'), ('subnet2', 'net1', '192.168.2.0/24'),
        ('subnet3', 'net2', '10.1.0.0/16'), ('subnet4', 'net2', '10.2.0.0/16'))]
    # nic1's network is a subnet id in the original data; kept so clients see the same.
    nics = [models.NetworkInterface('nic1', 'nic1', 'inst1', 'subnet1', '192.168.1.2'),
            models.NetworkInterface('nicinst3', 'nicinst3', 'inst3', 'net1', '192.168.2.189')]
    return networks, subnets, nics


def firewalls():
    ssh = models.FirewallRule('rule1', 'tcp', 22, 22,
                              sources=[{'type': 'address', 'address': '0.0.0.0/0'}])
    return [models.Firewall('default', 'default', description='Default firewall: SSH from anywhere',
                            owner_id=SEED_OWNER, rules=[ssh])]


def seed(txn):
    """Fill a new simulated cloud; ``txn`` is a write transaction of its store."""
    for image in images():
        txn.insert('image', image.id, codec.dump(image), owner=image.owner_id)
    for instance in instances():
        txn.insert('instance', instance.id, codec.dump(instance), owner=instance.owner_id)
    key = models.Key('test-key', fingerprint=TEST_KEY_FINGERPRINT, pem_rsa_key=TEST_KEY_PEM)
    txn.insert('key', key.id, codec.dump(key))
    volumes, snapshots = storage()
    networks, subnets, nics = networking()
    for kind, objects in (('storage_volume', volumes), ('storage_snapshot', snapshots),
                          ('network', networks), ('subnet', subnets),
                          ('network_interface', nics), ('firewall', firewalls())):
        for obj in objects:
            txn.insert(kind, obj.id, codec.dump(obj))
    for n in range(1, 5):
        address = models.Address('192.168.0.%d' % n)
        txn.insert('address', address.id, codec.dump(address))
    for bucket in ('bucket1', 'bucket2'):
        txn.insert('bucket', bucket, codec.dump(models.Bucket(bucket, bucket)))
    for bucket, blob_id, content_type, modified, content, metadata in BLOBS:
        data = content.encode()
        blob = models.Blob(blob_id, bucket, len(data), content_type, modified, dict(metadata))
        txn.insert('blob', blob_key(bucket, blob_id), codec.dump(blob), parent=bucket,
                   payload=data)


def blob_key(bucket_id, blob_id):
    return '%s/%s' % (bucket_id, blob_id)
