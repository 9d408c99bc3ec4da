"""Request parameters: matrix, query string and form body merged, with typed accessors."""

import io
import re
from urllib import parse

from falcon.media import multipart

from iaas.api.deltacloud import matrix
from iaas.api import texts as texts_mod
from iaas import errors

FORM = 'application/x-www-form-urlencoded'
MULTIPART = 'multipart/form-data'
_MULTIPART_HANDLER = multipart.MultipartFormHandler()


class Upload:
    """A file part of a multipart form (``blob_data`` of a blob upload)."""

    def __init__(self, data, content_type=None, filename=None):
        self.data = data
        self.content_type = content_type
        self.filename = filename


class Params:
    """Merged parameters: form body over query string over matrix parameters, as Rack does."""

    def __init__(self, values=None, uploads=None):
        self.values = dict(values or {})
        self.uploads = dict(uploads or {})

    def items(self):
        return self.values.items()

    def get(self, name):
        """The value, or None when absent or empty (clients send ``instance_id=`` for none)."""
        value = self.values.get(name)
        return value if value not in (None, '') else None

    def required(self, name):
        value = self.get(name)
        if value is None:
            raise errors.MissingParameter(name=name)
        return value

    def integer(self, name, minimum=None, maximum=None):
        """An integer parameter, None when absent; 400 when malformed or out of bounds."""
        raw = self.get(name)
        if raw is None:
            return None
        try:
            value = int(raw.strip())
        except ValueError:
            raise errors.ValidationError(
                "Parameter '%s' must be an integer, not '%s'" % (name, raw)) from None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise errors.ValidationError("Parameter '%s' is out of range: %s" % (name, raw))
        return value

    def required_integer(self, name, minimum=None, maximum=None):
        value = self.integer(name, minimum, maximum)
        if value is None:
            raise errors.MissingParameter(name=name)
        return value

    def indexed(self, prefix):
        """Values of ``prefix``, ``prefix1``, ``prefix2``... in index order (``firewalls1..N``)."""
        pattern = re.compile(r'^%s(\d*)$' % re.escape(prefix))
        found = []
        for key, value in self.values.items():
            match = pattern.match(key)
            if match and value not in (None, ''):
                found.append((int(match.group(1) or 0), value))
        return [value for _, value in sorted(found, key=lambda pair: pair[0])]

    def matching(self, pattern):
        """``{key: value}`` of the non-empty parameters whose name matches ``pattern``."""
        regex = re.compile(pattern, re.IGNORECASE)
        return {k: v for k, v in self.values.items() if regex.match(k) and v not in (None, '')}


def refuse_nul(texts):
    """400 when any of ``texts`` holds a NUL character (see :mod:`iaas.api.texts`)."""
    if texts_mod.holds_nul(list(texts)):
        raise errors.ValidationError('Parameters and paths must not contain NUL characters')


def _last(value):
    return value[-1] if isinstance(value, list) else value


def base_params(req):
    """Matrix and query-string parameters, available before the body is read."""
    values = dict(req.env.get(matrix.ENVIRON_KEY) or {})
    for key, value in parse.parse_qs(req.query_string, keep_blank_values=True).items():
        values[key] = _last(value)
    return Params(values)


def check_declared_length(req, limit):
    """413 before reading when the client declares a body larger than ``limit``."""
    length = req.content_length
    if length is not None and length > limit:
        raise errors.PayloadTooLarge(
            'Request body of %d bytes exceeds the limit of %d bytes' % (length, limit))


def read_body(req, limit):
    """The whole request body; 413 when it exceeds ``limit`` even without a Content-Length."""
    check_declared_length(req, limit)
    if req.content_length is None and 'chunked' in (req.get_header('Transfer-Encoding') or ''):
        # The server de-chunks; falcon's bounded stream would read nothing without a length.
        data = req.stream.read(limit + 1)
    else:
        data = req.bounded_stream.read(limit + 1)
    if len(data) > limit:
        raise errors.PayloadTooLarge('Request body exceeds the limit of %d bytes' % limit)
    return data


def is_form(req):
    media_type = (req.content_type or '').split(';', 1)[0].strip().lower()
    return media_type in (FORM, MULTIPART)


def add_form_body(req, params, limit):
    """Merge a form-encoded or multipart body into ``params``."""
    media_type = (req.content_type or '').split(';', 1)[0].strip().lower()
    body = read_body(req, limit)
    if media_type == FORM:
        try:
            text = body.decode('utf-8')
        except UnicodeDecodeError:
            raise errors.ValidationError('Form body is not UTF-8') from None
        for key, value in parse.parse_qs(text, keep_blank_values=True).items():
            params.values[key] = _last(value)
    elif media_type == MULTIPART:
        _add_multipart(req, body, params)


def _add_multipart(req, body, params):
    try:
        form = _MULTIPART_HANDLER.deserialize(io.BytesIO(body), req.content_type, len(body))
        for part in form:
            if not part.name:
                continue
            if part.filename is None and part.content_type.startswith('text/plain'):
                params.values[part.name] = part.get_text()
            else:
                params.uploads[part.name] = Upload(part.get_data(), part.content_type,
                                                   part.filename)
    except errors.IaasError:
        raise
    except Exception as exc:  # noqa: BLE001 - falcon raises several types for a broken form
        detail = getattr(exc, 'description', None) or exc
        raise errors.ValidationError('Malformed multipart body: %s' % detail) from None
