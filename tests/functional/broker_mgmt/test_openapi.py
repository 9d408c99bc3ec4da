"""The OpenAPI document: valid, complete, and what the app does (checked by schemathesis)."""

import falcon.inspect
import hypothesis
from openapi_spec_validator import validate as validate_spec
import pytest
import schemathesis
from schemathesis import checks as st_checks
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from tests.functional.broker_mgmt.helpers import MOCK_CREDENTIALS

EXAMPLES = 5
TAGS = ('providers', 'accounts', 'pools', 'hardware_profiles', 'images', 'users', 'groups',
        'grants', 'quotas', 'instances', 'events', 'usage', 'placements', 'webhooks', 'meta')
CHECKS = [st_checks.not_a_server_error, openapi_checks.status_code_conformance,
          openapi_checks.content_type_conformance,
          openapi_checks.response_schema_conformance,
          openapi_checks.negative_data_rejection]


@pytest.fixture
def document(client):
    response = client.simulate_get('/v1/openapi.json')
    assert response.status_code == 200
    return response.json


def test_the_document_is_valid_openapi(document):
    validate_spec(document)
    assert document['openapi'] == '3.1.0'
    assert document['servers'] == [{'url': '/v1'}]


def test_every_route_and_method_is_documented(app, document):
    served = {}
    for route in falcon.inspect.inspect_routes(app):
        methods = {info.method for info in route.methods if not info.internal}
        served[route.path[len('/v1'):]] = methods - {'OPTIONS'}
    documented = {path: {method.upper() for method in item}
                  for path, item in document['paths'].items()}

    assert documented == served
    assert len(documented) > 40


def test_no_response_schema_shows_secrets(document):
    """Credentials and passwords are request fields only: no response may carry them."""
    text = str({path: {method: operation['responses'] for method, operation in item.items()}
                for path, item in document['paths'].items()})
    for secret in ('credentials', 'password', 'password_hash'):
        assert "'%s'" % secret not in text


@pytest.fixture
def world(api, conf):
    """Objects for generated requests to find: a synced account in a pool, and more."""
    provider = api.create('/providers', {'name': 'cloud-a', 'driver': 'mock',
                                         'provider': 'cloud-a'})
    account = api.create('/accounts', {'provider_id': provider['id'], 'name': 'main',
                                       'credentials': MOCK_CREDENTIALS})
    api.post('/accounts/%s/sync' % account['id'])
    pool = api.create('/pools', {'name': 'gold'})
    api.create('/pools/%s/members' % pool['id'], {'account_id': account['id']})
    api.create('/hardware_profiles', {'name': 'small', 'properties': {'cpu': 1}})
    api.create('/images', {'name': 'fedora'})
    return api


@pytest.fixture
def api_schema(app, world):
    return schemathesis.openapi.from_wsgi('/v1/openapi.json', app)


def test_every_operation_is_fuzzed(document):
    tags = {tag for item in document['paths'].values() for operation in item.values()
            for tag in operation['tags']}
    assert tags == set(TAGS)


@pytest.mark.parametrize('tag', TAGS)
def test_generated_requests_conform(api_schema, world, tag):
    """No 5xx, and every answer (status, media type, body) is one the document allows.

    Valid and invalid requests are generated for every operation (of one tag per test, so
    xdist spreads them), a few of each, the same ones on every run.
    """
    for result in api_schema.include(tag=tag).get_all_operations():
        operation = result.ok()
        fuzz(operation, GenerationMode.POSITIVE, world.auth)
        if operation.definition.raw.get('parameters') or operation.body:
            fuzz(operation, GenerationMode.NEGATIVE, world.auth)


def fuzz(operation, mode, auth):
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(max_examples=EXAMPLES, derandomize=True, deadline=None,
                         database=None, phases=[hypothesis.Phase.generate],
                         suppress_health_check=list(hypothesis.HealthCheck))
    def run(case):
        case.call_and_validate(headers=auth, checks=CHECKS)

    run()
