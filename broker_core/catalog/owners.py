"""The owner of a user's catalog object: a user that exists."""

from broker_core.db import helpers
from broker_core.db import models


def check_owner(context, owner_id):
    """The owner's id; ObjectNotFound when no such user exists."""
    return helpers.get_or_raise(context, models.User, owner_id, 'user').id


def owner_filter(statement, model, owner_id):
    """``statement`` limited to one owner's objects when ``owner_id`` is given."""
    return statement if owner_id is None else statement.where(model.owner_id == owner_id)
