"""The broker-manage command line: parsing and the registration of sub-commands."""

from importlib import metadata

from broker_core.cmd import manage


def test_console_script_is_installed():
    scripts = {ep.name: ep.value for ep in metadata.entry_points(group='console_scripts')}
    assert scripts['broker-manage'] == 'broker_core.cmd.manage:main'


def test_sub_commands_and_their_arguments():
    conf = manage.parse_config(['db', 'sync', '--revision', 'abc'])
    assert conf.command.function is manage.db_sync
    assert conf.command.revision == 'abc'
    assert manage.parse_config(['db', 'version']).command.function is manage.db_version
    assert manage.parse_config(['rotate-keys']).command.function is manage.rotate_keys


def test_a_new_command_is_one_decorated_function(capsys):
    try:
        @manage.command('example greet', help='Say hello.',
                        arguments=[(('--who',), {'default': 'world'})])
        def greet(conf):
            print('hello %s' % conf.command.who)

        conf = manage.parse_config(['example', 'greet'])
        assert conf.command.function is greet
        assert conf.command.who == 'world'
    finally:
        manage.COMMANDS.pop()
