"""Keys that encrypt provider credentials at rest."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('crypto', title='Credential encryption')

OPTS = [
    cfg.ListOpt('fernet_keys', default=[], secret=True,
                help='Fernet keys (url-safe base64, 32 bytes) that encrypt provider credentials. '
                     'The first key encrypts; every key decrypts. To rotate: put a new key first, '
                     'run "broker-manage rotate-keys", then drop the old key. When empty, the keys '
                     'are read from key_file.'),
    cfg.StrOpt('key_file', default='$state_path/credential-keys',
               help='File with one Fernet key per line, the first one encrypting; used when '
                    'fernet_keys is empty. Created with a new key and mode 0600 on first use.'),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    return {GROUP: OPTS}
