"""Relationship definitions as data: for a forward attribute on a source type, the name of the
inverse attribute that the target shows, and whether the target owns the source (composition:
deleting the owner deletes what it anchors)."""

from __future__ import annotations

from dataclasses import dataclass

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
