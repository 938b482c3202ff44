"""The stored form of an entity: plain attributes apart from relationships, which are kept
as target GUIDs so that names and statuses are always read fresh from the target."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ACTIVE = "ACTIVE"
DELETED = "DELETED"

# A relationship attribute holds one target GUID, or a list of them (as the client sent it).
RelationshipValue = str | list[str]


@dataclass(slots=True)
class Entity:
    guid: str
    type_name: str
    attributes: dict[str, Any]
    relationships: dict[str, RelationshipValue] = field(default_factory=dict)
    status: str = ACTIVE
    create_time: int = 0
    update_time: int = 0
    created_by: str = ""
    updated_by: str = ""
    version: int = 0
    classifications: list[dict[str, Any]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    business_attributes: dict[str, Any] = field(default_factory=dict)
    custom_attributes: dict[str, Any] = field(default_factory=dict)
    # "<relationship attribute>|<target GUID>" -> the edge's own {"typeName", "attributes"}, when the
    # reference that made it carried relationshipAttributes (a user-defined relationship's labels)
    edge_attributes: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def qualified_name(self) -> str:
        return str(self.attributes.get("qualifiedName", ""))

    @property
    def name(self) -> str | None:
        value = self.attributes.get("name")
        return None if value is None else str(value)

    def copy(self) -> Entity:
        """A copy whose containers can be changed without touching this one."""
        return Entity(
            guid=self.guid,
            type_name=self.type_name,
            attributes=dict(self.attributes),
            relationships={k: (list(v) if isinstance(v, list) else v) for k, v in self.relationships.items()},
            status=self.status,
            create_time=self.create_time,
            update_time=self.update_time,
            created_by=self.created_by,
            updated_by=self.updated_by,
            version=self.version,
            classifications=[dict(c) for c in self.classifications],
            labels=list(self.labels),
            business_attributes={k: dict(v) if isinstance(v, dict) else v for k, v in self.business_attributes.items()},
            custom_attributes=dict(self.custom_attributes),
            edge_attributes=dict(self.edge_attributes),
        )

    def keep_edge_attributes(self, attr: str, refs: list[Any], targets: list[str] | None = None) -> None:
        """Remember the relationshipAttributes of the references just stored under ``attr``
        (resolved, in the same order), forgetting those of its earlier targets; given ``targets``
        (the GUIDs of appended references), the other edges keep theirs."""
        prefix = f"{attr}|"
        if targets is None:
            for key in [k for k in self.edge_attributes if k.startswith(prefix)]:
                del self.edge_attributes[key]
            value = self.relationships.get(attr)
            targets = [] if value is None else value if isinstance(value, list) else [value]
        for ref, guid in zip(refs, targets, strict=True):
            given = ref.get("relationshipAttributes") if isinstance(ref, dict) else None
            if isinstance(given, dict) and isinstance(given.get("attributes"), dict) and given["attributes"]:
                type_name = given.get("typeName") or ref.get("relationshipType")
                self.edge_attributes[f"{prefix}{guid}"] = {"typeName": type_name, "attributes": dict(given["attributes"])}

    def targets(self) -> list[tuple[str, str]]:
        """Every (relationship attribute, target GUID) pair this entity points to."""
        out: list[tuple[str, str]] = []
        for attr, value in self.relationships.items():
            if isinstance(value, list):
                out.extend((attr, guid) for guid in value)
            else:
                out.append((attr, value))
        return out
