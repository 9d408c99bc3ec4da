"""Keys that encrypt provider credentials at rest."""

from oslo_config import cfg

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
    # A group object per configuration: oslo.config copies a registered group shallowly,
    # so one shared OptGroup would share option overrides between configurations.
    conf.register_group(cfg.OptGroup(GROUP.name, title=GROUP.title, help=GROUP.help))
    conf.register_opts(OPTS, group=GROUP.name)


def list_opts():
    return {GROUP: OPTS}
