"""Index search over a tenant's assets (``tenant.search``): keeps the index in step with the store
(after the refresh interval, through the Clock), runs a request and renders the reply pyatlan reads.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Collection
from typing import Any

from ..clock import Clock
from ..entities.model import Entity
from ..entities.render import EntityRenderer, relationship_guid, with_inverse
from ..entities.store import EntityStore
from ..entities.types import TypeRegistry
from ..typedefs import TypedefRegistry
from .dsl import MatchAll, key_for
from .entity_document import INTERNAL_FIELDS, EntityDocument
from .entity_index import EntityIndex
from .request import SearchRequest, parse_request, reported_total

# Internal fields holding several values per asset (the rest render as one value, as Atlas does).
_MULTI_VALUED_INTERNAL = frozenset(("__superTypeNames", "__traitNames", "__propagatedTraitNames", "__meanings",
                                    "__meaningNames", "__categories", "__labels"))


class AssetSearch:
    """The tenant's search index and the indexsearch operation over it."""

    def __init__(self, store: EntityStore, types: TypeRegistry, typedefs: TypedefRegistry, renderer: EntityRenderer,
                 clock: Clock, *, refresh_interval: Callable[[], float] = lambda: 0.0,
                 max_result_window: Callable[[], int] = lambda: 10_000) -> None:
        self.store = store
        self.types = types
        self.typedefs = typedefs
        self.renderer = renderer
        self.clock = clock
        self.refresh_interval = refresh_interval
        self.max_result_window = max_result_window
        self.index = EntityIndex(self)
        self._generation = 0  # changes scheduled before a rebuild() are dropped
        self._sequence = 0  # every store change, numbered
        self._last_due_ms = 0.0  # when the last change held back by the refresh interval lands
        self._landed: dict[str, int] = {}  # guid -> newest change applied, while some are held back
        for entity in store:
            self.index.upsert(entity)
        store.add_listener(self._on_change)
        # Whole-store replacements (dataset load, reset) come as one call, not per entity.
        store.add_replace_listener(lambda snapshot: self.rebuild())

    # --- IndexContext -----------------------------------------------------------------------
    def supertypes(self, type_name: str) -> tuple[str, ...]:
        return self.types.supertypes(type_name)

    def entity(self, guid: str) -> Entity | None:
        return self.store.get(guid)

    def tag_display_name(self, tag_id: str) -> str | None:
        return self.typedefs.tag_display_name(tag_id)

    def inbound(self, guid: str) -> dict[str, set[str]]:
        return self.store.inbound(guid)

    # --- keeping in step with the store -----------------------------------------------------
    def _on_change(self, before: Entity | None, after: Entity | None) -> None:
        guid = (after or before).guid  # type: ignore[union-attr]
        generation = self._generation
        self._sequence += 1
        sequence = self._sequence
        delay = self.refresh_interval()
        if delay > 0:
            self._last_due_ms = max(self._last_due_ms, self.clock.now_ms() + delay * 1000)

        def apply() -> None:
            if generation != self._generation:
                return
            # A change that lands after a newer one of the same asset (the interval was shortened
            # meanwhile) must not bring the older state back; remembered while delayed ones may land.
            stale = self._landed.get(guid, 0) > sequence
            if self.clock.now_ms() <= self._last_due_ms:
                self._landed[guid] = max(sequence, self._landed.get(guid, 0))
            else:
                self._landed.clear()
            if stale:
                return
            if after is None:
                self.index.remove(guid)
            else:
                self.index.upsert(after)

        self.clock.schedule(delay, apply)

    def rebuild(self) -> None:
        """Make the index match the store now (after a load or reset), dropping what was pending."""
        self._generation += 1
        self._landed.clear()
        self.index.clear()
        for entity in self.store:
            self.index.upsert(entity)
        self.index.settle()

    # --- searching --------------------------------------------------------------------------
    def search(self, body: Any) -> dict[str, Any]:
        request = parse_request(body, now_ms=self.clock.now_ms(), max_result_window=self.max_result_window())
        hits = self._hits(request)
        entities = self.index.entities
        reply: dict[str, Any] = {"queryType": "INDEX", "searchParameters": _echo(body)}
        if request.aggregations_requested:
            reply["aggregations"] = self._aggregations(request, hits)
        if request.post_filter is not None:
            post_filter = request.post_filter
            hits = [g for g in hits if post_filter(EntityDocument(entities[g], self))]
        reply["approximateCount"] = reported_total(len(hits), request.track_total_hits)
        page = [self._header(entities[g], request) for g in self._page(hits, request) if g in self.store]
        if page:
            reply["entities"] = page
        return reply

    def _aggregations(self, request: SearchRequest, hits: Collection[str]) -> dict[str, Any]:
        """Each aggregation over the hits; a plain terms one on an indexed field is counted from
        the index (one set intersection per value) when the field has few values for the hits."""
        docs: list[EntityDocument] | None = None
        out: dict[str, Any] = {}
        for aggregation in request.aggregations:
            counts = self.index.counts(aggregation.field, hits) if aggregation.countable() else None
            if counts is not None:
                out[aggregation.name] = aggregation.from_counts(counts)
                continue
            if docs is None:
                entities = self.index.entities
                docs = [EntityDocument(entities[g], self) for g in hits]
            out[aggregation.name] = aggregation.run(docs, _source, _guid)
        return out

    def count(self, query: dict[str, Any]) -> int:
        """How many assets a query matches (no paging, no rendering)."""
        return len(self._hits(parse_request({"dsl": {"query": query, "size": 0}}, now_ms=self.clock.now_ms(),
                                            max_result_window=self.max_result_window())))

    def _hits(self, request: SearchRequest) -> Collection[str]:
        """GUIDs of the indexed assets the query matches (documents are built only to test what
        the indexes did not answer)."""
        guids, residual = self.index.plan(request.query)
        entities = self.index.entities
        if isinstance(residual, MatchAll):
            return entities.keys() if guids is None else guids
        pool = entities.items() if guids is None else ((g, entities[g]) for g in guids)
        return [g for g, entity in pool if residual(EntityDocument(entity, self))]

    def _page(self, hits: Collection[str], request: SearchRequest) -> list[str]:
        end = request.offset + request.size
        if request.size == 0 or request.offset >= len(hits):
            return []
        if all(spec.field == "__guid" and not spec.descending and not spec.nested_path for spec in request.sort):
            # pyatlan's default sort (and every tie): GUIDs alone, no document needed
            ranked = heapq.nsmallest(end, hits) if end < len(hits) // 4 else sorted(hits)
            return ranked[request.offset : end]
        by_fields = key_for(request.sort)
        entities = self.index.entities

        def order(guid: str) -> tuple[Any, str]:
            return (by_fields(EntityDocument(entities[guid], self)), guid)  # ties broken by GUID

        ranked = heapq.nsmallest(end, hits, key=order) if end < len(hits) // 4 else sorted(hits, key=order)
        return ranked[request.offset : end]

    # --- rendering --------------------------------------------------------------------------
    def _header(self, indexed: Entity, request: SearchRequest) -> dict[str, Any]:
        entity = self.store.get(indexed.guid) or indexed  # Atlas renders hits from the graph, as they are now
        out = self.renderer.header(entity)
        attributes: dict[str, Any] = {"qualifiedName": entity.qualified_name, "name": entity.name}
        for requested in request.attributes:
            name, value = self._attribute(entity, requested, request)
            if value is not None:
                attributes[name] = value
        out["attributes"] = attributes
        if request.exclude_meanings:
            out.pop("meanings", None)
            out.pop("meaningNames", None)
        if request.exclude_classifications:
            out.pop("classifications", None)
            if not request.include_classification_names:
                out.pop("classificationNames", None)
        return out

    def _attribute(self, entity: Entity, requested: str, request: SearchRequest) -> tuple[str, Any]:
        name = requested
        prefix, dot, rest = requested.partition(".")
        if dot and self.types.exists(prefix):
            if not self.types.is_a(entity.type_name, prefix):
                return name, None
            name = rest
        if name in entity.attributes:
            return name, entity.attributes[name]
        forward = entity.relationships.get(name)
        inbound = self.store.inbound(entity.guid).get(name)
        if inbound is not None and (forward is None or isinstance(forward, list)):
            # the inverse side (a category's terms, the "from" end of a user-defined relationship),
            # after what this asset itself points to under the same name
            refs = [] if forward is None else self._references(entity, name, forward, request)
            return name, with_inverse(refs, [self._reference(entity, name, guid, request, inverse=True)
                                             for guid in sorted(inbound) if guid in self.store])
        if forward is not None:
            return name, self._references(entity, name, forward, request)
        if self.store.relationships.holds_list(entity.type_name, name):
            return name, []  # a list-valued relationship with nothing related is an empty list, not absent
        if name == "__customAttributes":
            return name, json.dumps(entity.custom_attributes) if entity.custom_attributes else None
        if name in INTERNAL_FIELDS:
            values = EntityDocument(entity, self).values(name)
            if name in _MULTI_VALUED_INTERNAL:
                return name, values or None
            return name, values[0] if values else None  # one value per asset: __hasLineage is true, not [true]
        if dot:  # custom metadata: "<setId>.<attrId>"
            business = entity.business_attributes.get(prefix)
            if isinstance(business, dict):
                return requested, business.get(rest)
        return name, None

    def _references(self, entity: Entity, attr: str, value: str | list[str], request: SearchRequest) -> Any:
        if isinstance(value, list):
            return [self._reference(entity, attr, guid, request) for guid in value if guid in self.store]
        return self._reference(entity, attr, value, request) if value in self.store else None

    def _reference(self, entity: Entity, attr: str, guid: str, request: SearchRequest, *,
                   inverse: bool = False) -> dict[str, Any]:
        target = self.store.get(guid)
        assert target is not None
        relation = relationship_guid(guid, attr, entity.guid) if inverse else relationship_guid(entity.guid, attr, guid)
        ref = self.renderer.reference(target, relation)
        if request.relation_attributes:
            ref["attributes"] = {a: target.attributes[a] for a in request.relation_attributes
                                 if target.attributes.get(a) is not None}
        if request.include_relationship_attributes:
            edge = self._edge_attributes(target, entity.guid, attr) if inverse else entity.edge_attributes.get(f"{attr}|{guid}")
            if edge is not None:  # the edge's own attributes, where pyatlan reads them
                ref["attributes"] = {**ref["attributes"], "relationshipAttributes": edge}
        return ref

    def _edge_attributes(self, source: Entity, target: str, inverse: str) -> dict[str, Any] | None:
        """The attributes of the edge ``source`` saved towards ``target``, seen from the target's
        ``inverse`` attribute."""
        for key, edge in source.edge_attributes.items():
            attr, _, guid = key.partition("|")
            if guid == target:
                definition = self.store.relationships.lookup(source.type_name, attr)
                if (definition.inverse if definition else f"~{attr}") == inverse:
                    return edge
        return None


def _source(doc: Any, includes: list[str]) -> dict[str, Any]:
    entity: Entity = doc.entity
    out: dict[str, Any] = {}
    for name in includes:
        if name in entity.attributes:
            out[name] = entity.attributes[name]
        else:
            values = doc.values(name)
            if values:
                out[name] = values[0] if len(values) == 1 else values
    return out


def _guid(doc: Any) -> str:
    return str(doc.entity.guid)


def _echo(body: dict[str, Any]) -> dict[str, Any]:
    echo = dict(body)
    echo["query"] = json.dumps(body.get("dsl"), separators=(",", ":"))
    return echo
