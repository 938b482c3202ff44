"""The Elasticsearch query DSL as Atlan's search endpoints accept it, compiled once into predicates.

How to use it (any JSON documents, not only assets)::

    from emulator.search.dsl import compile_query, compile_sort
    from emulator.search.document import DictDocument

    predicate = compile_query(body["query"])          # validates everything first (BadRequest)
    docs = [DictDocument(w) for w in workflows]
    hits = [d for d in docs if predicate(d)]
    hits.sort(key=compile_sort(body.get("sort", [])))

``compile_query`` parses and validates the WHOLE query before anything is evaluated: an
unsupported clause or a malformed one raises ``emulator.errors.BadRequest`` naming the clause and
its JSON path (e.g. ``query.bool.filter[1].term``). The result is a tree of small nodes; each is
called with a ``Document`` and returns a bool, and carries its parsed parts (``field``, ``keys``,
``prefix``, ...) so that an index can plan candidates from it (see ``entity_index.py``).

Supported: bool (must/should/must_not/filter as list or object, nested bools,
minimum_should_match), term, terms, prefix, wildcard, regexp, fuzzy, range (numbers, strings,
dates with date math), exists, match, match_phrase, match_all, match_none, nested,
constant_score, dis_max. Field suffix rules are in ``document.py``; analysis in ``analysis.py``.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, tzinfo
from typing import Any

from ..errors import BadRequest
from . import analysis
from .analysis import Key, fold, key, query_keys
from .document import Document, split_field

Predicate = Callable[[Document], bool]
SortKey = Callable[[Document], Any]

# --- how a field's values look to term-level clauses, chosen by its suffix -------------------
View = Callable[[list[Any]], list[Any]]


def _raw(values: list[Any]) -> list[Any]:
    return values


def _folded(values: list[Any]) -> list[Any]:
    return [v.lower() if type(v) is str else fold(v) for v in values]


def _tokens(values: list[Any]) -> list[Any]:
    return [t for v in values for t in analysis.tokens(v)]


def _stemmed(values: list[Any]) -> list[Any]:
    return [t for v in values for t in analysis.stemmed_tokens(v)]


def view_of(field: str) -> View:
    """The one suffix rule: .keyword = normalized (lower-cased), .text/.delimiter = tokens,
    .stemmed = stemmed tokens, anything else = the stored value as it is."""
    suffix = split_field(field)[1]
    if suffix == "keyword":
        return _folded
    if suffix in ("text", "delimiter"):
        return _tokens
    if suffix == "stemmed":
        return _stemmed
    return _raw


def lowercases(field: str) -> bool:
    """Whether the field's view already lower-cases (normalized keyword and analyzed text)."""
    return view_of(field) is not _raw


def is_normalized(field: str) -> bool:
    return split_field(field)[1] == "keyword"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- nodes ----------------------------------------------------------------------------------
class Node:
    """A compiled clause: call it with a Document."""

    __slots__ = ()

    def __call__(self, doc: Document) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError


class MatchAll(Node):
    __slots__ = ()

    def __call__(self, doc: Document) -> bool:
        return True


class MatchNone(Node):
    __slots__ = ()

    def __call__(self, doc: Document) -> bool:
        return False


class Term(Node):
    """term / terms: any stored value equal to any query value."""

    __slots__ = ("field", "keys", "fold", "view")

    def __init__(self, field: str, values: Iterable[Any], case_insensitive: bool) -> None:
        self.field = field
        self.fold = case_insensitive
        self.view = _folded if case_insensitive and view_of(field) is _raw else view_of(field)
        normalize = case_insensitive or is_normalized(field)
        keys: set[Key] = set()
        for value in values:
            keys |= query_keys(fold(value) if normalize else value)
        self.keys = frozenset(keys)

    def __call__(self, doc: Document) -> bool:
        values = doc.values(self.field)
        if not values:
            return False
        return any(key(value) in self.keys for value in self.view(values))


class Prefix(Node):
    __slots__ = ("field", "prefix", "fold", "view")

    def __init__(self, field: str, prefix: str, case_insensitive: bool) -> None:
        self.field = field
        self.fold = case_insensitive or is_normalized(field)
        self.prefix = prefix.lower() if self.fold else prefix
        self.view = view_of(field)

    def __call__(self, doc: Document) -> bool:
        for value in self.view(doc.values(self.field)):
            text = _text(value)
            if (text.lower() if self.fold else text).startswith(self.prefix):
                return True
        return False


class Pattern(Node):
    """wildcard and regexp, both anchored to the whole value."""

    __slots__ = ("field", "regex", "fold", "view")

    def __init__(self, field: str, regex: re.Pattern[str], case_insensitive: bool) -> None:
        self.field = field
        self.regex = regex
        self.fold = case_insensitive or is_normalized(field)
        self.view = view_of(field)

    def __call__(self, doc: Document) -> bool:
        for value in self.view(doc.values(self.field)):
            text = _text(value)
            if self.regex.fullmatch(text.lower() if self.fold else text):
                return True
        return False


class Fuzzy(Node):
    __slots__ = ("field", "value", "fuzziness", "prefix_length", "transpositions", "fold", "view")

    def __init__(self, field: str, value: str, fuzziness: Any, prefix_length: int, transpositions: bool) -> None:
        self.field = field
        self.fold = is_normalized(field)
        self.value = value.lower() if self.fold else value
        self.fuzziness = fuzziness
        self.prefix_length = prefix_length
        self.transpositions = transpositions
        self.view = view_of(field)

    def __call__(self, doc: Document) -> bool:
        for stored in self.view(doc.values(self.field)):
            text = _text(stored)
            if self.fold:
                text = text.lower()
            allowed = _max_edits(self.fuzziness, len(self.value))
            if text[: self.prefix_length] != self.value[: self.prefix_length]:
                continue
            if abs(len(text) - len(self.value)) > allowed:
                continue
            if _edit_distance(text, self.value, self.transpositions) <= allowed:
                return True
        return False


@dataclass(frozen=True)
class Bound:
    raw: Any
    number: float | None  # the bound as a number (dates resolved to epoch ms), if it is one


class Range(Node):
    __slots__ = ("field", "gt", "gte", "lt", "lte", "fold", "view")

    def __init__(self, field: str, bounds: dict[str, Bound]) -> None:
        self.field = field
        self.gt, self.gte = bounds.get("gt"), bounds.get("gte")
        self.lt, self.lte = bounds.get("lt"), bounds.get("lte")
        self.fold = is_normalized(field)
        self.view = view_of(field)

    def __call__(self, doc: Document) -> bool:
        return any(self._within(v) for v in self.view(doc.values(self.field)))

    def _within(self, value: Any) -> bool:
        number = analysis.as_number(value) if not isinstance(value, str) else None
        for bound, test in ((self.gt, _gt), (self.gte, _ge), (self.lt, _lt), (self.lte, _le)):
            if bound is None:
                continue
            if number is not None:
                if bound.number is None or not test(number, bound.number):
                    return False
            else:
                text = _text(value)
                limit = _text(bound.raw)
                if self.fold:
                    text, limit = text.lower(), limit.lower()
                if not test(text, limit):
                    return False
        return True


def _gt(a: Any, b: Any) -> bool:
    return bool(a > b)


def _ge(a: Any, b: Any) -> bool:
    return bool(a >= b)


def _lt(a: Any, b: Any) -> bool:
    return bool(a < b)


def _le(a: Any, b: Any) -> bool:
    return bool(a <= b)


class Exists(Node):
    __slots__ = ("field",)

    def __init__(self, field: str) -> None:
        self.field = field

    def __call__(self, doc: Document) -> bool:
        return any(v is not None and v != [] for v in doc.values(self.field))


class Match(Node):
    """match: analyzed query tokens against analyzed stored tokens (OR, AND, or a minimum)."""

    __slots__ = ("field", "tokens", "required", "analyze", "fuzzy")

    def __init__(self, field: str, tokens: list[str], required: int, analyze: Callable[[Any], list[str]],
                 fuzzy: Fuzzy | None = None) -> None:
        self.field = field
        self.tokens = tokens
        self.required = required
        self.analyze = analyze
        self.fuzzy = fuzzy  # settings for matching each token fuzzily (its value is unused)

    def __call__(self, doc: Document) -> bool:
        if not self.tokens:
            return self.required == 0
        stored: set[str] = set()
        for value in doc.values(self.field):
            stored.update(self.analyze(value))
        return sum(1 for t in set(self.tokens) if self._has(stored, t)) >= self.required

    def _has(self, stored: set[str], token: str) -> bool:
        if token in stored:
            return True
        fuzzy = self.fuzzy
        if fuzzy is None:
            return False
        allowed = _max_edits(fuzzy.fuzziness, len(token))
        head = token[: fuzzy.prefix_length]
        return any(s.startswith(head) and abs(len(s) - len(token)) <= allowed
                   and _edit_distance(s, token, fuzzy.transpositions) <= allowed for s in stored)


class MatchPhrase(Node):
    __slots__ = ("field", "tokens", "slop", "analyze")

    def __init__(self, field: str, tokens: list[str], slop: int, analyze: Callable[[Any], list[str]]) -> None:
        self.field = field
        self.tokens = tokens
        self.slop = slop
        self.analyze = analyze

    def __call__(self, doc: Document) -> bool:
        if not self.tokens:
            return False
        return any(_phrase_in(self.analyze(v), self.tokens, self.slop) for v in doc.values(self.field))


class Bool(Node):
    __slots__ = ("must", "filter", "should", "must_not", "minimum")

    def __init__(self, must: list[Node], filter_: list[Node], should: list[Node], must_not: list[Node],
                 minimum: int) -> None:
        self.must = must
        self.filter = filter_
        self.should = should
        self.must_not = must_not
        self.minimum = minimum

    @property
    def required(self) -> list[Node]:
        """Clauses every hit must match (must + filter)."""
        return self.filter + self.must

    def __call__(self, doc: Document) -> bool:
        for clause in self.filter:
            if not clause(doc):
                return False
        for clause in self.must:
            if not clause(doc):
                return False
        for clause in self.must_not:
            if clause(doc):
                return False
        if self.minimum:
            matched = 0
            for clause in self.should:
                if clause(doc):
                    matched += 1
                    if matched >= self.minimum:
                        return True
            return False
        return True


class AnyOf(Node):
    """dis_max: a hit of any inner query (scores are not modelled)."""

    __slots__ = ("queries",)

    def __init__(self, queries: list[Node]) -> None:
        self.queries = queries

    def __call__(self, doc: Document) -> bool:
        return any(q(doc) for q in self.queries)


class Nested(Node):
    __slots__ = ("path", "query")

    def __init__(self, path: str, query: Node) -> None:
        self.path = path
        self.query = query

    def __call__(self, doc: Document) -> bool:
        return any(self.query(inner) for inner in doc.nested(self.path))


# --- parsing ---------------------------------------------------------------------------------
class _Compiler:
    def __init__(self, now_ms: int, date_fields: Collection[str] = frozenset()) -> None:
        self.now_ms = now_ms
        self.date_fields = date_fields

    def query(self, raw: Any, path: str) -> Node:
        if not isinstance(raw, dict) or len(raw) != 1:
            raise BadRequest(f"{path}: a query must be an object with exactly one clause, got {_show(raw)}")
        (name, body), = raw.items()
        parse = _CLAUSES.get(name)
        if parse is None:
            raise BadRequest(f"{path}: unsupported query clause '{name}' (supported: {', '.join(sorted(_CLAUSES))})")
        return parse(self, body, f"{path}.{name}")

    # compound ---------------------------------------------------------------------------
    def bool(self, body: Any, path: str) -> Node:
        body = _object(body, path)
        _only(body, path, {"must", "filter", "should", "must_not", "minimum_should_match", "boost", "_name",
                           "adjust_pure_negative"})
        parts: dict[str, list[Node]] = {}
        for occur in ("must", "filter", "should", "must_not"):
            given = body.get(occur)
            if given is None:
                parts[occur] = []
            elif isinstance(given, list):
                parts[occur] = [self.query(q, f"{path}.{occur}[{i}]") for i, q in enumerate(given)]
            else:
                parts[occur] = [self.query(given, f"{path}.{occur}")]
        should = parts["should"]
        if "minimum_should_match" in body:
            minimum = _minimum_should_match(body["minimum_should_match"], len(should), f"{path}.minimum_should_match")
        else:
            minimum = 1 if should and not parts["must"] and not parts["filter"] else 0
        if minimum > len(should):
            return MatchNone()
        return Bool(parts["must"], parts["filter"], should, parts["must_not"], minimum)

    def constant_score(self, body: Any, path: str) -> Node:
        body = _object(body, path)
        _only(body, path, {"filter", "boost", "_name"})
        if "filter" not in body:
            raise BadRequest(f"{path}: 'filter' is required")
        return self.query(body["filter"], f"{path}.filter")

    def dis_max(self, body: Any, path: str) -> Node:
        body = _object(body, path)
        _only(body, path, {"queries", "tie_breaker", "boost", "_name"})
        queries = body.get("queries")
        if not isinstance(queries, list) or not queries:
            raise BadRequest(f"{path}.queries: a non-empty list of queries is required")
        return AnyOf([self.query(q, f"{path}.queries[{i}]") for i, q in enumerate(queries)])

    def nested(self, body: Any, path: str) -> Node:
        body = _object(body, path)
        _only(body, path, {"path", "query", "score_mode", "score_more", "ignore_unmapped", "inner_hits", "boost",
                           "_name"})
        if not isinstance(body.get("path"), str) or "query" not in body:
            raise BadRequest(f"{path}: 'path' (a string) and 'query' are required")
        return Nested(body["path"], self.query(body["query"], f"{path}.query"))

    def match_all(self, body: Any, path: str) -> Node:
        _only(_object(body, path), path, {"boost", "_name"})
        return MatchAll()

    def match_none(self, body: Any, path: str) -> Node:
        _only(_object(body, path), path, {"_name"})
        return MatchNone()

    # term level -------------------------------------------------------------------------
    def term(self, body: Any, path: str) -> Node:
        field, options = _single_field(body, path, short_key="value")
        _only(options, f"{path}.{field}", {"value", "case_insensitive", "boost", "_name"})
        value = _required(options, "value", f"{path}.{field}")
        _scalar(value, f"{path}.{field}.value")
        return Term(field, [value], _flag(options, "case_insensitive", f"{path}.{field}"))

    def terms(self, body: Any, path: str) -> Node:
        body = _object(body, path)
        fields = [k for k in body if k not in ("boost", "_name")]
        if len(fields) != 1:
            raise BadRequest(f"{path}: exactly one field is required, got {_show(fields)}")
        field = fields[0]
        values = body[field]
        if not isinstance(values, list):
            raise BadRequest(f"{path}.{field}: a list of values is required (terms lookup is not supported)")
        for i, value in enumerate(values):
            _scalar(value, f"{path}.{field}[{i}]")
        return Term(field, values, False)

    def prefix(self, body: Any, path: str) -> Node:
        field, options = _single_field(body, path, short_key="value")
        _only(options, f"{path}.{field}", {"value", "case_insensitive", "boost", "rewrite", "_name"})
        value = _string(_required(options, "value", f"{path}.{field}"), f"{path}.{field}.value")
        return Prefix(field, value, _flag(options, "case_insensitive", f"{path}.{field}"))

    def wildcard(self, body: Any, path: str) -> Node:
        field, options = _single_field(body, path, short_key="value")
        _only(options, f"{path}.{field}", {"value", "wildcard", "case_insensitive", "boost", "rewrite", "_name"})
        raw = options.get("value", options.get("wildcard"))
        value = _string(raw, f"{path}.{field}.value")
        insensitive = _flag(options, "case_insensitive", f"{path}.{field}") or is_normalized(field)
        pattern = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in value)
        if insensitive:
            pattern = pattern.lower()
        return Pattern(field, re.compile(pattern, re.DOTALL), insensitive)

    def regexp(self, body: Any, path: str) -> Node:
        field, options = _single_field(body, path, short_key="value")
        _only(options, f"{path}.{field}", {"value", "flags", "case_insensitive", "max_determinized_states", "boost",
                                          "rewrite", "_name"})
        value = _string(_required(options, "value", f"{path}.{field}"), f"{path}.{field}.value")
        insensitive = _flag(options, "case_insensitive", f"{path}.{field}") or is_normalized(field)
        try:
            regex = re.compile(value.lower() if insensitive else value, re.DOTALL)
        except re.error as exc:
            raise BadRequest(f"{path}.{field}.value: invalid regular expression {value!r}: {exc}") from None
        return Pattern(field, regex, insensitive)

    def fuzzy(self, body: Any, path: str) -> Node:
        field, options = _single_field(body, path, short_key="value")
        _only(options, f"{path}.{field}", {"value", "fuzziness", "max_expansions", "prefix_length", "transpositions",
                                          "rewrite", "boost", "_name"})
        value = _string(_required(options, "value", f"{path}.{field}"), f"{path}.{field}.value")
        fuzziness = options.get("fuzziness", "AUTO")
        _max_edits(fuzziness, len(value), f"{path}.{field}.fuzziness")  # validate now
        prefix_length = options.get("prefix_length", 0)
        if not isinstance(prefix_length, int) or isinstance(prefix_length, bool) or prefix_length < 0:
            raise BadRequest(f"{path}.{field}.prefix_length: a non-negative integer is required")
        transpositions = _flag(options, "transpositions", f"{path}.{field}", default=True)
        return Fuzzy(field, value, fuzziness, prefix_length, transpositions)

    def range(self, body: Any, path: str) -> Node:
        field, options = _single_field(body, path, short_key=None)
        where = f"{path}.{field}"
        _only(options, where, {"gt", "gte", "lt", "lte", "from", "to", "include_lower", "include_upper", "format",
                               "relation", "time_zone", "boost", "_name"})
        given = {k: options[k] for k in ("gt", "gte", "lt", "lte") if options.get(k) is not None}
        if options.get("from") is not None:
            given["gte" if options.get("include_lower", True) else "gt"] = options["from"]
        if options.get("to") is not None:
            given["lte" if options.get("include_upper", True) else "lt"] = options["to"]
        fmt = options.get("format")
        if fmt is not None and not isinstance(fmt, str):
            raise BadRequest(f"{where}.format: a string is required")
        zone = analysis.time_zone(options["time_zone"], f"{where}.time_zone") if "time_zone" in options else UTC
        bounds: dict[str, Bound] = {}
        dated = split_field(field)[0] in self.date_fields
        for name, value in given.items():
            _scalar(value, f"{where}.{name}")
            number = self._number(value, fmt, zone, f"{where}.{name}")
            if dated and (number is None or not math.isfinite(number)):
                # Elasticsearch: a 400 parse_exception, never a range that silently matches nothing.
                raise BadRequest(f"{where}.{name}: failed to parse date field [{_text(value)}] with format "
                                 f"[{fmt or 'strict_date_optional_time||epoch_millis'}]: a number (epoch "
                                 "millis), an ISO date or date math (now-7d/d, 2024-01-01||+1M) is required")
            bounds[name] = Bound(value, number)
        return Range(field, bounds)

    def _number(self, value: Any, fmt: str | None, zone: tzinfo, where: str) -> float | None:
        number = analysis.as_number(value)
        if number is not None and fmt is None:
            return number
        if isinstance(value, str) and (value.startswith("now") or _looks_like_date(value)) or fmt is not None:
            return analysis.date_ms(value, self.now_ms, where, fmt, zone)
        return None

    def exists(self, body: Any, path: str) -> Node:
        body = _object(body, path)
        _only(body, path, {"field", "boost", "_name"})
        return Exists(_string(body.get("field"), f"{path}.field"))

    # full text --------------------------------------------------------------------------
    def match(self, body: Any, path: str) -> Node:
        field, options = _single_field(body, path, short_key="query")
        where = f"{path}.{field}"
        _only(options, where, {"query", "analyzer", "operator", "minimum_should_match", "fuzziness",
                               "fuzzy_transpositions", "fuzzy_rewrite", "lenient", "zero_terms_query",
                               "max_expansions", "prefix_length", "auto_generate_synonyms_phrase_query",
                               "cutoff_frequency", "boost", "_name"})
        query = _required(options, "query", where)
        _scalar(query, f"{where}.query")
        analyze = _analyzer(field)  # stored text was analyzed when it was indexed
        tokens = list(dict.fromkeys(_analyzer(field, options.get("analyzer"), f"{where}.analyzer")(query)))
        fuzzy = None
        if options.get("fuzziness") is not None:
            _max_edits(options["fuzziness"], 0, f"{where}.fuzziness")
            prefix_length = options.get("prefix_length", 0)
            if not isinstance(prefix_length, int) or isinstance(prefix_length, bool) or prefix_length < 0:
                raise BadRequest(f"{where}.prefix_length: a non-negative integer is required")
            fuzzy = Fuzzy(field, "", options["fuzziness"], prefix_length,
                          _flag(options, "fuzzy_transpositions", where, default=True))
        operator = str(options.get("operator", "OR")).upper()
        if operator not in ("OR", "AND"):
            raise BadRequest(f"{where}.operator: must be OR or AND, got {options['operator']!r}")
        if operator == "AND":
            required = len(tokens)
        elif "minimum_should_match" in options:
            required = max(1, _minimum_should_match(options["minimum_should_match"], len(tokens),
                                                    f"{where}.minimum_should_match"))
        else:
            required = 1
        if not tokens:
            zero = str(options.get("zero_terms_query", "none")).lower()
            return MatchAll() if zero == "all" else MatchNone()
        return Match(field, tokens, min(required, len(tokens)), analyze, fuzzy)

    def match_phrase(self, body: Any, path: str) -> Node:
        field, options = _single_field(body, path, short_key="query")
        where = f"{path}.{field}"
        _only(options, where, {"query", "analyzer", "slop", "zero_terms_query", "boost", "_name"})
        query = _required(options, "query", where)
        _scalar(query, f"{where}.query")
        slop = options.get("slop", 0)
        if not isinstance(slop, int) or isinstance(slop, bool) or slop < 0:
            raise BadRequest(f"{where}.slop: a non-negative integer is required")
        tokens = _analyzer(field, options.get("analyzer"), f"{where}.analyzer")(query)
        return MatchPhrase(field, tokens, slop, _analyzer(field))


# Analyzers a query may name: the text analyzers all tokenize as ``analysis.tokens`` does here.
_TEXT_ANALYZERS = {"standard", "simple", "atlan_text_analyzer", "atlan_text_analyzer_v2", "atlan_text_stemmer",
                   "atlan_glossary_analyzer", "search_synonyms"}


def _analyzer(field: str, named: Any = None, where: str = "analyzer") -> Callable[[Any], list[str]]:
    """How a field's text is analyzed (its suffix decides), or how a query's text is when it names an
    analyzer (stored text keeps the field's own analysis)."""
    if named is not None:
        if named == "keyword":
            return lambda value: [] if value is None else [_text(value)]
        if named == "atlan_text_stemmer":
            return analysis.stemmed_tokens
        if named not in _TEXT_ANALYZERS:
            raise BadRequest(f"{where}: unsupported analyzer {named!r} (supported: keyword, "
                             f"{', '.join(sorted(_TEXT_ANALYZERS))})")
        return analysis.tokens
    suffix = split_field(field)[1]
    if suffix == "stemmed":
        return analysis.stemmed_tokens
    if suffix == "keyword":
        return lambda value: [] if value is None else [_text(value).lower()]
    return analysis.tokens


_CLAUSES: dict[str, Callable[[_Compiler, Any, str], Node]] = {
    "bool": _Compiler.bool,
    "term": _Compiler.term,
    "terms": _Compiler.terms,
    "prefix": _Compiler.prefix,
    "wildcard": _Compiler.wildcard,
    "regexp": _Compiler.regexp,
    "fuzzy": _Compiler.fuzzy,
    "range": _Compiler.range,
    "exists": _Compiler.exists,
    "match": _Compiler.match,
    "match_phrase": _Compiler.match_phrase,
    "match_all": _Compiler.match_all,
    "match_none": _Compiler.match_none,
    "nested": _Compiler.nested,
    "constant_score": _Compiler.constant_score,
    "dis_max": _Compiler.dis_max,
}


def compile_query(
    query: Any, *, path: str = "query", now_ms: int | None = None, date_fields: Collection[str] = frozenset()
) -> Node:
    """Parse and validate a whole query into a predicate; ``None`` or ``{}`` matches everything.

    ``date_fields`` are the fields the index maps as dates (or epoch-ms numbers): a range bound on
    one must be a number, an ISO date or date math, else a 400 as Elasticsearch gives."""
    if query is None or query == {}:
        return MatchAll()
    now = int(time.time() * 1000) if now_ms is None else now_ms
    return _Compiler(now, date_fields).query(query, path)


# --- sort ------------------------------------------------------------------------------------
class _Desc:
    """Inverts the order of a value inside a sort key tuple."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Desc) -> bool:
        return bool(other.value < self.value)

    def __gt__(self, other: _Desc) -> bool:
        return bool(other.value > self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)


def _rank(value: Any) -> tuple[int, Any]:
    """Mixed types sort numbers first, then strings (never comparing across types)."""
    if isinstance(value, bool):
        return (0, float(value))
    if isinstance(value, (int, float)):
        return (0, float(value))
    return (1, _text(value))


@dataclass(frozen=True)
class SortSpec:
    field: str
    descending: bool
    missing: str | float | None  # "_last", "_first" or a replacement value
    mode: str | None
    nested_path: str | None
    nested_filter: Node | None


def parse_sort(sort: Any, *, path: str = "sort") -> list[SortSpec]:
    if sort is None:
        return []
    if isinstance(sort, (str, dict)):
        sort = [sort]
    if not isinstance(sort, list):
        raise BadRequest(f"{path}: a list of sort items is required, got {_show(sort)}")
    compiler = _Compiler(int(time.time() * 1000))
    specs = []
    for i, item in enumerate(sort):
        where = f"{path}[{i}]"
        options: Any
        if isinstance(item, str):
            field, options = item, {}
        elif isinstance(item, dict) and len(item) == 1:
            (field, options), = item.items()
            if isinstance(options, str):
                options = {"order": options}
            if not isinstance(options, dict):
                raise BadRequest(f"{where}.{field}: an object or 'asc'/'desc' is required")
        else:
            raise BadRequest(f"{where}: a sort item is a field name or an object with one field, got {_show(item)}")
        if field in ("_score", "_doc"):
            continue  # scores are all equal and index order is insertion order: both no-ops
        where = f"{where}.{field}"
        _only(options, where, {"order", "missing", "mode", "nested", "nested_path", "nested_filter",
                               "unmapped_type", "numeric_type", "format"})
        order = str(options.get("order", "asc")).lower()
        if order not in ("asc", "desc"):
            raise BadRequest(f"{where}.order: must be asc or desc, got {options.get('order')!r}")
        mode = options.get("mode")
        if mode is not None and mode not in ("min", "max", "avg", "sum", "median"):
            raise BadRequest(f"{where}.mode: must be one of min, max, avg, sum, median")
        nested = options.get("nested")
        nested_path = options.get("nested_path")
        nested_filter_raw = options.get("nested_filter")
        if nested is not None:
            if not isinstance(nested, dict) or not isinstance(nested.get("path"), str):
                raise BadRequest(f"{where}.nested: an object with a 'path' is required")
            nested_path = nested["path"]
            nested_filter_raw = nested.get("filter")
        nested_filter = None
        if nested_filter_raw is not None:
            nested_filter = compiler.query(nested_filter_raw, f"{where}.nested.filter")
        specs.append(SortSpec(field, order == "desc", options.get("missing", "_last"), mode, nested_path,
                              nested_filter))
    return specs


def compile_sort(sort: Any, *, path: str = "sort") -> SortKey:
    """A key function for ``sorted``: missing values last (or as ``missing`` says), multi-valued
    fields by their min (asc) or max (desc), ``.keyword`` fields by their lower-cased value."""
    specs = parse_sort(sort, path=path)
    return key_for(specs)


def key_for(specs: list[SortSpec]) -> SortKey:
    if not specs:
        return lambda doc: 0

    views = [view_of(spec.field) for spec in specs]

    def sort_key(doc: Document) -> tuple[Any, ...]:
        parts: list[Any] = []
        for spec, view in zip(specs, views, strict=True):
            values = _sort_values(doc, spec, view)
            if values:
                value = _rank(values[0]) if len(values) == 1 else _pick(values, spec)
                parts.append((1, _Desc(value) if spec.descending else value))
            elif spec.missing == "_first":
                parts.append((0, None))
            elif spec.missing in ("_last", None):
                parts.append((2, None))
            else:
                value = _rank(spec.missing)
                parts.append((1, _Desc(value) if spec.descending else value))
        return tuple(parts)

    return sort_key


def _sort_values(doc: Document, spec: SortSpec, view: View) -> list[Any]:
    if spec.nested_path:
        values = []
        for inner in doc.nested(spec.nested_path):
            if spec.nested_filter is None or spec.nested_filter(inner):
                values.extend(view(inner.values(spec.field)))
        return values
    return view(doc.values(spec.field))


def _pick(values: list[Any], spec: SortSpec) -> Any:
    ranked = [_rank(v) for v in values]
    mode = spec.mode or ("max" if spec.descending else "min")
    if mode in ("avg", "sum", "median"):
        numbers = [r[1] for r in ranked if r[0] == 0]
        if numbers:
            if mode == "sum":
                return (0, math.fsum(numbers))
            if mode == "avg":
                return (0, math.fsum(numbers) / len(numbers))
            ordered = sorted(numbers)
            return (0, ordered[len(ordered) // 2])
        mode = "min"
    return max(ranked) if mode == "max" else min(ranked)


# --- helpers ---------------------------------------------------------------------------------
def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _object(body: Any, path: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise BadRequest(f"{path}: an object is required, got {_show(body)}")
    return body


def _only(options: dict[str, Any], path: str, allowed: set[str]) -> None:
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise BadRequest(f"{path}: unsupported option(s) {', '.join(unknown)}")


def _required(options: dict[str, Any], name: str, path: str) -> Any:
    if options.get(name) is None:
        raise BadRequest(f"{path}: '{name}' is required")
    return options[name]


def _string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise BadRequest(f"{path}: a string is required, got {_show(value)}")
    return value


def _scalar(value: Any, path: str) -> None:
    if value is None or isinstance(value, (dict, list)):
        raise BadRequest(f"{path}: a string, number or boolean is required, got {_show(value)}")


def _flag(options: dict[str, Any], name: str, path: str, *, default: bool = False) -> bool:
    value = options.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise BadRequest(f"{path}.{name}: true or false is required, got {_show(value)}")
    return value


def _single_field(body: Any, path: str, *, short_key: str | None) -> tuple[str, dict[str, Any]]:
    """``{"F": {...options}}`` or the short form ``{"F": value}``, with an optional boost/_name beside."""
    body = _object(body, path)
    fields = [k for k in body if k not in ("boost", "_name")]
    if len(fields) != 1:
        raise BadRequest(f"{path}: exactly one field is required, got {_show(fields)}")
    field = fields[0]
    options = body[field]
    if not isinstance(options, dict):
        if short_key is None:
            raise BadRequest(f"{path}.{field}: an object of options is required")
        options = {short_key: options}
    return field, options


def _minimum_should_match(value: Any, clauses: int, path: str) -> int:
    """An int (negative = all but n) or a percentage string ("75%", "-25%")."""
    if isinstance(value, bool):
        raise BadRequest(f"{path}: an integer or percentage is required")
    if isinstance(value, int):
        return value if value >= 0 else max(0, clauses + value)
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.endswith("%"):
                percent = int(text[:-1])
                count = int(clauses * abs(percent) / 100)
                return count if percent >= 0 else max(0, clauses - count)
            number = int(text)
        except ValueError:
            raise BadRequest(f"{path}: cannot read {value!r} (use an integer or a percentage)") from None
        return number if number >= 0 else max(0, clauses + number)
    raise BadRequest(f"{path}: an integer or percentage is required, got {_show(value)}")


def _max_edits(fuzziness: Any, length: int, path: str = "fuzziness") -> int:
    if isinstance(fuzziness, int) and not isinstance(fuzziness, bool) and fuzziness in (0, 1, 2):
        return fuzziness
    if isinstance(fuzziness, str):
        text = fuzziness.strip().upper()
        if text in ("0", "1", "2"):
            return int(text)
        if text.startswith("AUTO"):
            low, high = 3, 6
            if text.startswith("AUTO:"):
                try:
                    low, high = (int(x) for x in text[5:].split(","))
                except ValueError:
                    raise BadRequest(f"{path}: cannot read {fuzziness!r} (AUTO:low,high)") from None
            return 0 if length < low else 1 if length < high else 2
    raise BadRequest(f"{path}: must be 0, 1, 2 or AUTO, got {_show(fuzziness)}")


def _edit_distance(a: str, b: str, transpositions: bool) -> int:
    """Levenshtein distance, counting an adjacent swap as one edit when ``transpositions``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if transpositions and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def _phrase_in(stored: list[str], phrase: list[str], slop: int) -> bool:
    """The phrase's tokens in order, with at most ``slop`` extra positions in between overall."""
    for start, token in enumerate(stored):
        if token != phrase[0]:
            continue
        position, budget, ok = start, slop, True
        for wanted in phrase[1:]:
            found = None
            for offset in range(1, budget + 2):
                if position + offset < len(stored) and stored[position + offset] == wanted:
                    found = offset
                    break
            if found is None:
                ok = False
                break
            budget -= found - 1
            position += found
        if ok:
            return True
    return False


_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _looks_like_date(value: str) -> bool:
    return bool(_DATE_LIKE.match(value))


# Exposed for planners that walk a compiled tree.
__all__ = [
    "AnyOf", "Bool", "Exists", "Fuzzy", "Match", "MatchAll", "MatchNone", "MatchPhrase", "Nested", "Node",
    "Pattern", "Predicate", "Prefix", "Range", "SortSpec", "Term", "compile_query", "compile_sort", "key_for",
    "parse_sort",
]
