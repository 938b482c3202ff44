"""The entity store: entities by GUID, by (type, qualifiedName), and who points at whom.

Every change goes through ``put`` / ``remove`` so that the indexes here and any listener
(the search index) always agree with the entities themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .model import Entity
from .relationships import RelationshipCatalog
from .types import TypeRegistry

# Called with (before, after): (None, e) on insert, (e, e2) on change, (e, None) on removal.
Listener = Callable[[Entity | None, Entity | None], None]


class EntityStore:
    def __init__(self, types: TypeRegistry) -> None:
        self.types = types
        self.relationships = RelationshipCatalog(types)
        self._by_guid: dict[str, Entity] = {}
        self._by_key: dict[tuple[str, str], str] = {}
        # target guid -> inverse attribute -> source guids
        self._inbound: dict[str, dict[str, set[str]]] = {}
        self._listeners: list[Listener] = []

    # --- reading -------------------------------------------------------------------------
    def get(self, guid: str) -> Entity | None:
        return self._by_guid.get(guid)

    def find(self, type_name: str, qualified_name: str) -> Entity | None:
        """The entity of exactly this type, or of a subtype, with this qualifiedName."""
        guid = self._by_key.get((type_name, qualified_name))
        if guid is not None:
            return self._by_guid[guid]
        for subtype in self.types.subtypes(type_name):
            guid = self._by_key.get((subtype, qualified_name))
            if guid is not None:
                return self._by_guid[guid]
        return None

    def __len__(self) -> int:
        return len(self._by_guid)

    def __iter__(self) -> Iterator[Entity]:
        return iter(list(self._by_guid.values()))

    def __contains__(self, guid: object) -> bool:
        return guid in self._by_guid

    def inbound(self, guid: str) -> dict[str, set[str]]:
        """Inverse relationship attribute -> GUIDs of the entities pointing at ``guid``."""
        return self._inbound.get(guid, {})

    # --- writing -------------------------------------------------------------------------
    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def put(self, entity: Entity) -> None:
        before = self._by_guid.get(entity.guid)
        if before is not None:
            self._unindex(before)
        self._by_guid[entity.guid] = entity
        self._index(entity)
        for listener in self._listeners:
            listener(before, entity)

    def remove(self, guid: str) -> Entity | None:
        before = self._by_guid.pop(guid, None)
        if before is None:
            return None
        self._unindex(before)
        for listener in self._listeners:
            listener(before, None)
        return before

    def clear(self) -> None:
        for guid in list(self._by_guid):
            self.remove(guid)

    # --- indexes -------------------------------------------------------------------------
    def _index(self, entity: Entity) -> None:
        self._by_key[(entity.type_name, entity.qualified_name)] = entity.guid
        for attr, target in entity.targets():
            inverse = self._inverse_name(entity.type_name, attr)
            self._inbound.setdefault(target, {}).setdefault(inverse, set()).add(entity.guid)

    def _unindex(self, entity: Entity) -> None:
        key = (entity.type_name, entity.qualified_name)
        if self._by_key.get(key) == entity.guid:
            del self._by_key[key]
        for attr, target in entity.targets():
            inverse = self._inverse_name(entity.type_name, attr)
            sources = self._inbound.get(target, {}).get(inverse)
            if sources is not None:
                sources.discard(entity.guid)
                if not sources:
                    del self._inbound[target][inverse]
                    if not self._inbound[target]:
                        del self._inbound[target]

    def _inverse_name(self, type_name: str, attr: str) -> str:
        definition = self.relationships.lookup(type_name, attr)
        return definition.inverse if definition else f"~{attr}"
