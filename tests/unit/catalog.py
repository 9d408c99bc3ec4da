"""A small in-memory driver: the required operations only, over a catalog given to it."""

from iaas import driver
from iaas import errors
from iaas import models
from iaas.hardware import HardwareProfile


def profiles():
    return [
        HardwareProfile.build('small', cpu=1, memory=1024, architecture='i386'),
        HardwareProfile.build('large', cpu=(1, 4), memory=(4096, 8192), storage=[100, 200],
                              architecture='x86_64'),
        HardwareProfile.build('opaque'),
    ]


class CatalogDriver(driver.Driver):
    """Realms, profiles and images from lists; instances in a dict."""

    name = 'catalog'

    def __init__(self, conf=None, provider=None, realms=None, hardware=None, images=None):
        super().__init__(conf, provider)
        self.realms = realms if realms is not None else [
            models.Realm('r1', 'One'), models.Realm('r2', 'Two')]
        self.hardware = hardware if hardware is not None else profiles()
        self.images = images if images is not None else [
            models.Image('i386-img', 'i386-img', architecture='i386'),
            models.Image('x64-img', 'x64-img', architecture='x86_64'),
            models.Image('any-img', 'any-img')]
        self.instances = {}

    def list_realms(self, context, **filters):
        if context.credentials is None or context.credentials.password != 'secret':
            raise errors.AuthenticationFailure()
        return driver.apply_filters(self.realms, **filters)

    def list_hardware_profiles(self, context, **filters):
        return driver.apply_filters(self.hardware, **filters)

    def list_images(self, context, **filters):
        return driver.apply_filters(self.images, **filters)

    def list_instances(self, context, **filters):
        return driver.apply_filters(self.instances.values(), **filters)

    def create_instance(self, context, spec):
        raise errors.NotImplementedFeature()

    def destroy_instance(self, context, instance_id):
        self.instances.pop(instance_id)
