"""JSON Schema pieces the resources build on, validation that names the field, and projection."""

import jsonschema
from jsonschema import exceptions as schema_errors

from broker_core import errors

# Every schema is JSON Schema 2020-12, the dialect of OpenAPI 3.1: one schema validates a
# request and documents it.
Validator = jsonschema.Draft202012Validator
FORMATS = Validator.FORMAT_CHECKER

ID = {'type': 'string', 'minLength': 1, 'maxLength': 36}
NAME = {'type': 'string', 'minLength': 1, 'maxLength': 64, 'pattern': '^[a-z][a-z0-9_-]*$',
        'description': 'lowercase letters, digits, _ and -, starting with a letter'}
TEXT = {'type': ['string', 'null']}
LABEL = {'type': 'string', 'minLength': 1, 'maxLength': 255, 'pattern': r'\S'}
BOOLEAN = {'type': 'boolean'}
INTEGER = {'type': 'integer'}
NUMBER = {'type': 'number'}
STRING = {'type': 'string'}
OBJECT = {'type': 'object'}
STRINGS = {'type': 'array', 'items': STRING}
TIMESTAMP = {'type': 'string', 'format': 'date-time'}
MONEY = {'type': 'number', 'minimum': 0, 'exclusiveMaximum': 100000000}


def nullable(schema):
    """``schema`` that also accepts null."""
    kinds = schema.get('type', [])
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    return dict(schema, type=kinds + ['null'])


def obj(properties, required=(), additional=False, **extra):
    """An object schema; unknown properties are refused unless ``additional``."""
    schema = {'type': 'object', 'properties': dict(properties),
              'additionalProperties': additional}
    if required:
        schema['required'] = list(required)
    schema.update(extra)
    return schema


def record(properties, timestamps=True):
    """The schema of a rendered object: every property present, nothing else."""
    properties = dict(properties)
    if timestamps:
        properties.update(created_at=TIMESTAMP, updated_at=nullable(TIMESTAMP))
    return obj(properties, required=properties)


def optional(schema):
    """An update body: the properties of a create body, none of them required."""
    return {key: value for key, value in schema.items() if key != 'required'}


def listing(plural, item):
    """A page of a collection: the items under ``plural`` and the link to the next page."""
    return obj({plural: {'type': 'array', 'items': item},
                'next': {'type': 'string', 'description': 'URL of the next page'}},
               required=[plural])


ERROR = obj({'title': STRING, 'description': STRING}, required=['title'], additional=True)


# Validators by id() of their schema; the schema is kept with it so the id stays its own.
_VALIDATORS = {}


def _validator(schema):
    entry = _VALIDATORS.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = _VALIDATORS[id(schema)] = (schema, Validator(schema, format_checker=FORMATS))
    return entry[1]


def validate(schema, instance, field=None):
    """``instance`` if it matches ``schema``, else Invalid naming the offending field.

    ``field`` names the instance itself (a query parameter); a body's fields are named by
    their path. The reason never quotes the value: it may be a password.
    """
    error = schema_errors.best_match(_validator(schema).iter_errors(instance))
    if error is None:
        return instance
    where, reason = explain(error)
    path = [part for part in (field, where) if part]
    raise errors.Invalid(field='.'.join(path) or 'body', reason=reason)


def explain(error):
    """The dotted path of what failed and why, from a jsonschema ValidationError."""
    path = [str(part) for part in error.absolute_path]
    keyword, expected = error.validator, error.validator_value
    if keyword == 'additionalProperties' and isinstance(error.instance, dict):
        known = error.schema.get('properties', {})
        unknown = sorted(key for key in error.instance if key not in known)
        allowed = ', '.join(sorted(known)) or 'none'
        return '.'.join(path + unknown[:1]), 'unknown field; allowed are %s' % allowed
    if keyword == 'required' and isinstance(error.instance, dict):
        missing = [key for key in expected if key not in error.instance]
        return '.'.join(path + missing[:1]), 'is required'
    return '.'.join(path), _reason(keyword, expected, error.schema)


def _reason(keyword, expected, schema):
    if keyword == 'type':
        kinds = [expected] if isinstance(expected, str) else expected
        return 'must be of type %s' % ' or '.join(kinds)
    if keyword == 'pattern':
        return schema.get('description') or 'must match %s' % expected
    simple = {
        'enum': lambda: 'must be one of %s' % ', '.join(map(str, expected)),
        'const': lambda: 'must be %s' % expected,
        'minLength': lambda: 'must have at least %s characters' % expected,
        'maxLength': lambda: 'must have at most %s characters' % expected,
        'minimum': lambda: 'must be at least %s' % expected,
        'maximum': lambda: 'must be at most %s' % expected,
        'exclusiveMinimum': lambda: 'must be more than %s' % expected,
        'exclusiveMaximum': lambda: 'must be less than %s' % expected,
        'minItems': lambda: 'must have at least %s entries' % expected,
        'maxItems': lambda: 'must have at most %s entries' % expected,
        'uniqueItems': lambda: 'entries must not repeat',
        'minProperties': lambda: 'must have at least %s fields' % expected,
        'maxProperties': lambda: 'must have at most %s fields' % expected,
        'format': lambda: 'must be a valid %s' % expected,
        'propertyNames': lambda: 'has a field name that is not allowed',
    }
    explained = simple.get(keyword)
    return explained() if explained else 'does not match the allowed forms'


def project(schema, data):
    """The properties of ``schema`` taken from ``data``: a rendering shows nothing else.

    A second guard besides the core's own renderers: a secret a row gains later is not
    in any response schema, so it cannot reach a response.
    """
    return {key: data.get(key) for key in schema['properties']}
