"""Absolute hrefs of the API and what every view needs to know about the driver."""

from urllib import parse

from iaas import collections

# Ids appear in paths as they are, as Deltacloud did, except what would break the path.
_SAFE = "-._~!$&'()*+,=:@"


def quote(value):
    return parse.quote(str(value), safe=_SAFE)


class Hrefs:
    """``http://host[/root]/api/...`` from the request's own scheme, host and prefix."""

    def __init__(self, prefix):
        self.api = prefix + '/api'

    def collection(self, name):
        return '%s/%s' % (self.api, name)

    def member(self, name, object_id):
        return '%s/%s/%s' % (self.api, name, quote(object_id))

    def action(self, name, object_id, action):
        return '%s/%s' % (self.member(name, object_id), action)

    def blob(self, bucket_id, blob_id):
        return '%s/%s' % (self.member('buckets', bucket_id), quote(blob_id))


class View:
    """The request-wide inputs of a renderer: hrefs and the driver's capabilities."""

    def __init__(self, prefix, session):
        self.hrefs = Hrefs(prefix)
        self.session = session

    def supports(self, collection, operation):
        return self.session.supports(collections.operation_name(collection, operation))

    @property
    def driver_name(self):
        return self.session.driver_name

    @property
    def provider(self):
        return self.session.provider

    @property
    def state_machine(self):
        return self.session.driver.state_machine


def ref(hrefs, collection, rel, object_id):
    """A JSON reference to another object: ``{"id", "href", "rel"}``."""
    return {'id': object_id, 'href': hrefs.member(collection, object_id), 'rel': rel}


def number(value):
    """A property value as Deltacloud printed it: ``1``, ``1740.8``, ``x86_64``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def instance_actions(instance, view):
    """``[(rel, href, method)]``: the state's actions the driver supports, then create_image."""
    hrefs = view.hrefs
    actions = []
    for action in view.state_machine.actions(instance.state or ''):
        if action == 'create' or not view.supports('instances', action):
            continue
        if action == 'destroy':
            actions.append(('destroy', hrefs.member('instances', instance.id), 'delete'))
        else:
            actions.append((action, hrefs.action('instances', instance.id, action), 'post'))
    if instance.create_image and view.supports('images', 'create'):
        actions.append(('create_image', '%s;instance_id=%s' % (
            hrefs.collection('images'), quote(instance.id)), 'post'))
    return actions
