"""The CIMI ``$filter`` grammar (DSP0263 4.1.6.1), the subset this service evaluates.

::

    filter     := and_expr ('or' and_expr)*
    and_expr   := term ('and' term)*
    term       := '(' filter ')' | operand op operand
    operand    := attribute[.attribute] | property['key'] | value
    value      := 'string' | "string" | number | true | false
    op         := '=' | '!=' | '<' | '>' | '<=' | '>='

One side of a comparison names an attribute of the resource, the other is a value. Numbers
compare as numbers, everything else as text; an attribute the resource lacks matches
nothing. A filter the grammar does not allow is a 400 naming where it went wrong.
"""

import re

from iaas import errors

_TOKEN = re.compile(r'''
    (?P<space>\s+)
  | (?P<op><=|>=|!=|=|<|>)
  | (?P<paren>[()])
  | (?P<string>'(?:[^']|'')*'|"(?:[^"]|"")*")
  | (?P<number>-?\d+(?:\.\d+)?(?![\w.]))
  | (?P<property>property\[\s*(?:'(?:[^']|'')*'|"(?:[^"]|"")*")\s*\])
  | (?P<word>[A-Za-z_][\w.]*)
''', re.VERBOSE)
_MAX_LENGTH = 4096
_MAX_DEPTH = 32


class _Attribute:
    def __init__(self, name, property_key=None):
        self.name = name
        self.property_key = property_key

    def value(self, doc):
        if self.property_key is not None:
            return (doc.get('properties') or {}).get(self.property_key)
        value = doc
        for part in self.name.split('.'):  # machineConfig.href reads into a reference
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value


class _Literal:
    def __init__(self, value):
        self.value = value


def _unquote(text):
    quote = text[0]
    return text[1:-1].replace(quote * 2, quote)


def _tokens(text):
    position = 0
    found = []
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise errors.ValidationError(
                "Invalid $filter: unexpected '%s' at position %d" % (text[position], position))
        kind = match.lastgroup
        if kind != 'space':
            found.append((kind, match.group(), position))
        position = match.end()
    return found


class _Parser:
    def __init__(self, text):
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0
        self.depth = 0

    def fail(self, what):
        if self.index < len(self.tokens):
            _, token, position = self.tokens[self.index]
            where = "'%s' at position %d" % (token, position)
        else:
            where = 'the end'
        raise errors.ValidationError('Invalid $filter: expected %s, found %s' % (what, where))

    def peek(self):
        return self.tokens[self.index] if self.index < len(self.tokens) else (None, None, None)

    def take(self):
        token = self.peek()
        self.index += 1
        return token

    def keyword(self, word):
        kind, token, _ = self.peek()
        if kind == 'word' and token.lower() == word:
            self.index += 1
            return True
        return False

    def parse(self):
        predicate = self.filter()
        if self.index != len(self.tokens):
            self.fail("'and', 'or' or the end")
        return predicate

    def filter(self):
        return self.chain(self.and_expr, 'or', any)

    def and_expr(self):
        return self.chain(self.term, 'and', all)

    def chain(self, operand, keyword, combine):
        """``operand (keyword operand)*`` as one predicate: ``combine`` (any, all) of theirs."""
        predicates = [operand()]
        while self.keyword(keyword):
            predicates.append(operand())
        if len(predicates) == 1:
            return predicates[0]
        return lambda doc: combine(p(doc) for p in predicates)

    def term(self):
        kind, token, _ = self.peek()
        if kind == 'paren' and token == '(':
            self.take()
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise errors.ValidationError('Invalid $filter: nested too deeply')
            inner = self.filter()
            self.depth -= 1
            kind, token, _ = self.peek()
            if kind != 'paren' or token != ')':
                self.fail("')'")
            self.take()
            return inner
        return self.comparison()

    def operand(self):
        kind, token, _ = self.peek()
        if kind == 'string':
            self.take()
            return _Literal(_unquote(token))
        if kind == 'number':
            self.take()
            return _Literal(float(token) if '.' in token else int(token))
        if kind == 'property':
            self.take()
            key = token[token.index('[') + 1:token.rindex(']')].strip()
            return _Attribute('properties', _unquote(key))
        if kind == 'word' and token.lower() not in ('and', 'or'):
            self.take()
            if token.lower() in ('true', 'false'):
                return _Literal(token.lower() == 'true')
            return _Attribute(token)
        self.fail('an attribute or a value')

    def comparison(self):
        left = self.operand()
        kind, op, _ = self.peek()
        if kind != 'op':
            self.fail('a comparison operator')
        self.take()
        right = self.operand()
        if isinstance(left, _Attribute) == isinstance(right, _Attribute):
            raise errors.ValidationError(
                'Invalid $filter: a comparison needs one attribute and one value')
        if isinstance(left, _Literal):
            left, right, op = right, left, _MIRRORED[op]
        return _comparison(left, op, right.value)


_MIRRORED = {'=': '=', '!=': '!=', '<': '>', '>': '<', '<=': '>=', '>=': '<='}
_COMPARE = {
    '=': lambda a, b: a == b, '!=': lambda a, b: a != b,
    '<': lambda a, b: a < b, '>': lambda a, b: a > b,
    '<=': lambda a, b: a <= b, '>=': lambda a, b: a >= b,
}


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(str(value))
    except ValueError:
        return None


def _coerce(actual, wanted):
    """Both sides as numbers when the value is one, as booleans or text otherwise."""
    if isinstance(wanted, bool):
        if isinstance(actual, bool):
            return actual, wanted
        return str(actual).lower(), 'true' if wanted else 'false'
    if isinstance(wanted, (int, float)):
        number = _number(actual)
        return (number, wanted) if number is not None else (None, None)
    if isinstance(actual, bool):
        actual = 'true' if actual else 'false'
    return str(actual), wanted


def _comparison(attribute, op, wanted):
    compare = _COMPARE[op]

    def predicate(doc):
        actual = attribute.value(doc)
        if actual is None or isinstance(actual, (dict, list)):
            return False
        left, right = _coerce(actual, wanted)
        if left is None:
            return False
        return compare(left, right)
    return predicate


def parse(text):
    """A predicate over documents for the filter ``text``; 400 when it is not one."""
    if len(text) > _MAX_LENGTH:
        raise errors.ValidationError('Invalid $filter: longer than %d characters' % _MAX_LENGTH)
    if not text.strip():
        raise errors.ValidationError('Invalid $filter: empty')
    return _Parser(text).parse()
