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
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..entities.model import Entity
from .analysis import Key, key
from .document import split_field
from .dsl import Bool, MatchAll, MatchNone, Node, Prefix, Term, lowercases, view_of
from .entity_document import DERIVED_FROM_OTHERS, EntityDocument, IndexContext

# Indexed from the start: what FluentSearch, find_* and bulk paging filter on.
DEFAULT_FIELDS = ("__state", "__typeName.keyword", "__superTypeNames.keyword", "name.keyword", "qualifiedName",
                  "__traitNames", "connectorName")
# Keys of the sorted list a prefix search walks are strings only.
_MERGE_AFTER = 512


class FieldIndex:
    """Value key -> GUIDs for one field (in one case mode), plus sorted string keys for prefixes."""

    __slots__ = ("field", "fold", "view", "postings", "_sorted", "_added")

    def __init__(self, field: str, fold: bool) -> None:
        self.field = field
        self.fold = fold
        base_view = view_of(field)
        self.view: Callable[[list[Any]], list[Any]] = (
            (lambda values: [v.lower() if isinstance(v, str) else v for v in base_view(values)]) if fold else base_view)
        self.postings: dict[Key, set[str]] = {}
        self._sorted: list[str] = []
        self._added: set[str] = set()

    def keys_of(self, doc: EntityDocument) -> set[Key]:
        return {key(v) for v in self.view(doc.values(self.field))}

    def add(self, guid: str, keys: Iterable[Key]) -> None:
        for k in keys:
            guids = self.postings.get(k)
            if guids is None:
                self.postings[k] = {guid}
                if k[0] == "s":
                    self._added.add(k[1])
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
        if len(self._added) > _MERGE_AFTER:
            self._merge()
        out: set[str] = set()
        start = bisect.bisect_left(self._sorted, prefix)
        for i in range(start, len(self._sorted)):
            value = self._sorted[i]
            if not value.startswith(prefix):
                break
            out |= self.postings.get(("s", value), set())
        for value in self._added:
            if value.startswith(prefix):
                out |= self.postings.get(("s", value), set())
        return out

    def _merge(self) -> None:
        live = {v for v in self._sorted if ("s", v) in self.postings}
        live.update(v for v in self._added if ("s", v) in self.postings)
        self._sorted = sorted(live)
        self._added = set()

    def settle(self) -> None:
        """Sort everything added so far (after a bulk load)."""
        self._merge()


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

    def plan(self, node: Node) -> tuple[set[str] | None, Node]:
        """Candidates from indexes, and what is left to test on each of them.

        Term(s) and prefix clauses an index answers exactly are not tested again; a bool's
        required clauses are intersected smallest first. ``None``: no index helps, test all."""
        exact = self._exact(node)
        if exact is not None:
            return exact, MatchAll()
        if isinstance(node, MatchNone):
            return set(), node
        if isinstance(node, Bool) and node.required:
            answered: list[set[str]] = []
            rest: list[Node] = []
            for clause in node.required:
                found = self._exact(clause)
                if found is None:
                    rest.append(clause)
                else:
                    answered.append(found)
            if answered:
                answered.sort(key=len)
                result = answered[0]
                for other in answered[1:]:
                    if not result:
                        break
                    result = result & other
                residual = Bool(rest, [], node.should, node.must_not, node.minimum)
                return result, residual
            if node.minimum > 0 and node.should and not node.must_not and not rest:
                union = self._union(node.should)
                if union is not None:
                    return union, node
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

    def _exact(self, node: Node) -> set[str] | None:
        """The GUIDs matching a term(s) or prefix clause, straight from an index."""
        if isinstance(node, (Term, Prefix)) and split_field(node.field)[0] in DERIVED_FROM_OTHERS:
            return None
        if isinstance(node, Term):
            if node.field == "__guid" and not node.fold:
                return {k[1] for k in node.keys if k[0] == "s" and k[1] in self.entities}
            return self.field_index(node.field, node.fold and not lowercases(node.field)).lookup(node.keys)
        if isinstance(node, Prefix):
            return self.field_index(node.field, node.fold and not lowercases(node.field)).with_prefix(node.prefix)
        return None
