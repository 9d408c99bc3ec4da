"""Options of the EC2 driver: where it connects, how it retries, what it lists."""

from oslo_config import cfg

from iaas.conf import base as conf_base

GROUP = cfg.OptGroup('ec2', title='Amazon EC2 driver',
                     help='The provider a client names is the EC2 region; the credentials are '
                          'its HTTP Basic user (access key id) and password (secret key).')

# Deltacloud 1.1's EC2 providers first, then the regions opened since that need no opt-in.
DEFAULT_REGIONS = ['us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1',
                   'ap-northeast-1', 'sa-east-1', 'us-east-2', 'ca-central-1', 'eu-central-1',
                   'eu-west-2', 'eu-west-3', 'eu-north-1', 'ap-south-1', 'ap-northeast-2',
                   'ap-northeast-3', 'ap-southeast-2']

OPTS = [
    cfg.StrOpt('endpoint_url',
               help='EC2 endpoint for every region instead of the AWS one, e.g. an EC2 '
                    'emulator (moto_server) or an EC2-compatible cloud.'),
    cfg.StrOpt('default_region', default='us-east-1',
               help='Region used when a request names no provider.'),
    cfg.ListOpt('regions', default=DEFAULT_REGIONS,
                help='Regions listed as providers in /api/drivers/ec2. A request may name '
                     'any region; this list is what clients are offered.'),
    cfg.ListOpt('image_owners', default=['self', 'amazon'],
                help='Owners whose machine images /api/images lists without an owner_id '
                     'filter: "self" (the caller), account ids, or aliases such as "amazon" '
                     '(tens of thousands of images in most regions: list the accounts you '
                     'use instead where that is too many). Any image launches by id.'),
    cfg.ListOpt('instance_types', default=[],
                help='Instance types offered as hardware profiles, by name or wildcard '
                     '(t3.*, m7g.*); empty offers every type of the region.'),
    cfg.IntOpt('page_size', default=100, min=5, max=1000,
               help='Items per page of every paginated Describe call (fewer where EC2 '
                    'allows fewer: 100 instance types, 500 volumes).'),
    cfg.StrOpt('retry_mode', default='standard',
               choices=[('standard', 'exponential backoff with jitter, a retry quota'),
                        ('adaptive', 'standard, plus client-side rate limiting once '
                                     'EC2 throttles'),
                        ('legacy', 'botocore\'s older retry handler')],
               help='botocore retry mode; throttling (RequestLimitExceeded) and transient '
                    'errors are retried with backoff.'),
    cfg.IntOpt('max_attempts', default=5, min=1,
               help='Attempts per EC2 call, the first included.'),
    cfg.FloatOpt('connect_timeout', default=10.0, min=0.1,
                 help='Seconds to wait for a connection to the endpoint.'),
    cfg.FloatOpt('read_timeout', default=60.0, min=0.1,
                 help='Seconds to wait for an answer; a launch that times out may still '
                      'have happened, and is answered 504.'),
    cfg.IntOpt('client_cache_size', default=64, min=1,
               help='boto3 clients kept per region, one per set of credentials, most '
                    'recently used first.'),
    cfg.IntOpt('hardware_profile_cache_seconds', default=3600, min=0,
               help='Seconds the instance types of a region are cached; they are the same '
                    'for every account, and anonymous requests are answered from the cache.'),
    cfg.StrOpt('catalog_access_key_id',
               help='Access key used to list instance types for a request without '
                    'credentials (GET /api/hardware_profiles) when the cache is empty; EC2 '
                    'answers only signed requests.'),
    cfg.StrOpt('catalog_secret_access_key', secret=True,
               help='Secret key belonging to catalog_access_key_id.'),
]


def register_opts(conf):
    conf_base.register_group_opts(conf, GROUP, OPTS)


def list_opts():
    return {GROUP: OPTS}
