"""Domain errors of the broker, built on the IaaS errors so each carries its HTTP status."""

from iaas import errors as iaas_errors


class ObjectNotFound(iaas_errors.NotFound):
    msg_fmt = "%(kind)s '%(ident)s' not found"


class ObjectExists(iaas_errors.Conflict):
    msg_fmt = "%(kind)s '%(ident)s' already exists"


class CryptoKeyError(iaas_errors.IaasError):
    """The credential keys are missing or malformed: a configuration error, never a secret."""

    msg_fmt = 'Credential encryption keys are unusable: %(reason)s'


class CredentialsUnreadable(iaas_errors.IaasError):
    """Stored credentials do not decrypt with any configured key."""

    msg_fmt = 'Stored credentials cannot be decrypted with the configured keys'


class Invalid(iaas_errors.ValidationError):
    """Bad input to a domain function: the message names the field."""

    msg_fmt = "Invalid %(field)s: %(reason)s"


class InUse(iaas_errors.Conflict):
    msg_fmt = "%(kind)s '%(ident)s' is in use: %(reason)s"


class NotAuthenticated(iaas_errors.AuthenticationFailure):
    msg_fmt = 'Unauthorized'


class NotAuthorized(iaas_errors.Forbidden):
    msg_fmt = "Not allowed to %(action)s"


class QuotaExceeded(iaas_errors.Forbidden):
    """A reservation would take a scope over one of its limits."""

    msg_fmt = ("Quota exceeded for %(scope_type)s '%(scope_id)s': %(resource)s would be "
               "%(wanted)s of %(limit)s")


class SyncFailed(iaas_errors.ProviderError):
    """A provider call of a catalog sync failed; nothing of the sync was stored."""

    msg_fmt = "Catalog sync of account '%(account)s' failed: %(reason)s"
