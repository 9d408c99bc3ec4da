"""Absolute hrefs of CIMI resources, and the ids read back out of the hrefs clients send."""

from urllib import parse

from iaas.api.deltacloud.views import links
from iaas import errors


class Hrefs:
    """``http://host[/root]/cimi/...`` from the request's own scheme, host and prefix."""

    def __init__(self, prefix):
        self.base = prefix.rstrip('/')
        self._base_path = parse.urlsplit(self.base).path

    @property
    def base_uri(self):
        return self.base + '/'

    def collection(self, segment):
        return '%s/%s' % (self.base, segment)

    def member(self, segment, object_id):
        return '%s/%s/%s' % (self.base, segment, links.quote(object_id))

    def sub(self, segment, object_id, *parts):
        """``.../machines/<id>/disks``: an action or a collection that belongs to a member."""
        return '/'.join([self.member(segment, object_id)] + list(parts))

    def parts(self, href):
        """The path segments of ``href`` below the CIMI root (decoded); None when not ours.

        Only the path is compared: a proxy may show clients another host name.
        """
        if not isinstance(href, str) or not href.strip():
            return None
        path = parse.urlsplit(href.strip()).path
        prefix = self._base_path + '/'
        if not path.startswith(prefix):
            return None
        return [parse.unquote(part) for part in path[len(prefix):].split('/')]

    def object_id(self, href, segment, attribute):
        """The id in ``href`` of a member of ``segment``; 400 naming ``attribute`` otherwise."""
        parts = self.parts(href)
        if not parts or len(parts) != 2 or parts[0] != segment or not parts[1]:
            raise errors.ValidationError(
                "%s href '%s' does not name a resource of %s"
                % (attribute, href, self.collection(segment)))
        return parts[1]
