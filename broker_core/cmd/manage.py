"""``broker-manage``: the operator's commands (database schema, key rotation).

A command is one function decorated with ``@command('group name', help=...)``; its
arguments are read from ``conf.command``.
"""

import collections
import logging
import sys

from oslo_config import cfg

from broker_core import conf as broker_conf
from broker_core import context as broker_context
from broker_core import crypto
from broker_core.db import accounts as db_accounts
from broker_core.db import api as db_api
from broker_core.db import migration
from iaas import errors

LOG = logging.getLogger(__name__)

Command = collections.namedtuple('Command', 'words help arguments function')
COMMANDS = []


def command(name, help, arguments=()):
    """Register the decorated ``function(conf)`` as sub-command ``name`` (one or two words).

    ``arguments`` are (flags, argparse keyword arguments) pairs.
    """
    def register(function):
        COMMANDS.append(Command(name.split(), help, arguments, function))
        return function
    return register


@command('db sync', help='Create the database schema or upgrade it to the newest revision.',
         arguments=[(('--revision',), {'default': 'head',
                                       'help': 'Revision to upgrade to (default: head).'})])
def db_sync(conf):
    migration.upgrade(conf, revision=conf.command.revision)
    print('Database is at revision %s' % migration.version(conf))


@command('db version', help='Print the revision the database schema is at.')
def db_version(conf):
    print(migration.version(conf) or 'None')


@command('rotate-keys', help='Re-encrypt every account\'s credentials with the first key of '
                             '[crypto]; afterwards the other keys can be removed.')
def rotate_keys(conf):
    db_api.configure(conf)
    cipher = crypto.cipher_from_conf(conf)
    count = db_accounts.reencrypt_credentials(admin_context(), cipher)
    print('Re-encrypted the credentials of %d accounts' % count)


def admin_context():
    return broker_context.RequestContext.admin(user_name='broker-manage')


def add_command_parsers(subparsers):
    """The argparse sub-commands of COMMANDS; a first word shared by several is a group."""
    groups = {}
    for cmd in COMMANDS:
        parent = subparsers
        if len(cmd.words) == 2:
            if cmd.words[0] not in groups:
                group = subparsers.add_parser(cmd.words[0], help='%s commands' % cmd.words[0])
                groups[cmd.words[0]] = group.add_subparsers(dest='action', required=True)
            parent = groups[cmd.words[0]]
        parser = parent.add_parser(cmd.words[-1], help=cmd.help, description=cmd.help)
        for flags, options in cmd.arguments:
            parser.add_argument(*flags, **options)
        parser.set_defaults(function=cmd.function)


def parse_config(argv):
    conf = cfg.ConfigOpts()
    broker_conf.register_opts(conf)
    conf.register_cli_opt(cfg.SubCommandOpt('command', title='Commands',
                                            handler=add_command_parsers))
    conf(argv, project='broker', prog='broker-manage')
    return conf


def main(argv=None):
    logging.basicConfig(level=logging.WARNING, format='%(levelname)s %(name)s %(message)s')
    conf = parse_config(sys.argv[1:] if argv is None else argv)
    try:
        conf.command.function(conf)
    except errors.IaasError as exc:
        print('broker-manage: %s' % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
