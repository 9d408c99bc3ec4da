"""``broker-manage``: the operator's commands (schema, first admin, demo data, sync, keys).

A command is one function decorated with ``@command('group name', help=...)``; its
arguments are read from ``conf.command``.
"""

import collections
import getpass
import logging
import os
import sys

from oslo_config import cfg

from broker_core import accounts
from broker_core import bootstrap as bootstrap_mod
from broker_core import conf as broker_conf
from broker_core import context as broker_context
from broker_core import crypto
from broker_core.db import accounts as db_accounts
from broker_core.db import api as db_api
from broker_core.db import migration
from broker_core import demo as demo_mod
from broker_core import discovery
from broker_core import errors as broker_errors
from broker_core import providers
from broker_core import services
from iaas import errors

LOG = logging.getLogger(__name__)

Command = collections.namedtuple('Command', 'words help arguments function')
COMMANDS = []
# Where ``bootstrap`` reads the password when --password is not given (then stdin).
PASSWORD_ENV = 'BROKER_ADMIN_PASSWORD'


class SchemaNotCurrent(errors.IaasError):
    msg_fmt = ("The database is at revision %(current)s, the code needs %(head)s: "
               "run 'broker-manage db sync' first")


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
    configure_database(conf)
    cipher = crypto.cipher_from_conf(conf)
    count = db_accounts.reencrypt_credentials(admin_context(), cipher)
    print('Re-encrypted the credentials of %d accounts' % count)


@command('bootstrap', help='Create the first administrator: a user with the global admin '
                           'role. The password comes from --password, else from the '
                           '%s environment variable, else from stdin (asked twice on a '
                           'terminal); it is never printed. Running it again with the same '
                           'name and password changes nothing; a user of that name with '
                           'another password is refused, never changed.' % PASSWORD_ENV,
         arguments=[(('--username',), {'default': 'admin',
                                       'help': 'Name of the administrator (default: admin).'}),
                    (('--password',), {'help': 'Password (at least 8 characters); prefer the '
                                               'environment variable or stdin, which other '
                                               'users cannot see in the process list.'})])
def bootstrap(conf):
    password = read_password(conf.command.password)
    configure_database(conf)
    outcome = bootstrap_mod.bootstrap_admin(admin_context(), conf.command.username, password)
    name = outcome.user['name']
    if outcome.created:
        print('Created user %s with the global admin role' % name)
    elif outcome.granted:
        print('User %s exists; granted it the global admin role' % name)
    else:
        print('User %s exists and holds the global admin role; nothing changed' % name)


def read_password(given):
    """The password from the option, the environment or stdin; Invalid when they differ."""
    if given:
        return given
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip('\r\n')
    password = getpass.getpass('Password: ')
    if getpass.getpass('Password again: ') != password:
        raise broker_errors.Invalid(field='password', reason='the two entries differ')
    return password


DEMO_HELP = (
    'Create the demo data set where it is missing: mock providers %s with an account each, '
    'synced (west is cheaper); pool %s weighing price; hardware profiles small, medium and '
    'large; three images; user %s with a quota; and user %s with the global admin role '
    'unless an administrator exists. Running it again changes nothing. Prints the demo '
    'logins: for trying the broker, never for one that others can reach.'
    % (' and '.join(cloud[0] for cloud in demo_mod.CLOUDS), demo_mod.POOL,
       demo_mod.DEMO_USER, demo_mod.ADMIN_USER))


@command('demo', help=DEMO_HELP,
         arguments=[(('--password',), {'default': demo_mod.DEMO_PASSWORD,
                                       'help': 'Password of a new demo user (default: %s).'
                                               % demo_mod.DEMO_PASSWORD}),
                    (('--admin-password',), {'default': demo_mod.ADMIN_PASSWORD,
                                             'help': 'Password of a new demo admin '
                                                     '(default: %s).' % demo_mod.ADMIN_PASSWORD})])
def demo(conf):
    configure_database(conf)
    report = demo_mod.seed(admin_context(), services.Broker(conf), conf.command.password,
                           conf.command.admin_password)
    for action, kind, name in report.steps:
        print('%-8s %s %s' % (action, kind, name))
    print('Demo data: %d changes' % len(report.changed()))
    for note in report.notes:
        print('Note: %s' % note)
    if report.logins:
        print('Demo logins (for trying the broker only; never on a broker others can reach):')
    for name, password, purpose in report.logins:
        print('  %s / %s  (%s)' % (name, password, purpose))


@command('sync', help='Discover the realms, hardware profiles and images of accounts and store '
                      'them (what placement and the catalogs read).',
         arguments=[(('--account',), {'help': 'The account: its id, its name, or provider/name '
                                              'when several providers have one of that name.'}),
                    (('--all',), {'action': 'store_true', 'dest': 'all_accounts',
                                  'help': 'Every enabled account.'})])
def sync(conf):
    if bool(conf.command.account) == conf.command.all_accounts:
        print('broker-manage sync: give --account or --all', file=sys.stderr)
        return 2
    configure_database(conf)
    context, broker = admin_context(), services.Broker(conf)
    labels = account_labels(context)
    targets = (accounts.list_accounts(context, enabled=True) if conf.command.all_accounts
               else [find_account(context, conf.command.account)])
    targets.sort(key=lambda account: labels[account['id']])
    failed = 0
    for account in targets:
        try:
            summary = discovery.sync_account(context, broker, account['id'])
        except errors.IaasError as exc:
            print('broker-manage: %s' % exc, file=sys.stderr)
            failed += 1
            continue
        print('Synced %s: %s' % (labels[account['id']], demo_mod.describe_sync(summary)))
    print('Synced %d of %d accounts' % (len(targets) - failed, len(targets)))
    return 1 if failed else 0


def account_labels(context):
    """``provider/account`` of every account, by account id."""
    names = {provider['id']: provider['name'] for provider in providers.list_providers(context)}
    return {account['id']: '%s/%s' % (names[account['provider_id']], account['name'])
            for account in accounts.list_accounts(context)}


def find_account(context, reference):
    """The account with id ``reference``, or named so (``name`` or ``provider/name``)."""
    try:
        return accounts.get_account(context, reference)
    except broker_errors.ObjectNotFound:
        pass
    labels = account_labels(context)
    matches = [account_id for account_id, label in labels.items()
               if reference in (label, label.partition('/')[2])]
    if not matches:
        raise broker_errors.ObjectNotFound(kind='account', ident=reference)
    if len(matches) > 1:
        raise broker_errors.Invalid(field='account', reason="several providers have an account "
                                    "'%s'; write provider/account" % reference)
    return accounts.get_account(context, matches[0])


def configure_database(conf):
    """Point the DB layer at [database]; SchemaNotCurrent unless the schema is up to date."""
    db_api.configure(conf)
    current, head = migration.version(conf), migration.head()
    if current != head:
        raise SchemaNotCurrent(current=current or 'none', head=head)


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
        return conf.command.function(conf) or 0
    except errors.IaasError as exc:
        print('broker-manage: %s' % exc, file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
