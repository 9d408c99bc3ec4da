"""Throttling is retried with backoff by botocore, over real HTTP.

moto never throttles, so a small local HTTP server answers RequestLimitExceeded (as EC2
does, HTTP 503) a few times before it answers the call; the driver and its boto3 client run
unchanged against it.
"""

import http.server
import threading

import pytest

from iaas import models
from iaas.drivers.ec2 import driver as ec2_driver

CTX = models.RequestContext(models.Credentials('AKIDEXAMPLE', 'secret'), provider='us-east-1')
THROTTLED = (b'<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error>'
             b'<Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message>'
             b'</Error></Errors><RequestID>r-1</RequestID></Response>')
ZONES = (b'<?xml version="1.0" encoding="UTF-8"?><DescribeAvailabilityZonesResponse '
         b'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-2</requestId>'
         b'<availabilityZoneInfo><item><zoneName>us-east-1a</zoneName>'
         b'<zoneState>available</zoneState><regionName>us-east-1</regionName>'
         b'<zoneType>availability-zone</zoneType></item></availabilityZoneInfo>'
         b'</DescribeAvailabilityZonesResponse>')


class ThrottlingEC2(http.server.BaseHTTPRequestHandler):
    """Answers the first ``throttle`` requests with RequestLimitExceeded, then the zones."""

    throttle = 0
    seen = 0

    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        cls = type(self)
        cls.seen += 1
        status, body = (503, THROTTLED) if cls.seen <= cls.throttle else (200, ZONES)
        self.send_response(status)
        self.send_header('Content-Type', 'text/xml')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def throttling_endpoint():
    handler = type('Handler', (ThrottlingEC2,), {'throttle': 1, 'seen': 0})
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d' % server.server_address[1], handler
    server.shutdown()
    server.server_close()


def test_throttled_calls_are_retried_until_they_pass(conf, throttling_endpoint):
    url, handler = throttling_endpoint
    conf.set_override('endpoint_url', url, 'ec2')
    conf.set_override('max_attempts', 2, 'ec2')
    realms = ec2_driver.EC2Driver(conf, provider='us-east-1').list_realms(CTX)
    assert [r.id for r in realms] == ['us-east-1a']
    assert handler.seen == 2  # throttled once, answered on the retry
