"""``/cimi/machineTemplates``: templates kept in the CIMI store, per user, driver and provider.

A MachineTemplateCreate carries the template either inside ``machineTemplate`` or, as some
clients send it, at its top level; its references are checked against the driver first.
"""

from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import machine_specs
from iaas import errors

STORE_KIND = 'machineTemplate'


class MachineTemplates(kinds.StoredKind):
    type_name = 'MachineTemplate'
    segment = 'machineTemplates'
    entry_key = 'machineTemplates'
    requires = ('hardware_profiles.index', 'images.index', 'instances.create')
    creatable = True
    deletable = True
    create_types = ('MachineTemplateCreate', 'MachineTemplate')
    store_kind = STORE_KIND
    label = 'Machine template'

    def document(self, ctx, template_id, stored):
        doc = super().document(ctx, template_id, stored)
        doc.update(machine_specs.to_document(
            ctx, machine_specs.MachineSpec.from_stored(stored['spec'])))
        return documents.finish(doc, [self.delete_operation(ctx, template_id)])

    def create(self, ctx, doc):
        template = doc.get('machineTemplate', doc)
        if not isinstance(template, dict):
            raise errors.ValidationError("'machineTemplate' must hold the template's attributes")
        spec = machine_specs.from_document(ctx, template)
        machine_specs.check(ctx, spec)
        return self.add(ctx, dict(self.new_entry(doc), spec=spec.stored()))


KIND = MachineTemplates()
