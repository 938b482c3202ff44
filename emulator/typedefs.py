"""Type definitions as the typedefs API serves them: entity types from the registry, and the
tenant's own Atlan tags (classifications, addressed by a hashed id with a display name),
custom-metadata sets and the structs pyatlan's caches expect."""

from __future__ import annotations

from typing import Any

from .entities.types import TypeRegistry
from .errors import BadRequest, Conflict, UnknownTypeName
from .ids import IdSource

CATEGORIES = ("ENUM", "STRUCT", "CLASSIFICATION", "ENTITY", "RELATIONSHIP", "BUSINESS_METADATA")
_KEY_OF_CATEGORY = {
    "ENUM": "enumDefs",
    "STRUCT": "structDefs",
    "CLASSIFICATION": "classificationDefs",
    "ENTITY": "entityDefs",
    "RELATIONSHIP": "relationshipDefs",
    "BUSINESS_METADATA": "businessMetadataDefs",
}
# pyatlan refuses a typedefs answer whose structDefs is empty (it reads that as a bad token).
_BUILTIN_STRUCTS = (
    {"category": "STRUCT", "name": "SourceTagAttachment", "attributeDefs": []},
    {"category": "STRUCT", "name": "SourceTagAttachmentValue", "attributeDefs": []},
)


class TypedefRegistry:
    def __init__(self, types: TypeRegistry, ids: IdSource) -> None:
        self.types = types
        self.ids = ids
        self.classifications: dict[str, dict[str, Any]] = {}  # hashed name -> def
        self.business_metadata: dict[str, dict[str, Any]] = {}
        self.enums: dict[str, dict[str, Any]] = {}

    # --- tags ----------------------------------------------------------------------------
    def add_tag(self, display_name: str, *, name: str | None = None, color: str = "Gray",
                description: str = "") -> dict[str, Any]:
        for existing in self.classifications.values():
            if existing["displayName"] == display_name:
                raise Conflict(f"Given type {display_name} already exists", code="ATLAS-409-00-001")
        hashed = name or self.ids.nanoid(22)
        definition = {
            "category": "CLASSIFICATION",
            "name": hashed,
            "displayName": display_name,
            "description": description,
            "guid": self.ids.guid(),
            "typeVersion": "1.0",
            "version": 1,
            "attributeDefs": [],
            "superTypes": [],
            "entityTypes": [],
            "subTypes": [],
            "options": {"color": color, "iconType": "icon", "iconName": "atlanTags"},
        }
        self.classifications[hashed] = definition
        return definition

    def tag_exists(self, name: str) -> bool:
        return name in self.classifications

    def tag_id(self, display_name: str) -> str | None:
        for name, definition in self.classifications.items():
            if definition["displayName"] == display_name:
                return name
        return None

    def tag_display_name(self, name: str) -> str | None:
        definition = self.classifications.get(name)
        return None if definition is None else str(definition["displayName"])

    # --- reading -------------------------------------------------------------------------
    def entity_def(self, name: str) -> dict[str, Any]:
        self.types.require(name)
        return {
            "category": "ENTITY",
            "name": name,
            "description": name,
            "typeVersion": "1.0",
            "serviceType": "atlan",
            "superTypes": list(self.types.direct_supertypes(name)),
            "subTypes": sorted(t for t in self.types.subtypes(name) if name in self.types.direct_supertypes(t)),
            "attributeDefs": [
                {"name": "qualifiedName", "typeName": "string", "isOptional": False, "cardinality": "SINGLE",
                 "isUnique": True, "isIndexable": True}
            ] if name == "Referenceable" else [],
            "relationshipAttributeDefs": [],
        }

    def all(self, categories: list[str] | None = None) -> dict[str, Any]:
        wanted = [c.upper() for c in categories] if categories else list(CATEGORIES)
        for category in wanted:
            if category not in CATEGORIES:
                raise BadRequest(f"unknown typedef category {category!r}; one of {', '.join(CATEGORIES)}")
        out: dict[str, Any] = {key: [] for key in _KEY_OF_CATEGORY.values()}
        if "ENUM" in wanted:
            out["enumDefs"] = list(self.enums.values())
        if "STRUCT" in wanted:
            out["structDefs"] = [dict(s) for s in _BUILTIN_STRUCTS]
        if "CLASSIFICATION" in wanted:
            out["classificationDefs"] = list(self.classifications.values())
        if "BUSINESS_METADATA" in wanted:
            out["businessMetadataDefs"] = list(self.business_metadata.values())
        if "ENTITY" in wanted:
            out["entityDefs"] = [self.entity_def(name) for name in self.types.names]
        return out

    def by_name(self, name: str) -> dict[str, Any]:
        if self.types.exists(name):
            return self.entity_def(name)
        for table in (self.classifications, self.business_metadata, self.enums):
            if name in table:
                return table[name]
        for definition in self.classifications.values():
            if definition["displayName"] == name:
                return definition
        for struct in _BUILTIN_STRUCTS:
            if struct["name"] == name:
                return dict(struct)
        raise UnknownTypeName(name)

    # --- writing -------------------------------------------------------------------------
    def create(self, payload: Any) -> dict[str, Any]:
        """POST /types/typedefs: create tags (and custom metadata / enums) from their defs.

        All or nothing: every definition is checked (including clashes within the request)
        before any is stored. Null-valued keys are dropped, as Atlas never echoes nulls back."""
        if not isinstance(payload, dict):
            raise BadRequest("typedefs request must be a JSON object")
        sections: dict[str, list[dict[str, Any]]] = {}
        for key, required in (("classificationDefs", "displayName"), ("businessMetadataDefs", "displayName"),
                              ("enumDefs", "name")):
            given = payload.get(key) or []
            if not isinstance(given, list):
                raise BadRequest(f"{key} must be an array")
            for i, definition in enumerate(given):
                if not isinstance(definition, dict) or not isinstance(definition.get(required), str) \
                        or not definition[required]:
                    raise BadRequest(f"{key}[{i}].{required} is required")
            sections[key] = [{k: v for k, v in d.items() if v is not None} for d in given]
        tag_names = [d["displayName"] for d in sections["classificationDefs"]]
        for name in tag_names:
            if self.tag_id(name) is not None or tag_names.count(name) > 1:
                raise Conflict(f"Given type {name} already exists", code="ATLAS-409-00-001")
        out: dict[str, Any] = {key: [] for key in _KEY_OF_CATEGORY.values()}
        for definition in sections["classificationDefs"]:
            options = definition.get("options")
            color = options.get("color", "Gray") if isinstance(options, dict) else "Gray"
            description = definition.get("description")
            out["classificationDefs"].append(self.add_tag(
                definition["displayName"], color=color if isinstance(color, str) else "Gray",
                description=description if isinstance(description, str) else ""))
        for definition in sections["businessMetadataDefs"]:
            hashed = self.ids.nanoid(22)
            created = dict(definition, name=hashed, guid=self.ids.guid(), category="BUSINESS_METADATA")
            self.business_metadata[hashed] = created
            out["businessMetadataDefs"].append(created)
        for definition in sections["enumDefs"]:
            self.enums[definition["name"]] = dict(definition, category="ENUM")
            out["enumDefs"].append(self.enums[definition["name"]])
        return out

    def delete(self, name: str) -> None:
        for table in (self.classifications, self.business_metadata, self.enums):
            if name in table:
                del table[name]
                return
        tag = self.tag_id(name)
        if tag is not None:
            del self.classifications[tag]
            return
        raise UnknownTypeName(name)
