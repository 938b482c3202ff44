"""The tenant's asset index: the searchable copy of the store, with inverted indexes so that
keyword, term(s) and prefix clauses are answered by lookups instead of scanning every asset.

The index is kept in step with the store through ``EntityStore.add_listener``. A write becomes
visible after the tenant's search refresh interval (0 = at once), through the tenant's Clock, as
the real index lags the store. Field indexes are built the first time a field is used in a
term-level clause and maintained on every change from then on; the fields every SDK query uses
are indexed from the start. Fields derived from other entities (a term's glossary, an asset's
terms) are never indexed: they are read live, so they are never stale.

Planning (``plan``) answers term(s) and prefix clauses from the indexes (which apply the same
suffix and case rules as the predicates) and leaves the rest of the query to test on the
candidates only.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from ..entities.model import Entity
from .analysis import Key, key
from .document import split_field
from .dsl import Bool, MatchAll, MatchNone, Node, Prefix, Range, Term, lowercases, view_of
from .entity_document import DERIVED_FROM_OTHERS, NUMERIC_FIELDS, EntityDocument, IndexContext

# Indexed from the start: what FluentSearch, find_* and bulk paging filter on.
DEFAULT_FIELDS = ("__state", "__typeName.keyword", "__superTypeNames.keyword", "name.keyword", "qualifiedName",
                  "__traitNames", "connectorName")
# Keys added since the last sort are kept aside (and scanned) until there are this many.
_MERGE_AFTER = 512


class SortedKeys:
    """The values of one kind (strings, or numbers) a field index holds, in order, for prefix and
    range walks. New values wait in a small unsorted set; removed ones are skipped lazily."""

    __slots__ = ("kind", "_sorted", "_added")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._sorted: list[Any] = []
        self._added: set[Any] = set()

    def add(self, value: Any) -> None:
        self._added.add(value)

    def between(self, postings: dict[Key, set[str]], low: Any, high_ok: Callable[[Any], bool],
                low_ok: Callable[[Any], bool]) -> Iterator[set[str]]:
        """The GUID sets of every live value from ``low`` on while ``high_ok`` holds."""
        if len(self._added) > _MERGE_AFTER:
            self.merge(postings)
        ordered = self._sorted
        for i in range(0 if low is None else bisect.bisect_left(ordered, low), len(ordered)):
            value = ordered[i]
            if not high_ok(value):
                break
            guids = postings.get((self.kind, value))
            if guids and low_ok(value):
                yield guids
        for value in self._added:
            if (low is None or value >= low) and low_ok(value) and high_ok(value):
                guids = postings.get((self.kind, value))
                if guids:
                    yield guids

    def merge(self, postings: dict[Key, set[str]]) -> None:
        live = {v for v in self._sorted if (self.kind, v) in postings}
        live.update(v for v in self._added if (self.kind, v) in postings)
        self._sorted = sorted(live)
        self._added = set()


class FieldIndex:
    """Value key -> GUIDs for one field (in one case mode), plus the keys in order for prefixes
    (strings) and ranges (numbers)."""

    __slots__ = ("field", "fold", "view", "postings", "strings", "numbers")

    def __init__(self, field: str, fold: bool) -> None:
        self.field = field
        self.fold = fold
        base_view = view_of(field)
        self.view: Callable[[list[Any]], list[Any]] = (
            (lambda values: [v.lower() if isinstance(v, str) else v for v in base_view(values)]) if fold else base_view)
        self.postings: dict[Key, set[str]] = {}
        self.strings = SortedKeys("s")
        self.numbers = SortedKeys("n")

    def keys_of(self, doc: EntityDocument) -> set[Key]:
        # strings, by far the most values, keyed inline: this runs for every field of every asset
        return {("s", v) if type(v) is str else key(v) for v in self.view(doc.values(self.field))}

    def add(self, guid: str, keys: Iterable[Key]) -> None:
        for k in keys:
            guids = self.postings.get(k)
            if guids is None:
                self.postings[k] = {guid}
                if k[0] == "s":
                    self.strings.add(k[1])
                elif k[0] == "n":
                    self.numbers.add(k[1])
            else:
                guids.add(guid)

    def discard(self, guid: str, keys: Iterable[Key]) -> None:
        for k in keys:
            guids = self.postings.get(k)
            if guids is not None:
                guids.discard(guid)
                if not guids:
                    del self.postings[k]

    def lookup(self, keys: Iterable[Key]) -> set[str]:
        found: list[set[str]] = [self.postings[k] for k in keys if k in self.postings]
        if len(found) == 1:
            return found[0]
        out: set[str] = set()
        for guids in found:
            out |= guids
        return out

    def with_prefix(self, prefix: str) -> set[str]:
        out: set[str] = set()
        for guids in self.strings.between(self.postings, prefix, lambda v: v.startswith(prefix), lambda v: True):
            out |= guids
        return out

    def in_range(self, gt: float | None, gte: float | None, lt: float | None, lte: float | None) -> set[str]:
        """GUIDs with a number inside the bounds (numbers only: the range clause still decides)."""
        low = gte if gte is not None else gt

        def low_ok(v: float) -> bool:
            return (gt is None or v > gt) and (gte is None or v >= gte)

        def high_ok(v: float) -> bool:
            return (lt is None or v < lt) and (lte is None or v <= lte)

        out: set[str] = set()
        for guids in self.numbers.between(self.postings, low, high_ok, low_ok):
            out |= guids
        return out

    def settle(self) -> None:
        """Sort everything added so far (after a bulk load)."""
        self.strings.merge(self.postings)
        self.numbers.merge(self.postings)


class EntityIndex:
    """The indexed version of every asset and the field indexes over them."""

    def __init__(self, ctx: IndexContext, *, fields: Iterable[str] = DEFAULT_FIELDS) -> None:
        self.ctx = ctx
        self.entities: dict[str, Entity] = {}
        self._fields: dict[tuple[str, bool], FieldIndex] = {}
        for field in fields:
            self._fields[(field, False)] = FieldIndex(field, False)

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities.values())

    def document(self, entity: Entity) -> EntityDocument:
        return EntityDocument(entity, self.ctx)

    # --- changes ---------------------------------------------------------------------------
    def upsert(self, entity: Entity) -> None:
        before = self.entities.get(entity.guid)
        self.entities[entity.guid] = entity
        new_doc = self.document(entity)
        old_doc = self.document(before) if before is not None else None
        for index in self._fields.values():
            new_keys = index.keys_of(new_doc)
            if old_doc is not None:
                old_keys = index.keys_of(old_doc)
                index.discard(entity.guid, old_keys - new_keys)
                index.add(entity.guid, new_keys - old_keys)
            else:
                index.add(entity.guid, new_keys)

    def remove(self, guid: str) -> None:
        before = self.entities.pop(guid, None)
        if before is None:
            return
        old_doc = self.document(before)
        for index in self._fields.values():
            index.discard(guid, index.keys_of(old_doc))

    def clear(self) -> None:
        self.entities.clear()
        for (field, fold), _ in list(self._fields.items()):
            self._fields[(field, fold)] = FieldIndex(field, fold)

    def settle(self) -> None:
        for index in self._fields.values():
            index.settle()

    # --- planning --------------------------------------------------------------------------
    def field_index(self, field: str, fold: bool) -> FieldIndex:
        """The index of a field, built now from every indexed asset if it is new."""
        index = self._fields.get((field, fold))
        if index is None:
            index = FieldIndex(field, fold)
            for entity in self.entities.values():
                index.add(entity.guid, index.keys_of(self.document(entity)))
            index.settle()
            self._fields[(field, fold)] = index
        return index

    def counts(self, field: str | None, hits: Collection[str]) -> dict[Key, int] | None:
        """Hits per string value of an already indexed field, when it has fewer values than there
        are hits (else None: counting per document is cheaper)."""
        index = None if field is None else self._fields.get((field, False))
        if index is None or split_field(index.field)[0] in DERIVED_FROM_OTHERS or len(index.postings) > len(hits):
            return None
        hit_set = hits if isinstance(hits, (set, frozenset)) else set(hits)
        out: dict[Key, int] = {}
        for k, guids in index.postings.items():
            found = len(guids & hit_set)
            if found:
                if k[0] != "s":
                    return None  # numbers and booleans keep their own key shapes: count per document
                out[k] = found
        return out

    def plan(self, node: Node) -> tuple[set[str] | None, Node]:
        """Candidates from indexes, and what is left to test on each of them.

        Term(s) and prefix clauses an index answers exactly are not tested again; a range on a
        timestamp narrows the candidates and is still tested; a bool's required clauses are
        intersected smallest first. ``None``: no index helps, test every asset."""
        found, exact = self._lookup(node)
        if found is not None:
            return found, MatchAll() if exact else node
        if isinstance(node, MatchNone):
            return set(), node
        if isinstance(node, Bool) and node.required:
            narrowed: list[set[str]] = []
            rest: list[Node] = []
            for clause in node.required:
                found, exact = self._lookup(clause)
                if found is not None:
                    narrowed.append(found)
                if found is None or not exact:
                    rest.append(clause)
            if narrowed:
                narrowed.sort(key=len)
                result = narrowed[0]
                for other in narrowed[1:]:
                    if not result:
                        break
                    result = result & other
                if not rest and not node.must_not and not node.minimum:
                    return result, MatchAll()  # (a should beside a filter only scores)
                return result, Bool(rest, [], node.should, node.must_not, node.minimum)
        if isinstance(node, Bool) and not node.required and node.minimum > 0:
            union = self._union(node.should)
            if union is not None:
                return union, node
        return None, node

    def _union(self, clauses: list[Node]) -> set[str] | None:
        out: set[str] = set()
        for clause in clauses:
            found, _ = self.plan(clause)
            if found is None:
                return None
            out |= found
        return out

    def _lookup(self, node: Node) -> tuple[set[str] | None, bool]:
        """GUIDs for one clause straight from an index, and whether they are exactly its hits."""
        if isinstance(node, (Term, Prefix)) and split_field(node.field)[0] in DERIVED_FROM_OTHERS:
            return None, False
        if isinstance(node, Term):
            if node.field == "__guid" and not node.fold:
                return {k[1] for k in node.keys if k[0] == "s" and k[1] in self.entities}, True
            return self.field_index(node.field, node.fold and not lowercases(node.field)).lookup(node.keys), True
        if isinstance(node, Prefix):
            index = self.field_index(node.field, node.fold and not lowercases(node.field))
            return index.with_prefix(node.prefix), True
        if isinstance(node, Range) and split_field(node.field)[0] in NUMERIC_FIELDS:
            bounds = [node.gt, node.gte, node.lt, node.lte]
            if any(b is not None and b.number is None for b in bounds):
                return None, False
            numbers = [None if b is None else b.number for b in bounds]
            return self.field_index(node.field, False).in_range(*numbers), False
        return None, False
