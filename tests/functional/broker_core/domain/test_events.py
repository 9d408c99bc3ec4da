"""Events: recorded in the caller's transaction, scrubbed of secrets, queried page by page."""

import datetime
import decimal

import pytest

from broker_core import context as broker_context
from broker_core.db import api as db_api
from broker_core import errors
from broker_core import events


def test_record_takes_the_actor_from_the_context(database):
    context = broker_context.RequestContext(user_id='u-1', user_name='alice',
                                            request_id='req-42')
    event = events.record(context, 'pool.create', 'pool', 'p-1', pool_id='p-1',
                          details={'name': 'gold'})

    assert event['actor_id'] == 'u-1'
    assert event['actor_name'] == 'alice'
    assert event['request_id'] == 'req-42'
    assert event['outcome'] == 'success'
    [stored] = events.query(context)
    assert stored == event


def test_details_are_scrubbed_recursively(database, admin_context):
    details = {'name': 'a', 'password': 'p4ss', 'nested': {'Secret_Key': 'x', 'ok': 1,
                                                           'list': [{'token': 't'}, 'plain']},
               'credentials': {'username': 'u'}, 'api-key': 'k', 'public_key': 'ssh-rsa AAA',
               'pem': '-----BEGIN RSA PRIVATE KEY-----\nabc', 'price': decimal.Decimal('0.5')}
    event = events.record(admin_context, 'x.y', details=details)

    assert event['details'] == {
        'name': 'a', 'password': '***', 'nested': {'Secret_Key': '***', 'ok': 1,
                                                   'list': [{'token': '***'}, 'plain']},
        'credentials': '***', 'api-key': '***', 'public_key': 'ssh-rsa AAA', 'pem': '***',
        'price': '0.5'}
    assert details['password'] == 'p4ss'  # the caller's dict is left alone
    assert events.query(admin_context)[0]['details'] == event['details']


def test_an_event_is_part_of_the_callers_transaction(database, admin_context):
    @db_api.writer
    def fail_after_recording(context):
        events.record(context, 'doomed')
        raise RuntimeError('rolled back')

    with pytest.raises(RuntimeError):
        fail_after_recording(admin_context)
    assert events.query(admin_context) == []


@pytest.mark.parametrize('kwargs, field', [
    ({'type': ''}, 'type'), ({'type': 'x' * 65}, 'type'), ({'type': None}, 'type'),
    ({'type': 't', 'outcome': 'Bad Outcome'}, 'outcome'),
    ({'type': 't', 'details': ['no']}, 'details'),
])
def test_record_rejects_bad_input(database, admin_context, kwargs, field):
    with pytest.raises(errors.Invalid) as raised:
        events.record(admin_context, **kwargs)
    assert field in str(raised.value)
    assert events.query(admin_context) == []


def test_query_is_newest_first_and_pages_with_a_marker(database, admin_context):
    for number in range(5):
        events.record(admin_context, 'e%d' % number)

    first = events.query(admin_context, limit=2)
    second = events.query(admin_context, limit=2, marker=first[-1]['id'])
    third = events.query(admin_context, limit=2, marker=second[-1]['id'])

    assert [e['type'] for e in first + second + third] == ['e4', 'e3', 'e2', 'e1', 'e0']
    assert events.query(admin_context, marker=third[-1]['id']) == []


def test_query_filters(database, admin_context):
    other = broker_context.RequestContext(user_id='u-2', user_name='bob')
    events.record(admin_context, 'account.create', 'account', 'a-1', account_id='a-1')
    events.record(other, 'pool.create', 'pool', 'p-1', pool_id='p-1')
    events.record(other, 'pool.update', 'pool', 'p-2', pool_id='p-2', outcome='failure')

    def types(**filters):
        return [e['type'] for e in events.query(admin_context, **filters)]

    assert types(user_id='u-2') == ['pool.update', 'pool.create']
    assert types(pool_id='p-1') == ['pool.create']
    assert types(account_id='a-1') == ['account.create']
    assert types(object_type='pool', object_id='p-2') == ['pool.update']
    assert types(type='account.create') == ['account.create']


def test_query_by_time(database, admin_context):
    events.record(admin_context, 'old')
    middle = datetime.datetime.now(datetime.timezone.utc)
    events.record(admin_context, 'new')

    assert [e['type'] for e in events.query(admin_context, since=middle)] == ['new']
    assert [e['type'] for e in events.query(admin_context, until=middle.isoformat())] == ['old']
    far = middle + datetime.timedelta(days=1)
    assert events.query(admin_context, since=far) == []


@pytest.mark.parametrize('kwargs, field', [
    ({'limit': 0}, 'limit'), ({'limit': 1001}, 'limit'), ({'limit': '5'}, 'limit'),
    ({'limit': True}, 'limit'), ({'marker': 'abc'}, 'marker'), ({'marker': 0}, 'marker'),
    ({'marker': 2 ** 63}, 'marker'),
    ({'since': 'yesterday'}, 'since'), ({'until': 5}, 'until'),
    ({'since': datetime.datetime(2030, 1, 1), 'until': datetime.datetime(2020, 1, 1)}, 'since'),
])
def test_query_rejects_bad_bounds(database, admin_context, kwargs, field):
    with pytest.raises(errors.Invalid) as raised:
        events.query(admin_context, **kwargs)
    assert raised.value.kwargs['field'] == field
