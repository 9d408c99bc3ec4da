"""/v1/webhooks: subscriptions with write-only secrets, their delivery log, the callbacks' log."""

from broker_core.db import api as db_api
from broker_core.db import models
from broker_core import events
from broker_core.webhooks import dispatcher as dispatcher_mod
from tests.functional.broker_core.state import receiver as receiver_mod
from tests.functional.broker_mgmt.helpers import assert_refused

SECRET = 'subscriber-S3cret-value'


def test_crud_of_a_subscription_never_shows_its_secret(api, admin_context):
    hook = api.create('/webhooks', {'url': 'https://example.com/hook', 'secret': SECRET,
                                    'event_types': ['instance.*'], 'description': 'ops'})
    assert hook['secret_set'] is True and 'secret' not in hook
    assert api.items('/webhooks', 'webhooks') == [hook]
    changed = api.patch('/webhooks/%s' % hook['id'],
                        {'enabled': False, 'secret': 'another-S3cret-value'})
    assert changed.status_code == 200 and changed.json['enabled'] is False
    assert api.items('/webhooks', 'webhooks', enabled='true') == []
    everything = str([api.get('/webhooks/%s' % hook['id']).text,
                      api.get('/webhooks').text, events.query(admin_context)])
    assert SECRET not in everything and 'another-S3cret-value' not in everything
    assert api.delete('/webhooks/%s' % hook['id']).status_code == 204
    assert api.get('/webhooks/%s' % hook['id']).status_code == 404


def test_bad_subscriptions_are_refused_and_store_nothing(api, admin_context, conf):
    own = 'http://127.0.0.1:%d/broker/v1/users' % conf.api.port
    for body, field in (({'url': own, 'secret': SECRET}, 'url'),
                        ({'url': 'ftp://example.com/x', 'secret': SECRET}, 'url'),
                        ({'url': 'https://example.com/x', 'secret': 'short'}, 'secret'),
                        ({'url': 'https://example.com/x', 'secret': SECRET,
                          'pool_ids': ['no-such-pool']}, 'pool_ids'),
                        ({'url': 'https://example.com/x', 'secret': SECRET,
                          'event_types': ['Not A Type']}, 'event_types')):
        assert_refused(api, admin_context, 'POST', '/webhooks', 400, field, json=body)


def test_only_admins_subscribe(user_api, api):
    assert user_api.post('/webhooks', {'url': 'https://example.com/x',
                                       'secret': SECRET}).status_code == 403
    assert user_api.get('/webhooks').status_code == 403


def test_the_delivery_log_shows_attempts_and_answers(api, admin_context, conf, broker):
    conf.set_override('backoff_base', 0.0, group='webhooks')
    with receiver_mod.Receiver(statuses=[500]) as receiver:
        hook = api.create('/webhooks', {'url': receiver.url, 'secret': SECRET,
                                        'event_types': ['test.*']})
        _event(admin_context)
        dispatcher = dispatcher_mod.Dispatcher(conf, broker, 'worker-1')
        try:
            dispatcher.run_once(admin_context)
            dispatcher.run_once(admin_context)
        finally:
            dispatcher.close()
    [delivery] = api.items('/webhooks/%s/deliveries' % hook['id'], 'deliveries')
    assert (delivery['status'], delivery['attempts'], delivery['last_status_code']) == \
        ('delivered', 2, 200)
    attempts = api.items('/webhooks/%s/attempts' % hook['id'], 'attempts')
    assert [(a['attempt'], a['status_code'], a['outcome']) for a in attempts] == [
        (2, 200, 'delivered'), (1, 500, 'retry')]
    assert api.items('/webhooks/%s/deliveries' % hook['id'], 'deliveries',
                     status='failed') == []
    assert api.items('/webhook_deliveries', 'deliveries') == []
    assert api.items('/webhook_deliveries', 'deliveries', channel='notification') == []
    assert api.get('/webhook_deliveries', params={'channel': 'other'}).status_code == 400


@db_api.writer
def _event(context):
    events.record(context, 'test.happened', 'thing', 'x')
    return context.session.query(models.WebhookDelivery).count()
