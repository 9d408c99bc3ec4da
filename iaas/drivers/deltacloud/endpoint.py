"""The provider string of the deltacloud driver: the remote API URL, its driver and provider."""

import dataclasses
import typing
from urllib import parse

from iaas import errors

SCHEMES = ('http', 'https')
MATRIX_KEYS = ('driver', 'provider')
DEFAULT_PATH = '/api'


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """Where one remote Deltacloud API lives and which of its drivers and providers to use."""

    api_url: str                          # http://host:port/api, no trailing slash
    driver: typing.Optional[str] = None
    provider: typing.Optional[str] = None

    @property
    def host(self):
        return parse.urlsplit(self.api_url).netloc

    def url(self, path=''):
        return self.api_url + path

    def headers(self):
        """The remote's driver and provider as headers (matrix parameters cannot carry ``/``)."""
        found = {}
        if self.driver:
            found['X-Deltacloud-Driver'] = self.driver
        if self.provider:
            found['X-Deltacloud-Provider'] = self.provider
        return found


def _matrix(text):
    params = {}
    for piece in text.split(';'):
        key, sep, value = piece.partition('=')
        if not sep or key not in MATRIX_KEYS:
            raise errors.ValidationError(
                "Unknown parameter '%s' in the deltacloud provider; allowed are %s"
                % (key, ', '.join(MATRIX_KEYS)))
        value = parse.unquote(value).strip()
        if not value.isprintable():
            raise errors.ValidationError("Invalid remote %s in the deltacloud provider" % key)
        params[key] = value or None
    return params


def _allowed(parts, allowed_hosts):
    if not allowed_hosts:
        return True
    host = (parts.hostname or '').lower()
    with_port = '%s:%s' % (host, parts.port) if parts.port else host
    return any(entry.strip().lower() in (host, with_port) for entry in allowed_hosts)


def parse_provider(value, allowed_hosts=()):
    """The Endpoint of a provider string; ValidationError for anything else.

    Form: ``http[s]://host[:port][/path]/api[;driver=D][;provider=P]``. The URL is the
    remote's entry point (``/api`` when the path is empty); the matrix parameters,
    Deltacloud's own syntax, choose the remote's driver and provider, and travel as the
    ``X-Deltacloud-Driver`` and ``X-Deltacloud-Provider`` headers. Values are percent-decoded,
    so a remote provider that is itself a URL reads ``;provider=http%3A%2F%2Fother%2Fapi``.
    Credentials never appear in it: each caller's own travel with each call.
    ``allowed_hosts`` (host or host:port entries), when not empty, limits the remotes.
    """
    if not value or not value.strip():
        raise errors.ValidationError(
            'The deltacloud driver needs a provider: the remote API URL, such as '
            'http://host:3001/api (or [deltacloud] default_url)')
    url, _, matrix = value.strip().partition(';')
    try:
        parts = parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise errors.ValidationError('Invalid deltacloud provider URL') from None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise errors.ValidationError(
            'The deltacloud provider must be an http or https URL, not %r' % url)
    if parts.username is not None or parts.password is not None:
        # The caller's own credentials travel with each call; none live in a provider name.
        raise errors.ValidationError('The deltacloud provider URL must not hold credentials')
    if parts.query or parts.fragment:
        raise errors.ValidationError('The deltacloud provider URL takes no query or fragment')
    if not _allowed(parts, allowed_hosts):
        raise errors.ValidationError(
            "Remote host '%s' is not in [deltacloud] allowed_hosts" % parts.netloc)
    params = _matrix(matrix) if matrix else {}
    path = parts.path.rstrip('/') or DEFAULT_PATH
    api_url = parse.urlunsplit((parts.scheme.lower(), parts.netloc, path, '', ''))
    return Endpoint(api_url, params.get('driver'), params.get('provider'))
