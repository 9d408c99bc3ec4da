"""The authorization table, every action for every role, written out as the specification."""

import pytest

from broker_core import context as broker_context
from broker_core import errors
from broker_core import policy

ME, OTHER, P, Q = 'user-me', 'user-other', 'pool-p', 'pool-q'

# Who asks: each holds one role, globally (upper case) or on pool P (lower case).
SUBJECTS = {
    'A': ['admin'],
    'PA': ['pool_admin'], 'pa': [policy.role_token('pool_admin', P)],
    'PU': ['pool_user'], 'pu': [policy.role_token('pool_user', P)],
    'V': ['viewer'], 'v': [policy.role_token('viewer', P)],
    'N': [],
}
# On what: nothing in particular, a pool, or an object of ME or OTHER in a pool.
TARGETS = {
    'none': None,
    'P': {'pool_id': P}, 'Q': {'pool_id': Q},
    'mine@P': {'pool_id': P, 'owner_id': ME},
    'other@P': {'pool_id': P, 'owner_id': OTHER},
    'other@Q': {'pool_id': Q, 'owner_id': OTHER},
}
EVERYONE = 'A PA pa PU pu V v N'


def _by_target(none, p, q, mine, other_p, other_q):
    return dict(zip(TARGETS, (none, p, q, mine, other_p, other_q)))


ADMIN_ONLY = _by_target(*['A'] * 6)
POOL_READ = _by_target('A PA V', 'A PA pa V v', 'A PA V', EVERYONE, 'A PA pa V v', 'A PA V')
ACT = _by_target('A PA', 'A PA pa', 'A PA', EVERYONE, 'A PA pa', 'A PA')
OPERATOR_READ = _by_target(*['A PA pa V'] * 6)

EXPECTED = {
    'pool:create': ADMIN_ONLY,
    'pool:read': _by_target('A PA PU V', 'A PA pa PU pu V v', 'A PA PU V',
                            'A PA pa PU pu V v', 'A PA pa PU pu V v', 'A PA PU V'),
    'pool:use': _by_target('A PA PU', 'A PA pa PU pu', 'A PA PU', 'A PA pa PU pu', 'A', 'A'),
    'pool:update': _by_target('A PA', 'A PA pa', 'A PA', 'A PA pa', 'A PA pa', 'A PA'),
    'pool:delete': ADMIN_ONLY,
    'provider:create': ADMIN_ONLY, 'provider:read': OPERATOR_READ,
    'provider:update': ADMIN_ONLY, 'provider:delete': ADMIN_ONLY,
    'account:create': ADMIN_ONLY, 'account:read': OPERATOR_READ,
    'account:update': ADMIN_ONLY, 'account:delete': ADMIN_ONLY,
    'catalog:read': _by_target(*[EVERYONE] * 6),
    'catalog:create': ADMIN_ONLY, 'catalog:update': ADMIN_ONLY, 'catalog:delete': ADMIN_ONLY,
    'user:create': ADMIN_ONLY,
    'user:read': _by_target('A V', 'A V', 'A V', EVERYONE, 'A V', 'A V'),
    'user:list': _by_target(*['A V'] * 6),
    'user:update': ADMIN_ONLY,
    'user:password': _by_target('A', 'A', 'A', EVERYONE, 'A', 'A'),
    'user:delete': ADMIN_ONLY,
    'group:create': ADMIN_ONLY, 'group:read': _by_target(*['A V'] * 6),
    'group:update': ADMIN_ONLY, 'group:delete': ADMIN_ONLY,
    'grant:read': POOL_READ,
    'quota:set': ADMIN_ONLY, 'quota:read': POOL_READ,
    'instance:read': POOL_READ, 'instance:act': ACT,
    'volume:read': POOL_READ, 'volume:act': ACT,
    'load_balancer:read': POOL_READ, 'load_balancer:act': ACT,
    'bucket:read': POOL_READ, 'bucket:act': ACT,
    'placement:read': POOL_READ, 'event:read': POOL_READ, 'usage:read': POOL_READ,
    'webhook:create': ADMIN_ONLY, 'webhook:read': _by_target(*['A V'] * 6),
    'webhook:update': ADMIN_ONLY, 'webhook:delete': ADMIN_ONLY,
}
GRANT_ACTIONS = ('grant:create', 'grant:delete')


def _context(subject):
    return broker_context.RequestContext(user_id=ME, user_name='me', roles=SUBJECTS[subject])


def test_the_table_covers_every_action():
    assert set(EXPECTED) | set(GRANT_ACTIONS) == set(policy.RULES)


@pytest.mark.parametrize('action', sorted(EXPECTED))
def test_who_may_take_each_action(action):
    for target_name, target in TARGETS.items():
        allowed = set(EXPECTED[action][target_name].split())
        for subject in SUBJECTS:
            context = _context(subject)
            assert policy.is_allowed(context, action, target) == (subject in allowed), (
                action, target_name, subject)
            if subject in allowed:
                policy.authorize(context, action, target)
            else:
                with pytest.raises(errors.NotAuthorized) as caught:
                    policy.authorize(context, action, target)
                assert action in caught.value.message


@pytest.mark.parametrize('action', GRANT_ACTIONS)
@pytest.mark.parametrize('role, pool, allowed', [
    ('pool_user', P, 'A PA pa'), ('viewer', P, 'A PA pa'),
    ('pool_user', Q, 'A PA'), ('viewer', None, 'A PA'),
    ('pool_admin', P, 'A'), ('admin', None, 'A'), (None, P, 'A'),
])
def test_pool_admins_hand_out_only_pool_user_and_viewer_on_their_pools(
        action, role, pool, allowed):
    for subject in SUBJECTS:
        target = {'pool_id': pool, 'role': role}
        assert policy.is_allowed(_context(subject), action, target) == (
            subject in allowed.split()), subject


def test_anonymous_callers_may_do_nothing_and_the_operator_everything():
    anonymous = broker_context.RequestContext()
    operator = broker_context.RequestContext.admin()
    for action in policy.RULES:
        assert not policy.is_allowed(anonymous, action, {'pool_id': P, 'owner_id': None})
        assert policy.is_allowed(operator, action, {'pool_id': P, 'owner_id': OTHER})


def test_roles_held_on_several_pools_add_up():
    context = broker_context.RequestContext(user_id=ME, roles=[
        policy.role_token('viewer', P), policy.role_token('pool_admin', Q)])
    assert policy.held_roles(context) == {('viewer', P), ('pool_admin', Q)}
    assert policy.is_allowed(context, 'instance:read', {'pool_id': P, 'owner_id': OTHER})
    assert not policy.is_allowed(context, 'instance:act', {'pool_id': P, 'owner_id': OTHER})
    assert policy.is_allowed(context, 'instance:act', {'pool_id': Q, 'owner_id': OTHER})
    assert not policy.is_allowed(context, 'pool:use', {'pool_id': P})


def test_a_misspelt_action_is_a_bug_not_a_refusal():
    with pytest.raises(ValueError):
        policy.authorize(broker_context.RequestContext.admin(), 'instance:reed')


@pytest.mark.parametrize('subject, all_pools, pool_ids, owner', [
    ('A', True, set(), None), ('PA', True, set(), None), ('V', True, set(), None),
    ('pa', False, {P}, ME), ('v', False, {P}, ME),
    ('pu', False, set(), ME), ('PU', False, set(), ME), ('N', False, set(), ME),
])
def test_what_listings_show(subject, all_pools, pool_ids, owner):
    seen = policy.visibility(_context(subject), 'instance:read')
    assert seen.all_pools == all_pools
    if not all_pools:
        assert seen.pool_ids == pool_ids and seen.owner_id == owner
