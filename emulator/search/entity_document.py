"""An asset as the search index sees it: Atlan's internal ``__`` fields derived from the entity
header, every other field read from the entity's attributes (or custom metadata by attribute id).

The mapping is one rule (``split_field`` cuts the ``.keyword``/``.text``/... suffix, then the base
name is an internal field or an attribute); the internal fields are a table of small functions,
not special cases spread over the evaluator.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol

from ..entities.model import Entity
from .document import DictDocument, Document, split_field


class IndexContext(Protocol):
    """What a document needs from the tenant to derive cross-entity fields."""

    def supertypes(self, type_name: str) -> tuple[str, ...]: ...

    def entity(self, guid: str) -> Entity | None: ...

    def tag_display_name(self, tag_id: str) -> str | None: ...

    def inbound(self, guid: str) -> dict[str, set[str]]: ...


def _related(entity: Entity, attr: str) -> list[str]:
    value = entity.relationships.get(attr)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _qualified_names(ctx: IndexContext, guids: list[str]) -> list[Any]:
    out = []
    for guid in guids:
        target = ctx.entity(guid)
        if target is not None:
            out.append(target.qualified_name)
    return out


def _names(ctx: IndexContext, guids: list[str]) -> list[Any]:
    out = []
    for guid in guids:
        target = ctx.entity(guid)
        if target is not None and target.name is not None:
            out.append(target.name)
    return out


def _direct_tags(entity: Entity) -> list[dict[str, Any]]:
    return [c for c in entity.classifications if c.get("entityGuid", entity.guid) == entity.guid]


def _propagated_tags(entity: Entity) -> list[dict[str, Any]]:
    return [c for c in entity.classifications if c.get("entityGuid", entity.guid) != entity.guid]


def _trait_names(ctx: IndexContext, tags: list[dict[str, Any]]) -> list[Any]:
    """Hashed tag ids (what pyatlan's tag helpers send) and display names (what the docs' raw DSL
    sends): both match."""
    out: list[Any] = []
    for tag in tags:
        tag_id = str(tag.get("typeName"))
        out.append(tag_id)
        display = ctx.tag_display_name(tag_id)
        if display is not None and display != tag_id:
            out.append(display)
    return out


def _has_lineage(entity: Entity, ctx: IndexContext) -> list[Any]:
    """Set by the server when a process reads or writes the asset (or it is such a process)."""
    if "__hasLineage" in entity.attributes:
        return [bool(entity.attributes["__hasLineage"])]
    if _related(entity, "inputs") or _related(entity, "outputs"):
        return [True]
    inbound = ctx.inbound(entity.guid)
    return [bool(inbound.get("inputToProcesses") or inbound.get("outputFromProcesses"))]


Internal = Callable[[Entity, IndexContext], list[Any]]

# Internal fields that always hold numbers (epoch ms): ranges on them are answered from an index.
NUMERIC_FIELDS = frozenset({"__timestamp", "__modificationTimestamp"})

# Fields read from OTHER entities (a term's glossary, an asset's terms): they can change without
# this entity changing, so they are always read live, never kept in an index.
DERIVED_FROM_OTHERS = frozenset({"__meanings", "__meaningNames", "__meaningsText", "__glossary", "__categories",
                                 "__parentCategory", "__hasLineage"})

INTERNAL_FIELDS: dict[str, Internal] = {
    "__guid": lambda e, ctx: [e.guid],
    "__typeName": lambda e, ctx: [e.type_name],
    "__superTypeNames": lambda e, ctx: list(ctx.supertypes(e.type_name)),
    "__state": lambda e, ctx: [e.status],
    "__timestamp": lambda e, ctx: [e.create_time],
    "__modificationTimestamp": lambda e, ctx: [e.update_time],
    "__createdBy": lambda e, ctx: [e.created_by] if e.created_by else [],
    "__modifiedBy": lambda e, ctx: [e.updated_by] if e.updated_by else [],
    "__traitNames": lambda e, ctx: _trait_names(ctx, _direct_tags(e)),
    "__propagatedTraitNames": lambda e, ctx: _trait_names(ctx, _propagated_tags(e)),
    "__classificationNames": lambda e, ctx: (
        ["|" + "|".join(str(c.get("typeName")) for c in _direct_tags(e)) + "|"] if _direct_tags(e) else []),
    "__propagatedClassificationNames": lambda e, ctx: (
        ["|" + "|".join(str(c.get("typeName")) for c in _propagated_tags(e)) + "|"] if _propagated_tags(e) else []),
    "__classificationsText": lambda e, ctx: [" ".join(str(v) for v in _trait_names(ctx, e.classifications))]
    if e.classifications else [],
    "__meanings": lambda e, ctx: _qualified_names(ctx, _related(e, "meanings")),
    "__meaningNames": lambda e, ctx: _names(ctx, _related(e, "meanings")),
    "__meaningsText": lambda e, ctx: [",".join(_names(ctx, _related(e, "meanings")))] if _related(e, "meanings") else [],
    "__glossary": lambda e, ctx: _qualified_names(ctx, _related(e, "anchor")),
    "__categories": lambda e, ctx: _qualified_names(ctx, _related(e, "categories")),
    "__parentCategory": lambda e, ctx: _qualified_names(ctx, _related(e, "parentCategory")),
    "__hasLineage": _has_lineage,
    "__labels": lambda e, ctx: list(e.labels),
    "__isIncomplete": lambda e, ctx: [False],
}


class EntityDocument:
    """One indexed entity, answering ``values(field)`` in the index's naming."""

    __slots__ = ("entity", "ctx")

    def __init__(self, entity: Entity, ctx: IndexContext) -> None:
        self.entity = entity
        self.ctx = ctx

    def values(self, field: str) -> list[Any]:
        base = _base_of(field)
        internal = INTERNAL_FIELDS.get(base)
        if internal is not None:
            return internal(self.entity, self.ctx)
        attributes = self.entity.attributes
        if base in attributes:
            return _flat(attributes[base])
        if "." not in base:
            for values in self.entity.business_attributes.values():
                if isinstance(values, dict) and base in values:
                    return _flat(values[base])
            return []
        # "setId.attrId" (custom metadata) or a path into a struct attribute
        head, _, rest = base.partition(".")
        business = self.entity.business_attributes.get(head)
        if isinstance(business, dict) and rest in business:
            return _flat(business[rest])
        return DictDocument(attributes).values(base)

    def nested(self, path: str) -> list[Document]:
        return DictDocument(self.entity.attributes).nested(path)


@lru_cache(maxsize=4096)
def _base_of(field: str) -> str:
    """The field without its subfield suffix, remembered: index builds ask for a few fields
    millions of times."""
    return split_field(field)[0]


def _flat(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if v is not None and not isinstance(v, (dict, list))]
    if isinstance(value, dict):
        return []
    return [value]
