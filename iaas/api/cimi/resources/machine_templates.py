"""``/cimi/machineTemplates``: templates kept in the CIMI store, per user, driver and provider.

A MachineTemplateCreate carries the template either inside ``machineTemplate`` or, as some
clients send it, at its top level; its references are checked against the driver first.
"""

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import machine_specs
from iaas.api.cimi import timestamps
from iaas import errors
from iaas import models

STORE_KIND = 'machineTemplate'


class MachineTemplates(kinds.Kind):
    type_name = 'MachineTemplate'
    segment = 'machineTemplates'
    entry_key = 'machineTemplates'
    requires = ('hardware_profiles.index', 'images.index', 'instances.create')
    creatable = True
    deletable = True
    create_types = ('MachineTemplateCreate', 'MachineTemplate')

    def document(self, ctx, template_id, stored):
        doc = self.start_document(ctx, template_id, name=stored.get('name'),
                                  description=stored.get('description'),
                                  created=stored.get('created'),
                                  properties=stored.get('properties'))
        doc.update(machine_specs.to_document(
            ctx, machine_specs.MachineSpec.from_stored(stored['spec'])))
        return documents.finish(doc, [self.delete_operation(ctx, template_id)])

    def list(self, ctx):
        return [self.document(ctx, template_id, stored)
                for template_id, stored in ctx.store.list(STORE_KIND)]

    def stored(self, ctx, template_id):
        """The stored template; NotFound for an id this caller does not have."""
        stored = ctx.store.get(STORE_KIND, template_id)
        if stored is None:
            raise errors.NotFound("Machine template '%s' not found" % template_id)
        return stored

    def get(self, ctx, object_id):
        return self.document(ctx, object_id, self.stored(ctx, object_id))

    def create(self, ctx, doc):
        template = doc.get('machineTemplate', doc)
        if not isinstance(template, dict):
            raise errors.ValidationError("'machineTemplate' must hold the template's attributes")
        spec = machine_specs.from_document(ctx, template)
        machine_specs.check(ctx, spec)
        stored = {'name': body.text(doc, 'name'), 'description': body.text(doc, 'description'),
                  'properties': body.properties(doc),
                  'created': timestamps.iso8601(models.utc_timestamp()),
                  'spec': spec.stored()}
        template_id = ctx.store.new_id()
        ctx.store.put(STORE_KIND, template_id, stored)
        return self.document(ctx, template_id, stored)

    def delete(self, ctx, object_id):
        if not ctx.store.delete(STORE_KIND, object_id):
            raise errors.NotFound("Machine template '%s' not found" % object_id)


KIND = MachineTemplates()
