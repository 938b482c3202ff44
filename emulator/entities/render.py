"""Wire shapes of stored entities: the full entity, the mutation header and the relationship
reference, in the form Atlas returns them and pyatlan parses them."""

from __future__ import annotations

import uuid
from typing import Any

from .model import Entity
from .store import EntityStore

_RELATION_NS = uuid.UUID("6f1c1c2e-6d1b-4c38-9a39-2d3c7b8a9e10")
# Attributes a mutation header carries besides qualifiedName and name, when the asset has them.
HEADER_ATTRIBUTES = (
    "certificateStatus",
    "certificateStatusMessage",
    "announcementTitle",
    "announcementMessage",
    "announcementType",
    "description",
    "userDescription",
    "ownerUsers",
    "ownerGroups",
    "connectorName",
    "connectionQualifiedName",
)
# Inverse attribute names that are internal bookkeeping, never shown.
_HIDDEN_PREFIX = "~"


def relationship_guid(source: str, attribute: str, target: str) -> str:
    """A stable GUID for one relationship edge (Atlas gives every edge its own GUID)."""
    return str(uuid.uuid5(_RELATION_NS, f"{source}|{attribute}|{target}"))


class EntityRenderer:
    def __init__(self, store: EntityStore) -> None:
        self.store = store

    def full(self, entity: Entity, *, ignore_relationships: bool = False) -> dict[str, Any]:
        """The entity as GET /entity/guid returns it."""
        out = self._common(entity)
        out["attributes"] = dict(entity.attributes)
        out["relationshipAttributes"] = {} if ignore_relationships else self.relationship_attributes(entity)
        out["version"] = entity.version
        out["customAttributes"] = dict(entity.custom_attributes)
        if entity.business_attributes:
            out["businessAttributes"] = {k: dict(v) for k, v in entity.business_attributes.items()}
        return out

    def header(self, entity: Entity, *, status: str | None = None) -> dict[str, Any]:
        """The entity header used in mutation responses."""
        out = self._common(entity)
        if status is not None:
            out["status"] = status
        attrs: dict[str, Any] = {"qualifiedName": entity.qualified_name}
        if entity.name is not None:
            attrs["name"] = entity.name
        for key in HEADER_ATTRIBUTES:
            if key in entity.attributes:
                attrs[key] = entity.attributes[key]
        out["attributes"] = attrs
        return out

    def mutated(self, entity: Entity) -> dict[str, Any]:
        """The header of an asset a request created or changed, as Atlan builds it from the
        stored asset after the write: every plain attribute the asset now has (so what the
        request set is echoed back), relationships left out."""
        out = self.header(entity)
        out["attributes"] = {**out["attributes"], **entity.attributes}
        return out

    def _common(self, entity: Entity) -> dict[str, Any]:
        return {
            "typeName": entity.type_name,
            "guid": entity.guid,
            "status": entity.status,
            "displayText": entity.name or entity.qualified_name,
            "classificationNames": [c["typeName"] for c in entity.classifications],
            "classifications": [dict(c, entityGuid=entity.guid, entityStatus=entity.status) for c in entity.classifications],
            "meaningNames": [m["displayText"] for m in self.meanings(entity)],
            "meanings": self.meanings(entity),
            "labels": list(entity.labels),
            "isIncomplete": False,
            "createdBy": entity.created_by,
            "updatedBy": entity.updated_by,
            "createTime": entity.create_time,
            "updateTime": entity.update_time,
        }

    def meanings(self, entity: Entity) -> list[dict[str, Any]]:
        value = entity.relationships.get("meanings")
        guids = value if isinstance(value, list) else ([value] if value else [])
        out = []
        for guid in guids:
            term = self.store.get(guid)
            if term is not None:
                out.append(
                    {
                        "termGuid": guid,
                        "relationGuid": relationship_guid(entity.guid, "meanings", guid),
                        "displayText": term.name or term.qualified_name,
                        "confidence": 0,
                    }
                )
        return out

    def relationship_attributes(self, entity: Entity) -> dict[str, Any]:
        """Forward references and the inverse side (e.g. a schema's tables), as headers."""
        out: dict[str, Any] = {}
        for attr, value in entity.relationships.items():
            rendered = self.reference_value(entity, attr, value)
            if rendered is not None:
                out[attr] = rendered
        for inverse, sources in self.store.inbound(entity.guid).items():
            if inverse.startswith(_HIDDEN_PREFIX):
                continue
            refs = []
            for source_guid in sorted(sources):
                source = self.store.get(source_guid)
                if source is not None:
                    refs.append(self.reference(source, relationship_guid(source_guid, inverse, entity.guid)))
            forward = out.get(inverse)
            # both ends can be saved under one name (user-defined relationships)
            out[inverse] = with_inverse(forward, refs) if isinstance(forward, list) else refs
        return out

    def reference_value(self, entity: Entity, attr: str, value: str | list[str]) -> Any:
        """A relationship attribute's value as one header or a list of headers; None if dangling."""
        if isinstance(value, list):
            refs = []
            for guid in value:
                target = self.store.get(guid)
                if target is not None:
                    refs.append(self.reference(target, relationship_guid(entity.guid, attr, guid)))
            return refs
        target = self.store.get(value)
        if target is None:
            return None
        return self.reference(target, relationship_guid(entity.guid, attr, value))

    def reference(self, target: Entity, relation_guid: str | None = None) -> dict[str, Any]:
        ref: dict[str, Any] = {
            "guid": target.guid,
            "typeName": target.type_name,
            "entityStatus": target.status,
            "displayText": target.name or target.qualified_name,
            "uniqueAttributes": {"qualifiedName": target.qualified_name},
            "attributes": {"name": target.name, "qualifiedName": target.qualified_name},
        }
        if relation_guid is not None:
            ref["relationshipGuid"] = relation_guid
            ref["relationshipStatus"] = "ACTIVE"
        return ref


def with_inverse(forward: list[dict[str, Any]], inverse: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What an asset points to under a name, then the assets pointing at it under the same name
    (the two ends of user-defined relationships), each shown once."""
    shown = {ref["guid"] for ref in forward}
    return forward + [ref for ref in inverse if ref["guid"] not in shown]
