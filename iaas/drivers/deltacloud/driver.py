"""The ``deltacloud`` driver: a remote Deltacloud 1.1 API, in JSON, with the caller's login."""

from lxml import etree

from iaas import errors
from iaas import models
from iaas.drivers.deltacloud import core
from iaas.drivers.deltacloud import endpoint as endpoint_mod
from iaas.drivers.deltacloud import mappers
from iaas.drivers.deltacloud import network
from iaas.drivers.deltacloud import storage

XML_TYPE = 'application/xml'


def instance_form(spec):
    """The form of ``POST /api/instances`` for an InstanceSpec."""
    form = {'image_id': spec.image_id, 'realm_id': spec.realm_id,
            'hwp_id': spec.hardware_profile_id, 'name': spec.name, 'keyname': spec.keyname,
            'user_data': spec.user_data, 'password': spec.password,
            'load_balancer_id': spec.load_balancer_id, 'snapshot_id': spec.snapshot_id,
            'device_name': spec.device_name, 'metrics': spec.metrics,
            'callback': spec.extra.get('callback_url')}
    if spec.instance_count != 1:
        form['instance_count'] = spec.instance_count
    for name, value in spec.hardware_profile_overrides.items():
        form['hwp_' + name] = value
    for n, firewall_id in enumerate(spec.firewall_ids, 1):
        form['firewalls%d' % n] = firewall_id
    return form


def _has_architecture(profile, architecture):
    prop = profile.properties.get('architecture')
    return prop is not None and prop.accepts(architecture)


class DeltacloudDriver(storage.StorageMixin, network.NetworkMixin, core.RemoteCore):
    """One remote Deltacloud API per provider string, shared by every caller of it.

    The provider string is the remote's URL, optionally naming the remote's own driver and
    provider: ``http://host:3001/api;driver=mock;provider=east`` (see
    :func:`.endpoint.parse_provider`). Through the front end it is sent as the
    ``X-Deltacloud-Provider`` header, since matrix parameters cannot carry its ``/``. The
    operations and features are what that remote advertises (see :mod:`.capabilities`).
    Hardware profiles are read from the remote's XML, the one form with ranges and enums.
    """

    name = 'deltacloud'
    display_name = 'Remote Deltacloud API'
    FEATURES = {}  # the remote's, per provider: see supported_features

    @classmethod
    def providers(cls, conf):
        if not conf.deltacloud.default_url:
            return []
        found = endpoint_mod.parse_provider(conf.deltacloud.default_url)
        return [models.Provider(conf.deltacloud.default_url, found.api_url)]

    # -- realms and hardware profiles -------------------------------------------------------

    def list_realms(self, context, **filters):
        return self._list(context, 'realms', filters)

    def get_realm(self, context, realm_id):
        return self._get(context, 'realms', realm_id)

    def _profiles(self, context, path, operation, params=None):
        """Profiles from the remote's XML, the one form that shows ranges and enums."""
        response = self._request(context, operation, 'GET', path, as_json=False,
                                 params=params, headers={'Accept': XML_TYPE})
        try:
            return mappers.hardware_profiles_xml(response.content)
        except (etree.LxmlError, ValueError, TypeError, AttributeError,
                errors.ValidationError):
            raise errors.ProviderError('The remote Deltacloud API sent hardware profiles '
                                       'this driver cannot read') from None

    def list_hardware_profiles(self, context, **filters):
        architecture = filters.pop('architecture', None)
        params = {'architecture': architecture} if architecture else None
        found = self._profiles(context, '/hardware_profiles', 'hardware_profiles.index', params)
        if architecture:
            found = [p for p in found if _has_architecture(p, architecture)]
        return self._filtered(context, found, filters)

    def get_hardware_profile(self, context, profile_id):
        found = self._profiles(context, '/hardware_profiles/' + core.quote(profile_id),
                               'hardware_profiles.show')
        if len(found) != 1:
            raise errors.ProviderError('The remote Deltacloud API sent no hardware profile')
        return found[0]

    # -- images -----------------------------------------------------------------------------

    def list_images(self, context, **filters):
        return self._list(context, 'images', filters)

    def get_image(self, context, image_id):
        return self._get(context, 'images', image_id)

    def create_image(self, context, instance_id, name=None, description=None):
        return self._create(context, 'images', {'instance_id': instance_id, 'name': name,
                                                'description': description})

    def destroy_image(self, context, image_id):
        self._destroy(context, 'images', image_id)

    # -- instances --------------------------------------------------------------------------

    def _observed(self, instances):
        machine = self.state_machine
        for instance in instances:
            self.capabilities.observe_instance(instance, machine)
        return instances

    def list_instances(self, context, **filters):
        return self._observed(self._list(context, 'instances', filters))

    def get_instance(self, context, instance_id):
        return self._observed([self._get(context, 'instances', instance_id)])[0]

    def create_instance(self, context, spec):
        key = spec.extra.get('idempotency_key')
        created = self._create(context, 'instances', instance_form(spec),
                               headers={'Idempotency-Key': key} if key else None)
        return self._observed(created if isinstance(created, list) else [created])

    def destroy_instance(self, context, instance_id):
        self._destroy(context, 'instances', instance_id)

    def _instance_action(self, context, instance_id, action):
        found = self._action(context, 'instances', instance_id, action)
        return self._observed([found])[0] if found is not None else None

    def start_instance(self, context, instance_id):
        return self._instance_action(context, instance_id, 'start')

    def stop_instance(self, context, instance_id):
        return self._instance_action(context, instance_id, 'stop')

    def reboot_instance(self, context, instance_id):
        return self._instance_action(context, instance_id, 'reboot')

    # -- keys -------------------------------------------------------------------------------

    def list_keys(self, context, **filters):
        return self._list(context, 'keys', filters)

    def get_key(self, context, key_id):
        return self._get(context, 'keys', key_id)

    def create_key(self, context, name, public_key=None):
        return self._create(context, 'keys', {'name': name, 'public_key': public_key})

    def destroy_key(self, context, key_id):
        self._destroy(context, 'keys', key_id)

    # -- metrics ----------------------------------------------------------------------------

    def list_metrics(self, context, **filters):
        return self._list(context, 'metrics', filters)

    def get_metric(self, context, metric_id):
        return self._get(context, 'metrics', metric_id)
