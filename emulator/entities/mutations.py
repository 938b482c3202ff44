"""Mutation semantics of the bulk entity API: create-or-update, partial update, delete, purge.

Every request is planned in full on copies first (identify, resolve references, validate),
and only a plan without errors is written to the store: a failed request changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..clock import Clock
from ..errors import (
    BadRequest,
    ClassificationNotFound,
    GuidNotFound,
    InvalidParameters,
    MissingMandatoryAttribute,
    ReferencedEntityNotFound,
    UniqueAttributeNotFound,
)
from ..ids import IdSource
from .model import ACTIVE, DELETED, Entity, RelationshipValue
from .store import EntityStore

DELETE_TYPES = ("SOFT", "HARD", "PURGE")
_PLACEHOLDER_QN = re.compile(r"^-\d+$")
_TAG_KEYS = (
    "typeName",
    "propagate",
    "removePropagationsOnEntityDelete",
    "restrictPropagationThroughLineage",
    "restrictPropagationThroughHierarchy",
    "validityPeriods",
    "sourceTagAttachments",
    "attributes",
    "displayName",
    "tagId",
)
_TOP_LEVEL_KEYS = {
    "typeName",
    "attributes",
    "guid",
    "status",
    "relationshipAttributes",
    "appendRelationshipAttributes",
    "removeRelationshipAttributes",
    "classifications",
    "addOrUpdateClassifications",
    "removeClassifications",
    "classificationNames",
    "labels",
    "businessAttributes",
    "customAttributes",
    "meanings",
    "meaningNames",
    "createTime",
    "updateTime",
    "createdBy",
    "updatedBy",
    "version",
    "displayText",
    "isIncomplete",
    "pendingTasks",
    "proxy",
    "homeId",
    "provenanceType",
}


@dataclass
class MutationFlags:
    """The bulk POST query flags (replaceTags / replaceClassifications are the same flag)."""

    replace_tags: bool = False
    append_tags: bool = False
    replace_business_attributes: bool = False
    overwrite_business_attributes: bool = False


@dataclass
class MutationResult:
    """What one request changed. ``related`` are existing assets the request did not send (or sent
    unchanged) whose side of a relationship it added or removed: Atlas records an update on them
    and lists them after the request's own assets, under UPDATE (PARTIAL_UPDATE for a partial
    update)."""

    created: list[Entity] = field(default_factory=list)
    updated: list[Entity] = field(default_factory=list)
    partially_updated: list[Entity] = field(default_factory=list)
    deleted: list[Entity] = field(default_factory=list)
    related: list[Entity] = field(default_factory=list)
    partial: bool = False
    delete_type: str | None = None
    guid_assignments: dict[str, str] | None = None


def is_reference(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("typeName"), str) and (
        "guid" in value or "uniqueAttributes" in value
    )


def is_reference_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(is_reference(v) for v in value)


class EntityMutator:
    """Applies mutation requests to one store, on behalf of one user, in the tenant's time."""

    def __init__(
        self,
        store: EntityStore,
        ids: IdSource,
        clock: Clock,
        *,
        user: str,
        tag_exists: Callable[[str], bool],
        deletion_delay: Callable[[], float],
    ) -> None:
        self.store = store
        self.ids = ids
        self.clock = clock
        self.user = user
        self.tag_exists = tag_exists
        self.deletion_delay = deletion_delay

    # ------------------------------------------------------------------ create / update
    def upsert(self, payload: Any, flags: MutationFlags) -> MutationResult:
        entities = _entities_of(payload)
        plan = _Plan(self)
        for index, raw in enumerate(entities):
            plan.identify(index, raw)
        for index, raw in enumerate(entities):
            plan.build(index, raw, flags)
        return plan.commit()

    def partial_update(self, type_name: str, qualified_name: str, payload: Any) -> MutationResult:
        """PUT /entity/uniqueAttribute: change only the given attributes of an existing asset."""
        self.store.types.require(type_name)
        if not isinstance(payload, dict) or not isinstance(payload.get("entity"), dict):
            raise BadRequest("request body must be an object with an 'entity' object")
        existing = self.store.find(type_name, qualified_name)
        if existing is None:
            raise UniqueAttributeNotFound(type_name, qualified_name)
        raw = dict(payload["entity"])
        raw.setdefault("typeName", existing.type_name)
        attrs = raw.get("attributes")
        if attrs is not None and not isinstance(attrs, dict):
            raise BadRequest("entity.attributes must be an object")
        raw["attributes"] = dict(attrs or {}, qualifiedName=qualified_name)
        raw["guid"] = existing.guid
        plan = _Plan(self)
        plan.identify(0, raw)
        plan.build(0, raw, MutationFlags())
        result = plan.commit()
        result.partially_updated, result.updated = result.updated, []
        result.partial = True
        result.guid_assignments = {}
        return result

    # ------------------------------------------------------------------ delete / purge
    def delete(self, guids: Iterable[str], delete_type: str = "SOFT") -> MutationResult:
        """Archive (SOFT) or purge (HARD / PURGE) the given assets and what they anchor.

        The response lists the assets at once; the change itself lands after the tenant's
        deletion delay, through the clock, as the real service completes deletes asynchronously.
        """
        delete_type = delete_type.upper()
        if delete_type not in DELETE_TYPES:
            raise InvalidParameters(f"deleteType must be one of {', '.join(DELETE_TYPES)}, got {delete_type!r}")
        guids = list(guids)
        if not guids:
            raise InvalidParameters("at least one guid is required")
        purge = delete_type != "SOFT"
        targets: dict[str, Entity] = {}
        for guid in guids:
            self._collect_deletion(guid, purge, targets)
        if not targets:
            return MutationResult()
        now = self.clock.now_ms()
        snapshots = []
        for entity in targets.values():
            snapshot = entity.copy()
            snapshot.status = DELETED
            snapshot.update_time = now
            snapshot.updated_by = self.user
            snapshots.append(snapshot)
        chosen = list(targets)
        self.clock.schedule(self.deletion_delay(), lambda: self._land_deletion(chosen, purge))
        return MutationResult(deleted=snapshots, related=self._deletion_ends(targets), delete_type=delete_type)

    def _deletion_ends(self, targets: dict[str, Entity]) -> list[Entity]:
        """Active assets related to what is deleted, in either direction, and not deleted with it:
        Atlan lists them under UPDATE (their relationship to the deleted asset goes away). They
        are reported as they are; nothing on them is written here."""
        ends: dict[str, Entity] = {}
        for guid, entity in targets.items():
            related = [target for _, target in entity.targets()]
            related += sorted(source for sources in self.store.inbound(guid).values() for source in sources)
            for other in related:
                if other in targets or other in ends:
                    continue
                found = self.store.get(other)
                if found is not None and found.status != DELETED:
                    ends[other] = found
        return list(ends.values())

    def _collect_deletion(self, guid: str, purge: bool, into: dict[str, Entity]) -> None:
        if guid in into:
            return
        entity = self.store.get(guid)
        if entity is None or (entity.status == DELETED and not purge):
            return  # deleting what is already gone is not an error, as in Atlas
        into[guid] = entity
        for source_guids in self.store.inbound(guid).values():
            for source_guid in list(source_guids):
                source = self.store.get(source_guid)
                if source is None:
                    continue
                for attr, target in source.targets():
                    definition = self.store.relationships.lookup(source.type_name, attr)
                    if target == guid and definition is not None and definition.composition:
                        self._collect_deletion(source_guid, purge, into)

    def _land_deletion(self, guids: list[str], purge: bool) -> None:
        now = self.clock.now_ms()
        for guid in guids:
            entity = self.store.get(guid)
            if entity is None:
                continue
            if purge:
                self.store.remove(guid)
            elif entity.status != DELETED:
                changed = entity.copy()
                changed.status = DELETED
                changed.update_time = now
                changed.updated_by = self.user
                changed.version += 1
                self.store.put(changed)


def _entities_of(payload: Any) -> list[dict[str, Any]]:
    if not isinstance(payload, dict):
        raise BadRequest("request body must be a JSON object with an 'entities' array")
    entities = payload.get("entities")
    if not isinstance(entities, list):
        raise BadRequest("'entities' must be an array of entity objects")
    if not entities:
        raise BadRequest("'entities' must not be empty")
    for index, raw in enumerate(entities):
        _check_shape(raw, f"entities[{index}]")
    return entities


def _check_shape(raw: Any, where: str) -> None:
    if not isinstance(raw, dict):
        raise BadRequest(f"{where} must be an object")
    type_name = raw.get("typeName")
    if not isinstance(type_name, str) or not type_name:
        raise BadRequest(f"{where}.typeName must be a non-empty string")
    for key in ("attributes", "relationshipAttributes", "appendRelationshipAttributes", "removeRelationshipAttributes", "customAttributes"):
        if raw.get(key) is not None and not isinstance(raw[key], dict):
            raise BadRequest(f"{where}.{key} must be an object")
    if raw.get("businessAttributes") is not None and not isinstance(raw["businessAttributes"], dict):
        raise BadRequest(f"{where}.businessAttributes must be an object")
    for key in ("classifications", "addOrUpdateClassifications", "removeClassifications", "labels"):
        if raw.get(key) is not None and not isinstance(raw[key], list):
            raise BadRequest(f"{where}.{key} must be an array")
    guid = raw.get("guid")
    if guid is not None and (not isinstance(guid, str) or not guid):
        raise BadRequest(f"{where}.guid must be a non-empty string")
    status = raw.get("status")
    if status is not None and status not in (ACTIVE, DELETED):
        raise BadRequest(f"{where}.status must be ACTIVE or DELETED, got {status!r}")
    qn = (raw.get("attributes") or {}).get("qualifiedName")
    if qn is not None and not isinstance(qn, str):
        raise BadRequest(f"{where}.attributes.qualifiedName must be a string")
    name = (raw.get("attributes") or {}).get("name")
    if name is not None and not isinstance(name, str):
        raise BadRequest(f"{where}.attributes.name must be a string")
    unknown = set(raw) - _TOP_LEVEL_KEYS
    if unknown:
        raise BadRequest(f"{where}: unknown entity field(s) {', '.join(sorted(unknown))}")


class _Plan:
    """One bulk request's changes, built on copies and committed only when all are valid."""

    def __init__(self, mutator: EntityMutator) -> None:
        self.m = mutator
        self.store = mutator.store
        self.now = mutator.clock.now_ms()
        self.target_of: dict[int, str] = {}  # request index -> real guid
        self.temp: dict[str, str] = {}  # request temp guid -> real guid
        self.new_guids: set[str] = set()
        self.by_key: dict[tuple[str, str], str] = {}  # keys created in this request
        self.work: dict[str, Entity] = {}  # guid -> entity being built
        self.order: list[str] = []

    def identify(self, index: int, raw: dict[str, Any]) -> None:
        type_name = self.store.types.require(raw["typeName"])
        attrs = raw.get("attributes") or {}
        request_guid = raw.get("guid")
        qn = attrs.get("qualifiedName")
        existing: Entity | None = None
        if request_guid and not request_guid.startswith("-"):
            existing = self.store.get(request_guid)
            if existing is None and not qn:
                raise GuidNotFound(request_guid)
        if existing is None and qn and not _PLACEHOLDER_QN.match(qn):
            key = (type_name, qn)
            if key in self.by_key:
                guid = self.by_key[key]
            else:
                found = self.store.find(type_name, qn)
                existing = found if found is not None and found.type_name == type_name else None
        if existing is not None:
            guid = existing.guid
        elif not (qn and (type_name, qn) in self.by_key):
            guid = self.m.ids.guid()
            self.new_guids.add(guid)
            if qn:
                self.by_key[(type_name, qn)] = guid
        self.target_of[index] = guid
        if request_guid:
            self.temp[request_guid] = guid

    def build(self, index: int, raw: dict[str, Any], flags: MutationFlags) -> None:
        guid = self.target_of[index]
        type_name = raw["typeName"]
        entity = self.work.get(guid)
        if entity is None:
            stored = self.store.get(guid)
            if stored is not None:
                entity = stored.copy()
            else:
                entity = Entity(guid=guid, type_name=type_name, attributes={}, create_time=self.now,
                                update_time=self.now, created_by=self.m.user, updated_by=self.m.user)
            self.work[guid] = entity
            self.order.append(guid)
        creating = guid in self.new_guids
        where = f"entities[{index}]"

        for key, value in (raw.get("attributes") or {}).items():
            self._set_attribute(entity, key, value, where)
        for key, value in (raw.get("relationshipAttributes") or {}).items():
            self._set_attribute(entity, key, value, where, relationship=True)
        for key, value in (raw.get("appendRelationshipAttributes") or {}).items():
            current = _as_list(entity.relationships.get(key))
            added = self._resolve_many(value, f"{where}.appendRelationshipAttributes.{key}")
            for guid_to_add in added:
                if guid_to_add not in current:
                    current.append(guid_to_add)
            entity.relationships[key] = current
            entity.keep_edge_attributes(key, value if isinstance(value, list) else [value], added)
        for key, value in (raw.get("removeRelationshipAttributes") or {}).items():
            drop = set(self._resolve_many(value, f"{where}.removeRelationshipAttributes.{key}", lenient=True))
            kept = [g for g in _as_list(entity.relationships.get(key)) if g not in drop]
            if kept:
                entity.relationships[key] = kept
            else:
                entity.relationships.pop(key, None)

        self._apply_tags(entity, raw, flags, creating, where)
        if raw.get("labels") is not None:
            entity.labels = [str(label) for label in raw["labels"]]
        if raw.get("customAttributes") is not None:
            entity.custom_attributes = dict(raw["customAttributes"])
        self._apply_business_attributes(entity, raw.get("businessAttributes"), flags, creating)
        if raw.get("status") == ACTIVE and entity.status == DELETED:
            entity.status = ACTIVE

        if creating:
            self._finish_new(entity, where)

    def commit(self) -> MutationResult:
        result = MutationResult(guid_assignments={})
        assert result.guid_assignments is not None
        changed: set[str] = set()
        for guid in self.order:
            entity = self.work[guid]
            before = self.store.get(guid)
            if before is None:
                result.created.append(entity)
                changed.add(guid)
            elif _content(before) != _content(entity):
                entity.version = before.version + 1
                entity.update_time = self.now
                entity.updated_by = self.m.user
                result.updated.append(entity)
                changed.add(guid)
        result.related = self._related_ends(changed)
        for entity in result.created + result.updated + result.related:
            self.store.put(entity)
        for temp, real in self.temp.items():
            if real in changed and temp != real:
                result.guid_assignments[temp] = real
        return result

    def _related_ends(self, changed: set[str]) -> list[Entity]:
        """Existing assets at the other end of a relationship this request added or removed.

        Atlas records an update on such an end (its inverse attribute changed: a database's
        ``schemas``, a glossary's ``terms``): its updateTime and updatedBy move, its version does
        not, and it is listed once, unless the request created or changed it itself.
        """
        ends: list[Entity] = []
        seen = set(changed)
        for guid in self.order:
            if guid not in changed:
                continue
            before = self.store.get(guid)
            old = before.targets() if before is not None else []
            new = self.work[guid].targets()
            moved = set(old).symmetric_difference(new)
            for pair in new + old:
                target = pair[1]
                if pair not in moved or target in seen:
                    continue
                seen.add(target)
                stored = self.store.get(target)
                if stored is None:
                    continue
                end = stored.copy()
                end.update_time = self.now
                end.updated_by = self.m.user
                ends.append(end)
        return ends

    # --- helpers ---------------------------------------------------------------------
    def _set_attribute(self, entity: Entity, key: str, value: Any, where: str, relationship: bool = False) -> None:
        if is_reference(value):
            entity.relationships[key] = self._resolve(value, f"{where}.{key}")
            entity.attributes.pop(key, None)
            entity.keep_edge_attributes(key, [value])
        elif is_reference_list(value):
            entity.relationships[key] = self._resolve_many(value, f"{where}.{key}")
            entity.attributes.pop(key, None)
            entity.keep_edge_attributes(key, value)
        elif (value is None or value == []) and (relationship or key in entity.relationships):
            entity.relationships.pop(key, None)
            entity.keep_edge_attributes(key, [])
        elif relationship:
            raise BadRequest(f"{where}.relationshipAttributes.{key} must be an entity reference or a list of them")
        elif value is None:
            entity.attributes.pop(key, None)
        else:
            entity.attributes[key] = value

    def _resolve(self, ref: dict[str, Any], where: str, *, lenient: bool = False) -> str:
        guid = ref.get("guid")
        if isinstance(guid, str) and guid:
            if guid in self.temp:
                return self.temp[guid]
            if guid in self.work or self.store.get(guid) is not None:
                return guid
            if lenient:
                return guid
            raise ReferencedEntityNotFound(f"{{guid={guid}}} in {where}")
        unique = ref.get("uniqueAttributes")
        qn = unique.get("qualifiedName") if isinstance(unique, dict) else None
        if not isinstance(qn, str) or not qn:
            raise BadRequest(f"{where}: a reference needs a guid or uniqueAttributes.qualifiedName")
        type_name = ref["typeName"]
        if (type_name, qn) in self.by_key:
            return self.by_key[(type_name, qn)]
        found = self.store.find(type_name, qn)
        if found is None:
            if lenient:
                return ""
            raise ReferencedEntityNotFound(f"{{typeName={type_name}, qualifiedName={qn}}} in {where}")
        return found.guid

    def _resolve_many(self, value: Any, where: str, *, lenient: bool = False) -> list[str]:
        items = value if isinstance(value, list) else [value]
        if not all(is_reference(v) for v in items):
            raise BadRequest(f"{where} must be entity references")
        return [self._resolve(v, where, lenient=lenient) for v in items]

    def _apply_tags(self, entity: Entity, raw: dict[str, Any], flags: MutationFlags, creating: bool, where: str) -> None:
        def clean(items: list[Any], key: str) -> list[dict[str, Any]]:
            out = []
            for i, tag in enumerate(items):
                if not isinstance(tag, dict) or not isinstance(tag.get("typeName"), str):
                    raise BadRequest(f"{where}.{key}[{i}] must be an object with a typeName")
                if not self.m.tag_exists(tag["typeName"]):
                    raise ClassificationNotFound(tag["typeName"])
                out.append({k: tag[k] for k in _TAG_KEYS if k in tag})
            return out

        if raw.get("classifications") is not None and (creating or flags.replace_tags):
            entity.classifications = clean(raw["classifications"], "classifications")
        if flags.append_tags:
            for tag in clean(raw.get("addOrUpdateClassifications") or [], "addOrUpdateClassifications"):
                entity.classifications = [c for c in entity.classifications if c["typeName"] != tag["typeName"]]
                entity.classifications.append(tag)
            removed = {t["typeName"] for t in clean(raw.get("removeClassifications") or [], "removeClassifications")}
            entity.classifications = [c for c in entity.classifications if c["typeName"] not in removed]

    def _apply_business_attributes(self, entity: Entity, given: Any, flags: MutationFlags, creating: bool) -> None:
        if given is None:
            return
        if creating or flags.overwrite_business_attributes:
            entity.business_attributes = {k: dict(v) if isinstance(v, dict) else v for k, v in given.items()}
        elif flags.replace_business_attributes:
            for set_name, values in given.items():
                merged = dict(entity.business_attributes.get(set_name) or {})
                merged.update(values if isinstance(values, dict) else {})
                entity.business_attributes[set_name] = merged

    def _finish_new(self, entity: Entity, where: str) -> None:
        """Server-side naming and mandatory checks for a new asset, as Atlan does them."""
        types = self.store.types
        qn = entity.attributes.get("qualifiedName")
        placeholder = not qn or bool(_PLACEHOLDER_QN.match(str(qn)))
        if types.is_a(entity.type_name, "AtlasGlossary"):
            if placeholder:
                entity.attributes["qualifiedName"] = self.m.ids.nanoid()
        elif types.is_a(entity.type_name, "AtlasGlossaryTerm") or types.is_a(entity.type_name, "AtlasGlossaryCategory"):
            anchor = entity.relationships.get("anchor")
            if not isinstance(anchor, str):
                raise BadRequest("Mandatory anchor attribute is missing", code="ATLAS-400-00-072")
            if placeholder:
                glossary = self.work.get(anchor) or self.store.get(anchor)
                glossary_qn = glossary.qualified_name if glossary else anchor
                entity.attributes["qualifiedName"] = f"{self.m.ids.nanoid()}@{glossary_qn}"
        elif types.is_a(entity.type_name, "DataDomain") and not str(qn or "").startswith("default/domain/"):
            parent_qn = entity.attributes.get("parentDomainQualifiedName")
            parent_guid = entity.relationships.get("parentDomain")
            if not parent_qn and isinstance(parent_guid, str):
                parent = self.work.get(parent_guid) or self.store.get(parent_guid)
                parent_qn = parent.qualified_name if parent else None
            nano = self.m.ids.nanoid()
            entity.attributes["qualifiedName"] = f"{parent_qn}/domain/{nano}" if parent_qn else f"default/domain/{nano}/super"
        if not entity.attributes.get("qualifiedName"):
            raise MissingMandatoryAttribute(entity.type_name, "qualifiedName")
        if not entity.attributes.get("name"):
            raise MissingMandatoryAttribute(entity.type_name, "name")
        key = (entity.type_name, entity.qualified_name)
        self.by_key[key] = entity.guid


def _as_list(value: RelationshipValue | None) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _content(entity: Entity) -> tuple[Any, ...]:
    return (
        entity.attributes,
        entity.relationships,
        entity.status,
        entity.classifications,
        entity.labels,
        entity.business_attributes,
        entity.custom_attributes,
        entity.edge_attributes,
    )
