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
