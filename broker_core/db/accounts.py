"""DB functions on provider accounts that need no domain logic above them."""

import logging

import sqlalchemy as sa

from broker_core.db import api as db_api
from broker_core.db import models

LOG = logging.getLogger(__name__)


@db_api.writer
def reencrypt_credentials(context, cipher):
    """Re-encrypt every account's credentials with the cipher's first key, all or none.

    Returns how many accounts were re-encrypted; CredentialsUnreadable (and nothing changed)
    if one of them opens with none of the keys.
    """
    statement = db_api.for_update(context, sa.select(models.ProviderAccount))
    accounts = context.session.scalars(statement).all()
    for account in accounts:
        account.credentials = cipher.rotate(account.credentials)
    LOG.info('Re-encrypted the credentials of %d accounts', len(accounts))
    return len(accounts)
