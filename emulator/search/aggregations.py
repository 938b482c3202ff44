"""Aggregations over the hits of a query, in the reply shapes pyatlan parses: terms (with nested
aggregations and ``order``), cardinality, min/max/avg/sum/value_count and top_hits.

Generic over ``Document`` like the query evaluator. ``compile_aggregations`` validates the
whole request first (BadRequest with the JSON path); the result is then run on any hit list.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import BadRequest
from . import analysis
from .analysis import Key
from .document import Document
from .dsl import view_of

SourceOf = Callable[[Document, list[str]], dict[str, Any]]
IdOf = Callable[[Document], str]


@dataclass
class Aggregation:
    name: str
    kind: str
    field: str | None = None
    size: int = 10
    order: list[tuple[str, bool]] = dataclasses.field(default_factory=list)  # (_count | _key, descending)
    min_doc_count: int = 1
    includes: list[str] = dataclasses.field(default_factory=list)
    missing: Any = None  # a value counted for hits that have none (terms and metrics)
    keep: Callable[[Any], bool] | None = None  # terms include/exclude
    children: list[Aggregation] = dataclasses.field(default_factory=list)

    def run(self, hits: Sequence[Document], source_of: SourceOf, id_of: IdOf) -> dict[str, Any]:
        if self.kind == "terms":
            return self._terms(hits, source_of, id_of)
        if self.kind == "top_hits":
            return _top_hits(hits[: self.size], self.includes, source_of, id_of, len(hits))
        assert self.field is not None
        view = view_of(self.field)
        values = [v for doc in hits for v in (view(doc.values(self.field)) or self._missing())]
        if self.kind == "cardinality":
            return {"value": len({analysis.key(v) for v in values})}
        if self.kind == "value_count":
            return {"value": len(values)}
        numbers = [n for n in (analysis.as_number(v) for v in values) if n is not None]
        if self.kind == "sum":
            return {"value": math.fsum(numbers)}
        if not numbers:
            return {"value": None}
        if self.kind == "min":
            return {"value": min(numbers)}
        if self.kind == "max":
            return {"value": max(numbers)}
        return {"value": math.fsum(numbers) / len(numbers)}  # avg

    def countable(self) -> bool:
        """Whether value counts alone answer this aggregation (a terms one with nothing nested)."""
        return self.kind == "terms" and not self.children and self.missing is None

    def from_counts(self, counts: dict[Key, int]) -> dict[str, Any]:
        """A countable terms aggregation from hit counts per value key (e.g. from an index)."""
        if self.keep is not None:
            counts = {k: c for k, c in counts.items() if self.keep(k[1])}
        return self._buckets(counts, {k: k[1] for k in counts}, {}, lambda docs: {})

    def _terms(self, hits: Sequence[Document], source_of: SourceOf, id_of: IdOf) -> dict[str, Any]:
        assert self.field is not None
        view = view_of(self.field)
        groups: dict[Key, list[Document]] = {}
        shown: dict[Key, Any] = {}
        for doc in hits:
            seen = set()
            for value in view(doc.values(self.field)) or self._missing():
                if self.keep is not None and not self.keep(value):
                    continue
                k = analysis.key(value)
                if k in seen:
                    continue
                seen.add(k)
                groups.setdefault(k, []).append(doc)
                shown.setdefault(k, value)
        counts = {k: len(docs) for k, docs in groups.items()}

        def nested(docs: Sequence[Document]) -> dict[str, Any]:
            return {child.name: child.run(docs, source_of, id_of) for child in self.children}

        return self._buckets(counts, shown, groups, nested)

    def _buckets(self, counts: dict[Key, int], shown: dict[Key, Any], groups: dict[Key, list[Document]],
                 nested: Callable[[Sequence[Document]], dict[str, Any]]) -> dict[str, Any]:
        """Buckets by doc_count desc then key asc (or ``order``), ``size`` of them, the rest counted."""
        ranked = sorted(counts, key=lambda k: (-counts[k], _sortable(k)))
        for criterion, descending in reversed(self.order):
            if criterion == "_count":
                ranked.sort(key=lambda k: counts[k], reverse=descending)
            else:
                ranked.sort(key=_sortable, reverse=descending)
        ranked = [k for k in ranked if counts[k] >= self.min_doc_count]
        kept, dropped = ranked[: self.size], ranked[self.size :]
        buckets = []
        for k in kept:
            value = shown[k]
            bucket: dict[str, Any] = {"key": value, "doc_count": counts[k]}
            if isinstance(value, bool):
                bucket = {"key": 1 if value else 0, "key_as_string": "true" if value else "false",
                          "doc_count": counts[k]}
            bucket.update(nested(groups.get(k, [])))
            buckets.append(bucket)
        return {"doc_count_error_upper_bound": 0,
                "sum_other_doc_count": sum(counts[k] for k in dropped),
                "buckets": buckets}

    def _missing(self) -> list[Any]:
        return [] if self.missing is None else [self.missing]


def _sortable(k: tuple[str, Any]) -> tuple[int, Any]:
    return (0, k[1]) if k[0] == "n" else (1, str(k[1]))


def _top_hits(hits: Sequence[Document], includes: list[str], source_of: SourceOf, id_of: IdOf,
              total: int) -> dict[str, Any]:
    return {"hits": {"total": {"value": total, "relation": "eq"}, "max_score": 1.0,
                     "hits": [{"_index": "janusgraph_vertex_index", "_type": "_doc", "_id": id_of(doc), "_score": 1,
                               "_source": source_of(doc, includes)} for doc in hits]}}


_METRICS = ("cardinality", "min", "max", "avg", "sum", "value_count")


def compile_aggregations(raw: Any, *, path: str = "aggregations") -> list[Aggregation]:
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise BadRequest(f"{path}: an object of named aggregations is required")
    return [_compile_one(name, body, f"{path}.{name}") for name, body in raw.items()]


def _compile_one(name: str, body: Any, path: str) -> Aggregation:
    if not isinstance(body, dict):
        raise BadRequest(f"{path}: an object is required")
    children_raw = body.get("aggregations", body.get("aggs"))
    # pyatlan's bucket_by(order=...) puts "order" beside "terms" instead of inside it.
    outer_order = body.get("order")
    kinds = [k for k in body if k not in ("aggregations", "aggs", "order", "meta")]
    if len(kinds) != 1:
        raise BadRequest(f"{path}: exactly one aggregation type is required, got {kinds}")
    kind = kinds[0]
    spec = body[kind]
    where = f"{path}.{kind}"
    if not isinstance(spec, dict):
        raise BadRequest(f"{where}: an object is required")
    children_path = f"{path}.aggregations"
    if kind == "terms":
        _only(spec, where, {"field", "size", "order", "min_doc_count", "shard_size", "show_term_doc_count_error",
                            "missing", "include", "exclude", "execution_hint", "collect_mode"})
        order = _order(spec.get("order", outer_order), f"{where}.order")
        size = _int(spec.get("size", 10), f"{where}.size")
        return Aggregation(name, kind, _field(spec, where), size=size, order=order,
                           min_doc_count=_int(spec.get("min_doc_count", 1), f"{where}.min_doc_count"),
                           missing=spec.get("missing"), keep=_filter(spec, where),
                           children=compile_aggregations(children_raw, path=children_path))
    if children_raw:
        raise BadRequest(f"{path}: a {kind} aggregation cannot have sub-aggregations")
    if kind in _METRICS:
        _only(spec, where, {"field", "missing", "precision_threshold", "format"})
        return Aggregation(name, kind, _field(spec, where), missing=spec.get("missing"))
    if kind == "top_hits":
        _only(spec, where, {"size", "_source", "from", "sort"})
        source = spec.get("_source", {})
        includes: list[str] = []
        if isinstance(source, dict):
            includes = list(source.get("includes", []))
        elif isinstance(source, list):
            includes = list(source)
        elif isinstance(source, str):
            includes = [source]
        return Aggregation(name, kind, size=_int(spec.get("size", 3), f"{where}.size"), includes=includes)
    raise BadRequest(f"{path}: unsupported aggregation '{kind}' (supported: terms, top_hits, "
                     f"{', '.join(_METRICS)})")


def _filter(spec: dict[str, Any], path: str) -> Callable[[Any], bool] | None:
    """terms ``include``/``exclude``: a regular expression (whole value) or a list of values."""
    tests = []
    for name, wanted in (("include", True), ("exclude", False)):
        given = spec.get(name)
        if given is None:
            continue
        if isinstance(given, str):
            try:
                pattern = re.compile(given)
            except re.error as exc:
                raise BadRequest(f"{path}.{name}: invalid regular expression {given!r}: {exc}") from None
            tests.append((wanted, lambda v, p=pattern: bool(p.fullmatch(str(v)))))
        elif isinstance(given, list):
            keys = {analysis.key(v) for v in given}
            tests.append((wanted, lambda v, k=keys: analysis.key(v) in k))
        else:
            raise BadRequest(f"{path}.{name}: a regular expression or a list of values is required")
    if not tests:
        return None
    return lambda value: all(test(value) == wanted for wanted, test in tests)


def _only(spec: dict[str, Any], path: str, allowed: set[str]) -> None:
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise BadRequest(f"{path}: unsupported option(s) {', '.join(unknown)}")


def _field(spec: dict[str, Any], path: str) -> str:
    value = spec.get("field")
    if not isinstance(value, str) or not value:
        raise BadRequest(f"{path}.field: a field name is required")
    return value


def _int(value: Any, path: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadRequest(f"{path}: a non-negative integer is required, got {value!r}")
    return value


def _order(raw: Any, path: str) -> list[tuple[str, bool]]:
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if not isinstance(item, dict) or len(item) != 1:
            raise BadRequest(f"{path}: each order is an object like {{\"_count\": \"desc\"}}")
        (criterion, direction), = item.items()
        if criterion in ("_term",):
            criterion = "_key"
        if criterion not in ("_count", "_key") or str(direction).lower() not in ("asc", "desc"):
            raise BadRequest(f"{path}: order by _count or _key, asc or desc, got {item!r}")
        out.append((criterion, str(direction).lower() == "desc"))
    return out
