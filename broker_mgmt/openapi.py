"""The OpenAPI 3.1 document, assembled from the operations the routed resources declare."""

import re

from broker_mgmt import operations
from broker_mgmt import schemas

OPENAPI_VERSION = '3.1.0'
TITLE = 'cloud-broker management API'
VERSION = 'v1'
PATH_PARAM = re.compile(r'{(\w+)}')
METHODS = ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')
# What any authenticated operation may answer besides its success; schemathesis and
# clients read these. 5xx are not listed: the broker answers them only when it fails.
CLIENT_ERRORS = {
    '400': 'Bad input; the description names the field',
    '401': 'No or wrong credentials (HTTP Basic)',
    '403': 'Not allowed',
    '404': 'No such object',
    '405': 'Method not allowed',
    '406': 'None of the accepted media types can be served',
    '409': 'Name taken, or the object is in use',
    '412': 'If-Match does not match the current ETag',
    '413': 'Request body too large',
    '415': 'The body is not JSON',
}
PUBLIC_ERRORS = ('404', '405', '406')
SECURITY = [{'basic': []}]


def document(routes, server_url):
    """The OpenAPI document of ``routes`` ([(path, resource)]) served under ``server_url``.

    The representation of each kind of object is a named component the operations refer to.
    """
    named = _named_schemas(routes)
    paths = {}
    for path, resource in routes:
        item = {}
        for method in METHODS:
            operation = operations.operation_of(resource, method)
            if operation is not None:
                item[method.lower()] = _refer(
                    _operation(path, method, resource, operation), named)
        if item:
            paths[path] = item
    components = {name: schema for schema, name in named.values()}
    return {
        'openapi': OPENAPI_VERSION,
        'info': {'title': TITLE, 'version': VERSION,
                 'description': 'Pools, provider accounts, catalogs, users, quotas, usage and '
                                'placement of the cloud broker. Only admins (and pool admins '
                                'for their pools) change things.'},
        'servers': [{'url': server_url}],
        'security': SECURITY,
        'paths': paths,
        'components': {
            'securitySchemes': {'basic': {'type': 'http', 'scheme': 'basic'}},
            'schemas': dict(components, Error=schemas.ERROR),
            'responses': _error_responses(),
        },
    }


def _operation(path, method, resource, operation):
    result = {
        'operationId': '%s_%s' % (method.lower(), _slug(path)),
        'summary': operation.summary,
        'tags': [resource.tag or path.strip('/').split('/')[0]],
        'parameters': _parameters(path, resource, operation),
        'responses': _responses(operation),
    }
    if operation.public:
        result['security'] = []
    if operation.body is not None:
        result['requestBody'] = {'required': True, 'content': {
            operations.JSON: {'schema': operation.body}}}
    return result


def _parameters(path, resource, operation):
    found = [{'name': name, 'in': 'path', 'required': True,
              'schema': resource.path_params.get(name, schemas.ID)}
             for name in PATH_PARAM.findall(path)]
    found += [{'name': param.name, 'in': 'query', 'required': param.required,
               'description': param.description, 'schema': param.schema}
              for param in operation.query]
    if operation.conditional:
        found.append({'name': 'If-Match', 'in': 'header', 'required': False,
                      'description': 'the ETag the change is based on',
                      'schema': {'type': 'string'}})
    return found


def _responses(operation):
    success = {'description': operation.summary}
    if operation.response is not None:
        success['content'] = {media: {'schema': operation.response if media == operations.JSON
                                      else {'type': 'string'}}
                              for media in operation.media}
    headers = {}
    if operation.status == 201:
        headers['Location'] = {'description': 'URL of the new object',
                               'schema': {'type': 'string'}}
    if operation.etag and operation.response is not None:
        headers['ETag'] = {'description': 'entity tag of the object',
                           'schema': {'type': 'string'}}
    if headers:
        success['headers'] = headers
    responses = {str(operation.status): success}
    responses.update({code: {'$ref': '#/components/responses/' + _error_name(code)}
                      for code in (PUBLIC_ERRORS if operation.public else CLIENT_ERRORS)})
    return responses


def _error_name(code):
    return 'Error%s' % code


def _error_responses():
    content = {operations.JSON: {'schema': {'$ref': '#/components/schemas/Error'}}}
    return {_error_name(code): {'description': description, 'content': content}
            for code, description in CLIENT_ERRORS.items()}


def _named_schemas(routes):
    """{id(schema): (schema, component name)} of the kinds the routed resources serve."""
    named = {}
    for _, resource in routes:
        kind = getattr(resource, 'kind', None)
        if kind is not None and id(kind.schema) not in named:
            title = ''.join(word.capitalize() for word in kind.name.split())
            named[id(kind.schema)] = (kind.schema, title)
    return named


def _refer(value, named, top=True):
    """``value`` with every named schema in it replaced by a $ref to its component."""
    if isinstance(value, dict):
        if not top and id(value) in named:
            return {'$ref': '#/components/schemas/' + named[id(value)][1]}
        return {key: _refer(item, named, False) for key, item in value.items()}
    if isinstance(value, list):
        return [_refer(item, named, False) for item in value]
    return value


def _slug(path):
    return '_'.join(part.strip('{}') for part in path.strip('/').split('/')) or 'root'
