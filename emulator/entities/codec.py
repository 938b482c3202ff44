"""Entities in the tenant export format (``GET/PUT /_emulator/state``, fixtures/ datasets).

``parse_entities`` checks a whole document before anything is built from it, so that a bad
document is refused (400) with the place of the first problem and the tenant is left as it was.
Entities built here share the document's containers: stored entities are never changed in
place, so sharing is safe and saves a copy of every attribute map.
"""

from __future__ import annotations

from typing import Any

from ..errors import BadRequest
from .model import ACTIVE, DELETED, Entity
from .types import TypeRegistry

_STATUSES = (ACTIVE, DELETED)
# The JSON kind each optional field of an entity must have when present.
_KINDS: dict[str, type] = {
    **dict.fromkeys(("createTime", "updateTime", "version"), int),
    **dict.fromkeys(("createdBy", "updatedBy"), str),
    **dict.fromkeys(("attributes", "relationships", "businessAttributes", "customAttributes", "edgeAttributes"), dict),
    **dict.fromkeys(("classifications", "labels"), list),
}
_KIND_NAMES = {int: "an integer", str: "a string", dict: "an object", list: "an array"}


def entity_to_dict(entity: Entity) -> dict[str, Any]:
    out = {
        "guid": entity.guid,
        "typeName": entity.type_name,
        "status": entity.status,
        "attributes": entity.attributes,
        "relationships": entity.relationships,
        "createTime": entity.create_time,
        "updateTime": entity.update_time,
        "createdBy": entity.created_by,
        "updatedBy": entity.updated_by,
        "version": entity.version,
        "classifications": entity.classifications,
        "labels": entity.labels,
        "businessAttributes": entity.business_attributes,
        "customAttributes": entity.custom_attributes,
    }
    if entity.edge_attributes:  # only where a relationship carries its own attributes
        out["edgeAttributes"] = entity.edge_attributes
    return out


def entity_from_dict(raw: dict[str, Any]) -> Entity:
    return Entity(
        guid=raw["guid"],
        type_name=raw["typeName"],
        status=raw.get("status", ACTIVE),
        attributes=raw.get("attributes") or {},
        relationships=raw.get("relationships") or {},
        create_time=raw.get("createTime", 0),
        update_time=raw.get("updateTime", 0),
        created_by=raw.get("createdBy", ""),
        updated_by=raw.get("updatedBy", ""),
        version=raw.get("version", 0),
        classifications=raw.get("classifications") or [],
        labels=raw.get("labels") or [],
        business_attributes=raw.get("businessAttributes") or {},
        custom_attributes=raw.get("customAttributes") or {},
        edge_attributes=raw.get("edgeAttributes") or {},
    )


def parse_classification_defs(value: Any) -> dict[str, dict[str, Any]]:
    """``classificationDefs`` of a state document, by (hashed) name; raises BadRequest."""
    if value is None:
        return {}
    if not isinstance(value, list):
        raise BadRequest("state.classificationDefs must be an array")
    out: dict[str, dict[str, Any]] = {}
    for i, definition in enumerate(value):
        where = f"state.classificationDefs[{i}]"
        if not isinstance(definition, dict):
            raise BadRequest(f"{where} must be an object")
        name, display = definition.get("name"), definition.get("displayName")
        if not isinstance(name, str) or not name:
            raise BadRequest(f"{where}.name must be a non-empty string")
        if not isinstance(display, str) or not display:
            raise BadRequest(f"{where}.displayName must be a non-empty string")
        if name in out:
            raise BadRequest(f"{where}.name {name!r} is defined twice")
        out[name] = dict(definition)
    return out


class _Where:
    """``state.entities[i]``, formatted only when an error message needs it."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index

    def __format__(self, spec: str) -> str:
        return f"state.entities[{self.index}]"


def parse_entities(value: Any, types: TypeRegistry, tag_names: set[str] | dict[str, Any]) -> list[Entity]:
    """Every entity of a state document, checked as a whole: known types and statuses, one
    GUID and one (type, qualifiedName) each, relationships given as GUIDs, tags that are defined.
    A relationship may point at a GUID the document lacks (a purged target), as the store allows.
    Raises BadRequest naming the first problem."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadRequest("state.entities must be an array")
    guids: set[str] = set()
    keys: set[tuple[str, str]] = set()
    known_types: set[str] = set()
    for i, raw in enumerate(value):
        where = _Where(i)
        if not isinstance(raw, dict):
            raise BadRequest(f"{where} must be an object")
        guid, type_name = raw.get("guid"), raw.get("typeName")
        if not isinstance(guid, str) or not guid:
            raise BadRequest(f"{where}.guid must be a non-empty string")
        if guid in guids:
            raise BadRequest(f"{where}.guid {guid!r} appears twice")
        guids.add(guid)
        if type_name not in known_types:
            if not isinstance(type_name, str) or not types.exists(type_name):
                raise BadRequest(f"{where}.typeName {type_name!r} is not a known entity type")
            known_types.add(type_name)
        if raw.get("status", ACTIVE) not in _STATUSES:
            raise BadRequest(f"{where}.status must be ACTIVE or DELETED")
        for key, field_value in raw.items():
            kind = _KINDS.get(key)
            if kind is not None and (type(field_value) is not kind and not isinstance(field_value, kind)
                                     or field_value is True or field_value is False):
                raise BadRequest(f"{where}.{key} must be {_KIND_NAMES[kind]}")
        qn = (raw.get("attributes") or {}).get("qualifiedName")
        if not isinstance(qn, str) or not qn:
            raise BadRequest(f"{where}.attributes.qualifiedName must be a non-empty string")
        unique = (type_name, qn)
        if unique in keys:
            raise BadRequest(f"{where}: a {type_name} with qualifiedName {qn!r} appears twice")
        keys.add(unique)
        for j, tag in enumerate(raw.get("classifications") or ()):
            if not isinstance(tag, dict) or tag.get("typeName") not in tag_names:
                raise BadRequest(f"{where}.classifications[{j}] must name a tag of state.classificationDefs")
        for attr, target in (raw.get("relationships") or {}).items():
            targets = target if isinstance(target, list) else [target]
            if not all(isinstance(one, str) and one for one in targets):
                raise BadRequest(f"{where}.relationships.{attr} must be a guid or a list of guids")
    return [entity_from_dict(raw) for raw in value]
