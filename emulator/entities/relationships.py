"""Relationship definitions as data: for a forward attribute on a source type, the name of the
inverse attribute that the target shows, and whether the target owns the source (composition:
deleting the owner deletes what it anchors). Also which relationship attributes hold a list
(``list_relationships.json``: per type, those it declares itself, as pyatlan's models type them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .types import TypeRegistry


@dataclass(frozen=True)
class RelationshipDef:
    source_type: str
    attribute: str
    inverse: str
    relationship_type: str
    composition: bool = False


RELATIONSHIPS: tuple[RelationshipDef, ...] = (
    RelationshipDef("Schema", "database", "schemas", "database_schemas"),
    RelationshipDef("Table", "atlanSchema", "tables", "schema_tables"),
    RelationshipDef("View", "atlanSchema", "views", "schema_views"),
    RelationshipDef("MaterialisedView", "atlanSchema", "materialisedViews", "schema_materialized_views"),
    RelationshipDef("Column", "table", "columns", "table_columns"),
    RelationshipDef("Column", "view", "columns", "view_columns"),
    RelationshipDef("Column", "materialisedView", "columns", "materialized_view_columns"),
    RelationshipDef("AtlasGlossaryTerm", "anchor", "terms", "AtlasGlossaryTermAnchor", composition=True),
    RelationshipDef("AtlasGlossaryCategory", "anchor", "categories", "AtlasGlossaryCategoryAnchor", composition=True),
    RelationshipDef("AtlasGlossaryCategory", "parentCategory", "childrenCategories", "AtlasGlossaryCategoryHierarchyLink"),
    RelationshipDef("AtlasGlossaryTerm", "categories", "terms", "AtlasGlossaryTermCategorization"),
    RelationshipDef("Referenceable", "meanings", "assignedEntities", "AtlasGlossarySemanticAssignment"),
    RelationshipDef("DataProduct", "dataDomain", "dataProducts", "data_domain_data_products"),
    RelationshipDef("DataDomain", "parentDomain", "subDomains", "parent_domain_sub_domains"),
    RelationshipDef("Process", "inputs", "inputToProcesses", "dataset_process_inputs"),
    RelationshipDef("Process", "outputs", "outputFromProcesses", "process_dataset_outputs"),
    RelationshipDef("Readme", "asset", "readme", "asset_readme"),
    RelationshipDef("Link", "asset", "links", "asset_links"),
    RelationshipDef("S3Object", "bucket", "objects", "s3_bucket_s3_objects"),
    # A user-defined relationship shows at both ends, whichever end it was saved on.
    RelationshipDef("Referenceable", "userDefRelationshipTo", "userDefRelationshipFrom", "UserDefRelationship"),
    RelationshipDef("Referenceable", "userDefRelationshipFrom", "userDefRelationshipTo", "UserDefRelationship"),
)


class RelationshipCatalog:
    """Looks up the definition of a (source type, attribute) pair, through supertypes."""

    def __init__(self, types: TypeRegistry, defs: tuple[RelationshipDef, ...] = RELATIONSHIPS) -> None:
        self._types = types
        self._by_attr: dict[str, list[RelationshipDef]] = {}
        for d in defs:
            self._by_attr.setdefault(d.attribute, []).append(d)
        self._cache: dict[tuple[str, str], RelationshipDef | None] = {}

    def lookup(self, source_type: str, attribute: str) -> RelationshipDef | None:
        key = (source_type, attribute)
        if key not in self._cache:
            candidates = self._by_attr.get(attribute, ())
            self._cache[key] = next((d for d in candidates if self._types.is_a(source_type, d.source_type)), None)
        return self._cache[key]

    def holds_list(self, type_name: str, attribute: str) -> bool:
        """Whether the type (or a supertype) has ``attribute`` as a list-valued relationship, which
        Atlas renders as ``[]`` when there is no related asset (a single one renders as null)."""
        declared = _list_relationships()
        return any(attribute in declared.get(t, ()) for t in (type_name, *self._types.supertypes(type_name)))


@cache
def _list_relationships() -> dict[str, frozenset[str]]:
    text = resources.files(__package__).joinpath("list_relationships.json").read_text()
    return {name: frozenset(attrs) for name, attrs in json.loads(text).items()}
