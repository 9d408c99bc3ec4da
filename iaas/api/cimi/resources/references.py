"""Hrefs a client sends that must name driver objects: read, looked up, 400 when they do not."""

from iaas.api.cimi import body
from iaas import errors


def driver_object(ctx, collection, href, segment, attribute):
    """The driver's object behind ``href`` (a member of ``segment``); 400 naming ``attribute``.

    An href of another collection, or of an object the caller cannot see (another user's,
    over the broker), is a bad document, not a missing page: nothing is created from it.
    """
    object_id = ctx.hrefs.object_id(href, segment, attribute)
    try:
        return ctx.session.call(collection, 'show', object_id)
    except errors.NotFound:
        raise errors.ValidationError("%s '%s' does not exist" % (attribute, href)) from None


def by_value(doc, name, required_message):
    """The attribute ``name`` given by value or by reference, as a dict.

    An empty XML element (``<volumeConfig/>``) or a missing one is a 400 with
    ``required_message`` when given; None otherwise.
    """
    value = doc.get(name)
    if value in (None, ''):
        if required_message:
            raise errors.MissingParameter(required_message)
        return None
    if not isinstance(value, dict):
        raise errors.ValidationError("'%s' must hold attributes or an href" % name)
    return value


def not_served(value, name, instead):
    """400 for a reference (``{"href"}``) to a collection this service does not serve."""
    href = body.text(value, 'href')
    if href:
        raise errors.ValidationError("'%s' by reference (%s) is not served here; %s"
                                     % (name, href, instead))


def integer(doc, name, unit, required=False):
    """A whole positive number attribute (``capacity``); 400 naming it and its unit."""
    text = body.text(doc, name, required=required)
    if text is None:
        return None
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise errors.ValidationError("'%s' must be a whole positive number of %s, not '%s'"
                                     % (name, unit, text))
    return value


def refused(doc, names, reason):
    """400 naming the first attribute of ``names`` the document gives, which cannot be honoured."""
    for name in names:
        if doc.get(name) not in (None, ''):
            raise errors.ValidationError("'%s' cannot be chosen here: %s" % (name, reason))
