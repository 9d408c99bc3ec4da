"""The request context: who calls, and the transaction it carries."""

from broker_core import context


def test_admin_role_makes_an_admin():
    assert context.RequestContext(roles=['admin']).is_admin
    assert not context.RequestContext(roles=['viewer']).is_admin
    assert context.RequestContext(is_admin=True).is_admin


def test_admin_context_and_request_ids():
    first, second = context.RequestContext.admin(), context.RequestContext.admin()
    assert first.is_admin and first.user_name == 'broker'
    assert first.request_id.startswith('req-') and first.request_id != second.request_id
    assert context.RequestContext(request_id='req-1').request_id == 'req-1'


def test_plain_values_for_logs():
    ctx = context.RequestContext(user_id='u1', user_name='alice', roles=['viewer'],
                                 request_id='req-1')
    assert ctx.to_dict() == {'user_id': 'u1', 'user_name': 'alice', 'roles': ['viewer'],
                             'is_admin': False, 'request_id': 'req-1'}
    assert repr(ctx) == '<RequestContext user=alice request=req-1 admin=False>'
