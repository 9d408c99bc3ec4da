"""``/cimi/machines``: the driver's instances as Machines; create, delete and their actions.

States are CIMI's (RUNNING is STARTED, PENDING is CREATING, SHUTTING_DOWN, the way to
termination, is DELETING); a terminated instance (FINISH) is gone, as CIMI sees it. cpu and
memory (KiB) come from the hardware profile and the instance's overrides. The realm is the
``realm`` property of a MachineCreate, else the driver's default; name, description and
properties the driver cannot keep live in the CIMI store. The ``disks`` and ``volumes``
references name the machine's sub-collections.
"""

from iaas.api.cimi import body
from iaas.api.cimi import documents
from iaas.api.cimi import kinds
from iaas.api.cimi.resources import machine_actions
from iaas.api.cimi.resources import machine_configurations
from iaas.api.cimi.resources import machine_specs
from iaas.api.cimi.resources import machine_templates
from iaas.api.cimi import timestamps
from iaas.api.deltacloud import forms
from iaas.api.deltacloud import params as params_mod
from iaas import errors
from iaas import models
from iaas import states

INSTANCES = kinds.driver_collection('instances')
HARDWARE_PROFILES = kinds.driver_collection('hardware_profiles')
STORE_KIND = 'machine'
STATES = {states.START: 'CREATING', states.PENDING: 'CREATING', states.RUNNING: 'STARTED',
          states.STOPPING: 'STOPPING', states.STOPPED: 'STOPPED',
          states.SHUTTING_DOWN: 'DELETING', states.ERROR: 'ERROR'}
REALM_PROPERTY = 'realm'


def cimi_state(state):
    return STATES.get((state or '').upper(), 'ERROR')


def gone(instance):
    return (instance.state or '').upper() == states.FINISH


class Machines(kinds.DriverKind):
    type_name = 'Machine'
    segment = 'machines'
    entry_key = 'machines'
    requires = ('instances.index',)
    creatable = True
    deletable = True
    create_types = ('MachineCreate',)
    delete_status = 202  # the cloud takes the machine down after answering
    collection = INSTANCES
    store_kind = STORE_KIND

    # -- reading ------------------------------------------------------------------------------

    def _profiles(self, ctx):
        return ctx.cached('profiles', lambda: {
            p.id: p for p in ctx.session.call(HARDWARE_PROFILES, 'index')})

    def _properties(self, ctx, instance, stored):
        properties = dict(stored.get('properties') or {})
        hrefs = ctx.hrefs
        properties[REALM_PROPERTY] = instance.realm_id
        properties['machineImage'] = hrefs.member(machine_specs.IMAGE_SEGMENT, instance.image_id)
        properties['machineConfig'] = hrefs.member(machine_specs.CONFIGS,
                                                   instance.hardware_profile_id)
        if instance.keyname:
            properties['credential'] = hrefs.member(machine_specs.CREDENTIALS, instance.keyname)
        return {key: value for key, value in properties.items() if value}

    def document(self, ctx, instance, stored):
        doc = self.start_document(ctx, instance.id, name=instance.name,
                                  description=stored.get('description'),
                                  created=timestamps.iso8601(instance.launch_time),
                                  properties=self._properties(ctx, instance, stored))
        doc['state'] = cimi_state(instance.state)
        profile = self._profiles(ctx).get(instance.hardware_profile_id)
        if profile is not None:
            values = dict(profile.defaults(), **instance.hardware_profile_overrides)
            sizing = machine_configurations.sizing(values)
            sizing.pop('disks', None)  # a machine's disks are its sub-collection
            doc.update(sizing)
        doc['disks'] = documents.ref(ctx.hrefs.sub(self.segment, instance.id, 'disks'))
        doc['volumes'] = documents.ref(ctx.hrefs.sub(self.segment, instance.id, 'volumes'))
        return documents.finish(doc, self.operations(ctx, instance))

    def operations(self, ctx, instance):
        """What the machine's state allows and the driver supports; delete first."""
        operations = []
        if self.deletable_now(ctx, instance):
            operations.append(self.delete_operation(ctx, instance.id))
        for action in machine_actions.allowed(ctx, instance):
            operations.append(documents.operation(
                documents.action_uri(action),
                ctx.hrefs.sub(self.segment, instance.id, action)))
        return operations

    def list(self, ctx):
        return self.documents(ctx, [i for i in ctx.session.call(INSTANCES, 'index')
                                    if not gone(i)])

    def instance(self, ctx, object_id):
        instance = ctx.session.call(INSTANCES, 'show', object_id)
        if gone(instance):
            raise errors.NotFound("Machine '%s' no longer exists" % object_id)
        return instance

    def get(self, ctx, object_id):
        return self.object_document(ctx, self.instance(ctx, object_id))

    # -- creating -----------------------------------------------------------------------------

    def _template_spec(self, ctx, template):
        spec = machine_specs.MachineSpec()
        href = body.text(template, 'href')
        if href:
            template_id = ctx.hrefs.object_id(href, machine_templates.KIND.segment,
                                              'machineTemplate')
            try:
                stored = machine_templates.KIND.stored(ctx, template_id)
            except errors.NotFound:
                raise errors.ValidationError("machineTemplate '%s' does not exist"
                                             % href) from None
            spec = machine_specs.MachineSpec.from_stored(stored['spec'])
        return spec.overridden_by(machine_specs.from_document(ctx, template))

    def create(self, ctx, doc):
        ctx.session.require(INSTANCES, 'create')
        template = doc.get('machineTemplate')
        if not isinstance(template, dict):
            raise errors.MissingParameter("'machineTemplate' is required: an href of %s or "
                                          "the template's attributes"
                                          % ctx.hrefs.collection('machineTemplates'))
        spec = self._template_spec(ctx, template)
        machine_specs.check(ctx, spec)
        properties = body.properties(doc)
        stored = {'description': body.text(doc, 'description'), 'properties': properties}
        # Reach the store before launching: nothing must be created that cannot be recorded.
        scope = ctx.store
        launch = models.InstanceSpec(
            image_id=spec.image_id, hardware_profile_id=spec.config_id,
            realm_id=properties.get(REALM_PROPERTY), name=body.text(doc, 'name'),
            keyname=spec.credential_id, user_data=spec.user_data,
            extra=forms.instance_extras(params_mod.Params(), ctx.idempotency_key))
        instance = ctx.session.call(INSTANCES, 'create', launch)[0]
        if stored['description'] or properties:
            scope.put(STORE_KIND, instance.id, stored)
        return self.document(ctx, instance, stored)

    # -- deleting -----------------------------------------------------------------------------

    def deletable_now(self, ctx, instance):
        return (ctx.session.supports('instances.destroy')
                and machine_actions.destroy_path(ctx, instance.state) is not None)

    def delete(self, ctx, object_id):
        instance = self.instance(ctx, object_id)
        path = machine_actions.destroy_path(ctx, instance.state)
        if path is None:
            raise errors.MethodNotAllowed(
                "Machine '%s' cannot be deleted while it is %s"
                % (object_id, cimi_state(instance.state)))
        for action in path:
            ctx.session.call(INSTANCES, action, object_id)
        ctx.store.delete(STORE_KIND, object_id)

    # -- metadata -----------------------------------------------------------------------------

    def capabilities(self, ctx):
        uri = documents.NAMESPACE + '/capability/Machine/'
        return [
            {'name': 'MachineConfigByValue', 'uri': uri + 'MachineConfigByValue',
             'description': 'A MachineCreate may give the configuration by value',
             'value': False},
            {'name': 'UserData', 'uri': uri + 'UserData',
             'description': 'A machine template may carry userData (base64)',
             'value': ctx.driver.has_feature(ctx.context, 'instances', 'user_data')},
        ]

    def actions(self, ctx):
        return machine_actions.metadata(ctx)


KIND = Machines()


def add_routes(app, kind):
    machine_actions.add_routes(app, kind)
