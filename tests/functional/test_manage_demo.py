"""``broker-manage demo`` and ``sync`` run in-process against a real database on every backend."""

import pytest
import sqlalchemy as sa

from broker_core import accounts
from broker_core import bootstrap
from broker_core.catalog import hardware_profiles
from broker_core.catalog import images
from broker_core.cmd import manage
from broker_core.db import api as db_api
from broker_core.db import models
from broker_core import demo
from broker_core import discovery
from broker_core import errors
from broker_core import identity
from broker_core import pool_members
from broker_core import pools
from broker_core import providers
from broker_core import quotas
from broker_core import roles
from broker_core import services
from iaas.drivers.mock import knobs
from tests.broker_db import *  # noqa: F401,F403 (fixtures: database on every backend)

# The mock profile each demo profile lands on by default (smallest fit).
EXPECTED_FIT = {'small': 'm1-small', 'medium': 'm1-large', 'large': 'm1-xlarge'}


@pytest.fixture
def config(tmp_path):
    """A broker-manage config file; the database comes from the ``database`` fixture."""
    path = tmp_path / 'broker.conf'
    path.write_text('[DEFAULT]\nstate_path = %s\n' % (tmp_path / 'state'))
    return path


@pytest.fixture
def manage_conf(config):
    """The configuration broker-manage reads from ``config``."""
    return manage.parse_config(['--config-file', str(config), 'db', 'version'])


@pytest.fixture
def manage_cli(database, config, capsys):
    """Run ``broker-manage --config-file <config> ARGS``; returns (exit code, stdout, stderr)."""
    def run(*args):
        code = manage.main(['--config-file', str(config), *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


@pytest.fixture
def seeded(manage_cli):
    code, out, err = manage_cli('demo')
    assert code == 0, err
    return out


@db_api.reader
def row_counts(context):
    return {table.name: context.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in models.BASE.metadata.sorted_tables}


def demo_accounts(context):
    """The demo accounts by provider name."""
    found = {}
    for name, account_name, _ in demo.CLOUDS:
        provider = providers.get_provider_by_name(context, name)
        found[name] = manage.find_account(context, '%s/%s' % (name, account_name))
        assert (provider['driver'], provider['provider']) == ('mock', name)
    return found


def test_demo_creates_two_priced_clouds_in_one_pool(seeded, admin_context):
    by_provider = demo_accounts(admin_context)
    prices = {name: {row['provider_profile_id']: row['price_per_hour']
                     for row in discovery.list_hardware_profiles(admin_context, account['id'])}
              for name, account in by_provider.items()}
    assert float(prices['mock-west']['m1-small']) < float(prices['mock-east']['m1-small'])
    for name, _, listed in demo.CLOUDS:
        assert {key: float(prices[name][key]) for key in listed} == listed
    pool = pools.get_pool_by_name(admin_context, demo.POOL)
    assert pool['policy']['weighers'] == [{'name': 'price', 'multiplier': 1.0}]
    members = pool_members.list_members(admin_context, pool['id'])
    assert sorted(m['account_id'] for m in members) == sorted(
        a['id'] for a in by_provider.values())
    assert 'created  pool default' in seeded


def test_demo_catalog_maps_onto_both_mock_clouds(seeded, admin_context):
    for account in demo_accounts(admin_context).values():
        for name, mock_profile in EXPECTED_FIT.items():
            profile = hardware_profiles.get_hardware_profile_by_name(admin_context, name)
            match = hardware_profiles.match_profile(admin_context, profile['id'], {},
                                                    account['id'])
            assert match['provider_profile_id'] == mock_profile, name
        for name, _, architecture, mock_image in demo.IMAGES:
            image = image_named(admin_context, name)
            assert image['architecture'] == architecture and image['owner_id'] is None
            assert images.resolve_image(admin_context, image['id'], account['id']) == mock_image


def image_named(context, name):
    return next(image for image in images.list_images(context) if image['name'] == name)


def test_demo_user_may_launch_in_the_pool_within_a_quota(seeded, admin_context):
    user = identity.authenticate(admin_context, demo.DEMO_USER, demo.DEMO_PASSWORD)
    pool = pools.get_pool_by_name(admin_context, demo.POOL)
    assert roles.roles_for(admin_context, user['id']) == {('pool_user', pool['id'])}
    limits = quotas.get_limits(admin_context, 'user', user['id'])['limits']
    assert limits['instances'] == demo.DEMO_QUOTA['instances']
    assert 'demo / demopassword' in seeded


def test_demo_creates_an_admin_when_there_is_none(seeded, admin_context):
    admin = identity.authenticate(admin_context, demo.ADMIN_USER, demo.ADMIN_PASSWORD)
    assert ('admin', None) in roles.roles_for(admin_context, admin['id'])
    assert bootstrap.admin_names(admin_context) == [demo.ADMIN_USER]
    assert 'admin / adminpassword' in seeded


def test_demo_twice_changes_nothing(seeded, manage_cli, admin_context, manage_conf):
    before = row_counts(admin_context)
    knobs.set_knobs(manage_conf, 'mock-west', prices={'m1-small': 0.03})

    code, out, err = manage_cli('demo')

    assert code == 0, err
    assert row_counts(admin_context) == before
    assert 'Demo data: 0 changes' in out
    assert not [line for line in out.splitlines()
                if line.startswith(('created', 'synced', 'mapped', 'granted'))]
    # The demo logins still work, so they are shown again.
    assert 'demo / demopassword' in out and 'admin / adminpassword' in out
    # Nor does it reset what an operator changed in a demo cloud since.
    assert knobs.get_knobs(manage_conf, 'mock-west').prices['m1-small'] == 0.03


def test_demo_completes_what_is_missing(seeded, manage_cli, admin_context):
    pool = pools.get_pool_by_name(admin_context, demo.POOL)
    west = demo_accounts(admin_context)['mock-west']
    pool_members.remove_member(admin_context, pool['id'], west['id'])
    user = identity.get_user_by_name(admin_context, demo.DEMO_USER)
    quotas.delete_limits(admin_context, 'user', user['id'])

    code, out, err = manage_cli('demo')

    assert code == 0, err
    created = [line for line in out.splitlines() if not line.startswith(('exists', ' '))]
    assert created[:2] == ['created  pool member default: mock-west/west',
                           'created  quota of user demo']
    assert 'Demo data: 2 changes' in out


def test_demo_leaves_an_existing_admin_alone(manage_cli, admin_context, monkeypatch):
    monkeypatch.setenv(manage.PASSWORD_ENV, 'operator-secret')
    assert manage_cli('bootstrap', '--username', 'ops')[0] == 0

    code, out, err = manage_cli('demo')

    assert code == 0, err
    assert 'exists   user ops (global admin)' in out
    assert 'admin /' not in out and 'operator-secret' not in out
    with pytest.raises(errors.ObjectNotFound):
        identity.get_user_by_name(admin_context, demo.ADMIN_USER)


def test_demo_hides_a_changed_demo_password(seeded, manage_cli, admin_context):
    user = identity.get_user_by_name(admin_context, demo.DEMO_USER)
    identity.set_password(admin_context, user['id'], 'changed-by-the-user')

    code, out, _ = manage_cli('demo')

    assert code == 0
    assert 'demo / ' not in out and 'changed-by-the-user' not in out
    assert 'user demo exists with another password (not shown)' in out


def test_sync_needs_one_choice(manage_cli):
    code, _, err = manage_cli('sync')
    assert code == 2 and 'give --account or --all' in err


def test_sync_all_reports_each_account(seeded, manage_cli):
    code, out, err = manage_cli('sync', '--all')
    assert code == 0, err
    assert out.splitlines() == ['Synced mock-east/east: no changes',
                                'Synced mock-west/west: no changes',
                                'Synced 2 of 2 accounts']


@pytest.mark.parametrize('reference', ['west', 'mock-west/west', 'id'])
def test_sync_one_account_finds_a_new_price(seeded, manage_cli, admin_context, manage_conf,
                                            reference):
    west = demo_accounts(admin_context)['mock-west']
    knobs.set_knobs(manage_conf, 'mock-west', prices={'m1-small': 0.01})

    code, out, err = manage_cli('sync', '--account',
                                west['id'] if reference == 'id' else reference)

    assert code == 0, err
    assert out.splitlines()[0] == 'Synced mock-west/west: 3 hardware profiles changed'
    prices = {row['provider_profile_id']: float(row['price_per_hour'])
              for row in discovery.list_hardware_profiles(admin_context, west['id'])}
    assert prices['m1-small'] == 0.01


def test_sync_refuses_an_unknown_or_ambiguous_account(seeded, manage_cli, admin_context,
                                                      manage_conf):
    east = providers.get_provider_by_name(admin_context, 'mock-east')
    accounts.create_account(admin_context, services.Broker(manage_conf), east['id'], 'west',
                            {'username': 'mockuser', 'password': 'mockpassword'})

    assert manage_cli('sync', '--account', 'nowhere')[:3:2] == (
        1, "broker-manage: account 'nowhere' not found\n")
    code, _, err = manage_cli('sync', '--account', 'west')
    assert code == 1 and 'write provider/account' in err
    assert manage_cli('sync', '--account', 'mock-east/west')[0] == 0


def test_sync_all_goes_on_past_a_failing_account(seeded, manage_cli, admin_context,
                                                 manage_conf):
    broker = services.Broker(manage_conf)
    provider = providers.create_provider(admin_context, 'mock-north', 'mock',
                                         provider='mock-north')
    accounts.create_account(admin_context, broker, provider['id'], 'locked-out',
                            {'username': 'mockuser', 'password': 'not-the-password'})

    code, out, err = manage_cli('sync', '--all')

    assert code == 1
    assert "Catalog sync of account 'locked-out' failed" in err
    assert 'not-the-password' not in out + err
    assert out.splitlines()[-1] == 'Synced 2 of 3 accounts'
