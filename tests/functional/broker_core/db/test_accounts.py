"""Re-encrypting every account's credentials, on every backend."""

import pytest
import sqlalchemy as sa

from broker_core import crypto
from broker_core.db import accounts as db_accounts
from broker_core.db import api as db_api
from broker_core.db import models
from broker_core import errors

OLD, NEW = crypto.generate_key(), crypto.generate_key()
SECRET = {'username': 'AKIDEXAMPLE', 'password': 's3cr3t'}


@db_api.writer
def _add_accounts(context, tokens):
    provider = models.Provider(name='ec2', driver='ec2')
    context.session.add(provider)
    context.session.flush()
    for number, token in enumerate(tokens):
        context.session.add(models.ProviderAccount(provider_id=provider.id,
                                                   name='account%d' % number,
                                                   credentials=token))


@db_api.reader
def _tokens(context):
    return context.session.scalars(
        sa.select(models.ProviderAccount.credentials).order_by(models.ProviderAccount.name)).all()


def test_rotation_leaves_every_account_readable_with_the_new_key_only(database, admin_context):
    old = crypto.CredentialCipher([OLD])
    _add_accounts(admin_context, [old.encrypt(SECRET), old.encrypt(dict(SECRET, n=2))])

    count = db_accounts.reencrypt_credentials(admin_context, crypto.CredentialCipher([NEW, OLD]))

    assert count == 2
    new_only = crypto.CredentialCipher([NEW])
    assert [new_only.decrypt(token) for token in _tokens(admin_context)] == [
        SECRET, dict(SECRET, n=2)]


def test_an_unreadable_account_stops_the_rotation_and_changes_nothing(database, admin_context):
    stranger = crypto.CredentialCipher([crypto.generate_key()])
    _add_accounts(admin_context, [crypto.CredentialCipher([OLD]).encrypt(SECRET),
                                  stranger.encrypt(SECRET)])
    before = _tokens(admin_context)

    with pytest.raises(errors.CredentialsUnreadable):
        db_accounts.reencrypt_credentials(admin_context, crypto.CredentialCipher([NEW, OLD]))

    assert _tokens(admin_context) == before
