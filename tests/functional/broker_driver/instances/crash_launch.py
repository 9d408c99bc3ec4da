"""One launch through the broker driver in a process of its own, for the crash tests.

``python -m tests.functional.broker_driver.instances.crash_launch '<json>'`` with state_path,
database (URL), user, password, image_id and idempotency_key; the test sets
BROKER_TEST_CRASH_POINT so the process ends where a crash would. Prints the instance id
as JSON when it gets that far.
"""

import json
import sys

from broker_core import conf as broker_conf
from broker_driver import driver as broker_driver
from iaas import models


def main(argv):
    args = json.loads(argv[1])
    conf = broker_conf.build([])
    conf.set_override('state_path', args['state_path'])
    conf.set_override('connection', args['database'], group='database')
    driver = broker_driver.BrokerDriver(conf)
    context = models.RequestContext(models.Credentials(args['user'], args['password']))
    spec = models.InstanceSpec(image_id=args['image_id'], realm_id='gold',
                               hardware_profile_id='m1-small',
                               extra={'idempotency_key': args['idempotency_key']})
    created, = driver.create_instance(context, spec)
    print(json.dumps({'id': created.id}))


if __name__ == '__main__':
    main(sys.argv)
