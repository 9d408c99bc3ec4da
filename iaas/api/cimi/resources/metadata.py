"""``/cimi/resourceMetadata``: the resource types served here, their capabilities and actions.

One ResourceMetadata per supported kind, named by its type (``/resourceMetadata/Machine``),
built from what the kind declares; never listed for a collection the driver lacks.
"""

from iaas.api.cimi import documents
from iaas.api.cimi import kinds as kinds_mod
from iaas import errors


class ResourceMetadataKind(kinds_mod.Kind):
    type_name = 'ResourceMetadata'
    segment = 'resourceMetadata'
    entry_key = 'resourceMetadata'
    item_names = {'constraints': 'constraint'}

    def __init__(self, kinds):
        self.kinds = kinds

    def _document(self, ctx, kind):
        doc = self.start_document(ctx, kind.type_name, name=kind.type_name)
        doc['typeURI'] = documents.type_uri(kind.type_name)
        doc['attributes'] = kind.attributes(ctx) or None
        doc['capabilities'] = kind.capabilities(ctx) or None
        doc['actions'] = kind.actions(ctx) or None
        return documents.finish(doc)

    def _described(self, ctx):
        return [kind for kind in self.kinds.supported(ctx) if kind is not self]

    def list(self, ctx):
        return [self._document(ctx, kind) for kind in self._described(ctx)]

    def get(self, ctx, object_id):
        for kind in self._described(ctx):
            if kind.type_name == object_id:
                return self._document(ctx, kind)
        raise errors.NotFound("No resource type '%s' is served here" % object_id)
