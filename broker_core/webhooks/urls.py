"""Where webhooks and callbacks may go: http(s) URLs, never the broker's own management API."""

import ipaddress
import socket
from urllib import parse

from broker_core import errors

SCHEMES = ('http', 'https')
DEFAULT_PORTS = {'http': 80, 'https': 443}
MANAGEMENT_PATH = '/broker'
URL_LENGTH = 2048
LOOPBACK_NAMES = frozenset(('localhost', 'localhost.localdomain', 'ip6-localhost'))
WILDCARDS = frozenset(('0.0.0.0', '::', ''))


def check_url(field, url, conf):
    """``url`` when it is an http(s) URL the broker may POST to; Invalid naming ``field``."""
    if not isinstance(url, str) or not url.strip() or len(url) > URL_LENGTH:
        raise errors.Invalid(field=field, reason='an http or https URL of at most %d '
                                                 'characters is required' % URL_LENGTH)
    reason = refusal(url, conf)
    if reason:
        raise errors.Invalid(field=field, reason=reason)
    return url


def refusal(url, conf):
    """Why the broker must not POST to ``url``, or None when it may.

    A receiver URL that points back at the broker would let anyone who may subscribe make the
    broker call its own management API with whatever an event holds. Refused are URLs under
    one of [webhooks] own_base_urls and the /broker path of the [api] host and port (with
    the loopback names when the API listens on a loopback or wildcard address).
    """
    try:
        parts = _parts(url)
    except ValueError as exc:
        return str(exc)
    for base in conf.webhooks.own_base_urls:
        try:
            own = _parts(base)
        except ValueError:
            continue
        if parts[:3] == own[:3] and _under(parts[3], own[3] or '/'):
            return 'it is under the broker\'s own URL %s' % base
    if _is_own_api(parts, conf) and _under(parts[3], MANAGEMENT_PATH):
        return 'it is the broker\'s own management API'
    return None


def _parts(url):
    """(scheme, host, port, path) with the host lower-case and the default port filled in."""
    split = parse.urlsplit(url.strip())
    scheme = split.scheme.lower()
    if scheme not in SCHEMES:
        raise ValueError('an http or https URL is required')
    host = (split.hostname or '').lower()
    if not host:
        raise ValueError('the URL names no host')
    if split.username is not None or split.password is not None:
        raise ValueError('credentials in the URL are not allowed; use the secret')
    port = split.port or DEFAULT_PORTS[scheme]
    # "/broker/../broker" and "//broker" reach the same route as "/broker".
    path = '/' + '/'.join(part for part in split.path.split('/') if part not in ('', '.'))
    return scheme, host, port, parse.unquote(path)


def _under(path, prefix):
    prefix = prefix.rstrip('/')
    return path == prefix or path.startswith(prefix + '/') or not prefix


def _is_own_api(parts, conf):
    host, port = parts[1].strip('[]'), parts[2]
    # broker-api's --port wins over [api] port; other processes know only the option.
    own_port = conf.port if 'port' in conf and conf.port else conf.api.port
    if port != own_port:
        return False
    bind = (conf.api.host or '').lower().strip('[]')
    if host == bind:
        return True
    local = bind in WILDCARDS or bind in LOOPBACK_NAMES or _is_loopback(bind)
    if local and (host in LOOPBACK_NAMES or _is_loopback(host)):
        return True
    return bind in WILDCARDS and host in {socket.gethostname().lower(),
                                          socket.getfqdn().lower()}


def _is_loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
