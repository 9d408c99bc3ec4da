"""The ``ec2`` driver: loadable and listed, advertising no operation until it talks to EC2."""

from iaas import driver
from iaas import models
from iaas import states

# Regions Deltacloud 1.1's EC2 driver offered as providers, us-east-1 first as its default.
REGIONS = ('us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1',
           'ap-northeast-1', 'sa-east-1')


class EC2Driver(driver.Driver):
    """Amazon EC2 by region; every operation answers 412 (OperationNotSupported) for now."""

    name = 'ec2'
    display_name = 'Amazon Elastic Compute Cloud'
    state_machine = states.EC2_LIKE
    FEATURES = {}

    @classmethod
    def providers(cls, conf):
        return [models.Provider(region, 'https://ec2.%s.amazonaws.com' % region)
                for region in REGIONS]

    def supported_operations(self, context):
        """None: the required methods below are overridden only to refuse, not to work."""
        return frozenset()

    def list_realms(self, context, **filters):
        driver.not_supported('realms.index')

    def list_hardware_profiles(self, context, **filters):
        driver.not_supported('hardware_profiles.index')

    def list_images(self, context, **filters):
        driver.not_supported('images.index')

    def list_instances(self, context, **filters):
        driver.not_supported('instances.index')

    def create_instance(self, context, spec):
        driver.not_supported('instances.create')

    def destroy_instance(self, context, instance_id):
        driver.not_supported('instances.destroy')
