"""The broker configuration: IaaS and broker options together, defaults that follow state_path."""

from oslo_config import cfg

from broker_core import conf as broker_conf
from broker_core.conf import opts


def test_build_registers_iaas_and_broker_options(tmp_path):
    conf = broker_conf.build()
    assert conf.api.default_driver == 'mock'
    assert conf.crypto.fernet_keys == []
    assert conf.quota.instances == -1
    assert conf.placement.choice == 'best_first'


def test_database_and_key_file_live_under_state_path(tmp_path):
    config_file = tmp_path / 'broker.conf'
    config_file.write_text('[DEFAULT]\nstate_path = %s\n' % tmp_path)
    conf = broker_conf.build(['--config-file', str(config_file)])
    assert conf.database.connection == 'sqlite:///%s/broker.sqlite' % tmp_path
    assert conf.crypto.key_file == '%s/credential-keys' % tmp_path


def test_overrides_stay_in_their_configuration():
    first, second = broker_conf.build(), broker_conf.build()
    first.set_override('instances', 5, 'quota')
    first.set_override('connection', 'sqlite://', 'database')
    assert second.quota.instances == -1
    assert second.database.connection.endswith('/broker.sqlite')


def test_list_opts_covers_every_registered_broker_group():
    listed = {str(group): {opt.name for opt in group_opts}
              for group, group_opts in opts.list_opts()}
    conf = cfg.ConfigOpts()
    broker_conf.register_opts(conf)
    for group, names in listed.items():
        assert names <= set(conf[group]), group
    assert set(listed) == {'database', 'crypto', 'quota', 'placement', 'state', 'coordination',
                           'webhooks'}
    database = dict((str(g), o) for g, o in opts.list_opts())['database']
    [connection] = [opt for opt in database if opt.name == 'connection']
    assert connection.default == 'sqlite:///$state_path/broker.sqlite'
