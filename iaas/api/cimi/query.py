"""CIMI query parameters of a request: ``$filter``, ``$first``/``$last``, ``$select``, ``$expand``.

Applied generically to any collection, in the spec's order: filter, then the 1-based
inclusive ``$first``..``$last`` window (``count`` is the number of matches before the
window, so a client can page), then expansion of references, then selection of attributes
(``id`` and ``resourceURI`` always stay). Several ``$filter`` parameters must all match.
"""

import dataclasses
from urllib import parse

from iaas.api.cimi import filters
from iaas import errors

ALWAYS_SELECTED = ('resourceURI', 'id')


@dataclasses.dataclass
class Query:
    predicates: list = dataclasses.field(default_factory=list)
    first: int = None
    last: int = None
    select: frozenset = None    # None: every attribute
    expand: frozenset = frozenset()
    expand_all: bool = False

    def matches(self, doc):
        return all(predicate(doc) for predicate in self.predicates)

    def window(self, docs):
        start = (self.first or 1) - 1
        end = self.last if self.last is not None else len(docs)
        return docs[start:end]

    def expands(self, attribute):
        return self.expand_all or attribute in self.expand

    def selected(self, doc):
        if self.select is None:
            return doc
        return {key: value for key, value in doc.items()
                if key in self.select or key in ALWAYS_SELECTED}


def _position(name, values):
    raw = values[-1].strip()
    try:
        value = int(raw)
    except ValueError:
        raise errors.ValidationError("%s must be a positive integer, not '%s'"
                                     % (name, raw)) from None
    if value < 1:
        raise errors.ValidationError('%s must be at least 1, not %d' % (name, value))
    return value


def _names(values):
    names = {part.strip() for value in values for part in value.split(',')}
    names.discard('')
    return names


def parse_query(query_string):
    """The Query of a request's query string; 400 for a malformed parameter."""
    params = parse.parse_qs(query_string or '', keep_blank_values=True)
    query = Query()
    for text in params.get('$filter', ()):
        query.predicates.append(filters.parse(text))
    if '$first' in params:
        query.first = _position('$first', params['$first'])
    if '$last' in params:
        query.last = _position('$last', params['$last'])
    if '$select' in params:
        names = _names(params['$select'])
        query.select = None if not names or '*' in names else frozenset(names)
    if '$expand' in params:
        names = _names(params['$expand'])
        # A bare $expand expands everything, as '*' does.
        query.expand_all = not names or '*' in names
        query.expand = frozenset(names - {'*'})
    return query
