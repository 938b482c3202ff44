"""The workflows and runs indexes: Elasticsearch-style search over stored Argo documents,
evaluated by the shared query evaluator (``emulator.search.dsl``).

The evaluator sees each document as Elasticsearch's mapping would: the Argo timestamps are
``date`` fields (epoch milliseconds, so ranges with date math and sorts compare instants), and
``_id`` is the document's name. Hits carry the stored document unchanged as ``_source``.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from ..errors import BadRequest
from ..search.document import DictDocument
from ..search.dsl import compile_query, compile_sort

DATE_FIELDS = (("metadata", "creationTimestamp"), ("status", "startedAt"), ("status", "finishedAt"))
DATE_FIELD_NAMES = frozenset(".".join(parts) for parts in DATE_FIELDS)
DEFAULT_SORT = [{"metadata.creationTimestamp": {"order": "desc", "nested": {"path": "metadata"}}}]
MAX_WINDOW = 10_000


def search_documents(
    docs: list[tuple[str, dict[str, Any]]], body: Any, *, index: str, now_ms: int
) -> dict[str, Any]:
    """Answer one indexsearch body over ``(id, document)`` pairs, newest-first as given."""
    if not isinstance(body, dict):
        raise BadRequest("search body must be a JSON object")
    start = _count(body, "from", 0)
    size = _count(body, "size", 10)
    if start + size > MAX_WINDOW:
        raise BadRequest(f"from + size must be <= {MAX_WINDOW}, got {start + size}")
    predicate = compile_query(body.get("query"), now_ms=now_ms, date_fields=DATE_FIELD_NAMES)
    sort = body.get("sort") or DEFAULT_SORT
    sort_key = compile_sort(sort)
    indexed = [(doc_id, source, DictDocument(_index_view(doc_id, source))) for doc_id, source in docs]
    matched = [item for item in indexed if predicate(item[2])]
    matched.sort(key=lambda item: sort_key(item[2]))
    fields = [next(iter(s)) if isinstance(s, dict) else s for s in (sort if isinstance(sort, list) else [sort])]
    hits = [
        {
            "_index": index,
            "_type": "_doc",
            "_id": doc_id,
            "_score": None,
            "_seq_no": None,
            "_primary_term": None,
            "sort": [_first(view.values(str(field))) for field in fields],
            "_source": copy.deepcopy(source),
        }
        for doc_id, source, view in matched[start : start + size]
    ]
    return {
        "took": 1,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": len(matched), "relation": "eq"}, "max_score": None, "hits": hits},
    }


def required_values(query: Any, field: str) -> set[str] | None:
    """Values (lower-cased, as ``.keyword`` compares them) one of which ``field`` must hold for a
    document to match, read from the query's ``term``/``terms`` clauses under ``must``/``filter``
    and ``nested``; None when the query does not constrain the field that way. Only narrows the
    candidates: the evaluator still tests every candidate against the whole query."""
    if not isinstance(query, dict) or len(query) != 1:
        return None
    (kind, body), = query.items()
    if not isinstance(body, dict):
        return None
    if kind == "nested":
        return required_values(body.get("query"), field)
    if kind == "bool":
        found: set[str] | None = None
        for occur in ("must", "filter"):
            clauses = body.get(occur) or []
            for clause in clauses if isinstance(clauses, list) else [clauses]:
                values = required_values(clause, field)
                if values is not None:
                    found = values if found is None else found & values
        return found
    if kind in ("term", "terms") and set(body) - {"boost", "case_insensitive"} == {field}:
        value = body[field]
        if kind == "term":
            value = value.get("value") if isinstance(value, dict) else value
            return {str(value).lower()} if isinstance(value, str | int) and not isinstance(value, bool) else None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return {v.lower() for v in value}
    return None


def _index_view(doc_id: str, source: dict[str, Any]) -> dict[str, Any]:
    view = dict(source, _id=doc_id)
    spec = source.get("spec")
    if source.get("kind") == "Workflow" and isinstance(spec, dict) and isinstance(spec.get("workflowTemplateRef"), dict):
        # Compatibility rule (a deviation): a run is also found by its own name where its template's
        # name is searched, so pyatlan's monitor(rerun_response), which searches the template field
        # for the run's name, ends instead of polling forever.
        ref = spec["workflowTemplateRef"]
        view["spec"] = {**spec, "workflowTemplateRef": {**ref, "name": [ref.get("name"), doc_id]}}
    for section, field in DATE_FIELDS:
        part = view.get(section)
        if isinstance(part, dict) and isinstance(part.get(field), str):
            millis = _epoch_ms(part[field])
            if millis is not None:
                view[section] = {**part, field: millis}  # a copy: the stored document stays as it is
    return view


def _epoch_ms(text: str) -> int | None:
    try:
        return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        return None


def _first(values: list[Any]) -> Any:
    return values[0] if values else None


def _count(body: dict[str, Any], name: str, default: int) -> int:
    value = body.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadRequest(f"{name} must be a non-negative integer, got {value!r}")
    return value
