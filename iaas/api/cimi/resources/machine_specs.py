"""What a MachineTemplate says (config, image, credential, userData), read and checked.

Machines and machineTemplates share it: hrefs become driver ids, and every id is looked up in
the driver before anything is created, so an unknown href is a 400 naming it.
"""

import dataclasses

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import machine_configurations
from iaas import errors

IMAGES = kinds.driver_collection('images')
KEYS = kinds.driver_collection('keys')
CONFIGS = 'machineConfigurations'
IMAGE_SEGMENT = 'machineImages'
CREDENTIALS = 'credentials'


@dataclasses.dataclass
class MachineSpec:
    """Driver ids of a template's references (None when it does not give one)."""

    config_id: str = None
    image_id: str = None
    credential_id: str = None
    user_data: str = None

    def overridden_by(self, other):
        """This spec with every value ``other`` gives in its place."""
        return MachineSpec(**{field.name: getattr(other, field.name)
                              if getattr(other, field.name) is not None
                              else getattr(self, field.name)
                              for field in dataclasses.fields(self)})

    def stored(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_stored(cls, values):
        names = {field.name for field in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in values.items() if key in names})


def from_document(ctx, doc):
    """The spec a template document gives by value (``machineConfig``: {href}...)."""
    def object_id(attribute, segment):
        href = body.href(doc, attribute)
        return ctx.hrefs.object_id(href, segment, attribute) if href else None

    return MachineSpec(config_id=object_id('machineConfig', CONFIGS),
                       image_id=object_id('machineImage', IMAGE_SEGMENT),
                       credential_id=object_id('credential', CREDENTIALS),
                       user_data=body.text(doc, 'userData'))


def _exists(ctx, lookup, attribute, segment, object_id):
    try:
        lookup()
    except errors.NotFound:
        raise errors.ValidationError("%s '%s' does not exist" % (
            attribute, ctx.hrefs.member(segment, object_id))) from None


def check(ctx, spec):
    """400 unless the spec names a config and an image, and every reference exists."""
    if spec.image_id is None:
        raise errors.MissingParameter("'machineImage' is required (an href of %s)"
                                      % ctx.hrefs.collection(IMAGE_SEGMENT))
    if spec.config_id is None:
        raise errors.MissingParameter("'machineConfig' is required (an href of %s)"
                                      % ctx.hrefs.collection(CONFIGS))
    configs = machine_configurations.KIND
    _exists(ctx, lambda: configs.profile(ctx, spec.config_id), 'machineConfig', CONFIGS,
            spec.config_id)
    _exists(ctx, lambda: ctx.session.call(IMAGES, 'show', spec.image_id), 'machineImage',
            IMAGE_SEGMENT, spec.image_id)
    if spec.credential_id is not None:
        _exists(ctx, lambda: ctx.session.call(KEYS, 'show', spec.credential_id),
                'credential', CREDENTIALS, spec.credential_id)


def to_document(ctx, spec):
    """The template attributes of ``spec``, as references."""
    doc = {'machineConfig': documents.ref(ctx.hrefs.member(CONFIGS, spec.config_id)),
           'machineImage': documents.ref(ctx.hrefs.member(IMAGE_SEGMENT, spec.image_id))}
    if spec.credential_id is not None:
        doc['credential'] = documents.ref(ctx.hrefs.member(CREDENTIALS, spec.credential_id))
    if spec.user_data is not None:
        doc['userData'] = spec.user_data
    return doc
