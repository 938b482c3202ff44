"""The entity store: entities by GUID, by (type, qualifiedName), and who points at whom.

Every change goes through ``put`` / ``remove`` so that the indexes here and any listener
(the search index) always agree with the entities themselves.

Stored entities are never changed in place (callers copy, change and ``put``), so a
``snapshot`` only copies the top-level maps and shares the entities. ``restore`` of that
snapshot puts back just the entities changed since (GUIDs noted by put/remove), so a reset costs
what the test changed, not what the tenant holds. The inbound index is shared with snapshots
and copied per target on its first change after one (copy on write).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .model import Entity
from .relationships import RelationshipCatalog
from .types import TypeRegistry

# Called with (before, after): (None, e) on insert, (e, e2) on change, (e, None) on removal.
Listener = Callable[[Entity | None, Entity | None], None]


@dataclass(frozen=True, eq=False)
class StoreSnapshot:
    """The store's contents at one moment; never changed after it is taken (compare by identity)."""

    by_guid: dict[str, Entity]
    by_key: dict[tuple[str, str], str]
    inbound: dict[str, dict[str, set[str]]]

    def __len__(self) -> int:
        return len(self.by_guid)


# Called with the snapshot after ``restore`` replaced the whole content at once (no per-entity
# calls): a listener re-reads the store, or swaps in state it keeps per snapshot.
ReplaceListener = Callable[[StoreSnapshot], None]


class EntityStore:
    def __init__(self, types: TypeRegistry) -> None:
        self.types = types
        self.relationships = RelationshipCatalog(types)
        self._by_guid: dict[str, Entity] = {}
        self._by_key: dict[tuple[str, str], str] = {}
        # target guid -> inverse attribute -> source guids
        self._inbound: dict[str, dict[str, set[str]]] = {}
        self._listeners: list[Listener] = []
        self._replace_listeners: list[ReplaceListener] = []
        # Copy on write of ``_inbound`` after a snapshot/restore: targets already copied.
        self._cow = False
        self._owned: set[str] = set()
        # Restoring the snapshot last taken undoes only what changed since (GUIDs touched).
        self._baseline: StoreSnapshot | None = None
        self._touched: set[str] = set()

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

    def add_replace_listener(self, listener: ReplaceListener) -> None:
        self._replace_listeners.append(listener)

    def snapshot(self) -> StoreSnapshot:
        """The current contents, sharing the (immutable) entities with the live store."""
        snap = StoreSnapshot(dict(self._by_guid), dict(self._by_key), dict(self._inbound))
        self._cow, self._owned = True, set()
        self._baseline, self._touched = snap, set()
        return snap

    def restore(self, snap: StoreSnapshot) -> None:
        """Make the content equal to a snapshot's again.

        From the snapshot last taken or restored, only the entities changed since are put
        back, and listeners hear each of them as an ordinary change (so a listening index stays
        in step at the cost of the changes, not of the tenant's size). From any other snapshot
        the whole content is swapped and the replace listeners are told.
        """
        if snap is self._baseline:
            self._undo(snap)
            return
        self._by_guid = dict(snap.by_guid)
        self._by_key = dict(snap.by_key)
        self._inbound = dict(snap.inbound)
        self._cow, self._owned = True, set()
        self._baseline, self._touched = snap, set()
        for listener in self._replace_listeners:
            listener(snap)

    def _undo(self, snap: StoreSnapshot) -> None:
        changes: list[tuple[Entity | None, Entity | None]] = []
        readded = False
        for guid in self._touched:
            current, original = self._by_guid.get(guid), snap.by_guid.get(guid)
            if current is original:
                continue
            if current is not None:
                self._unindex(current)
                del self._by_guid[guid]
            if original is not None:
                self._by_guid[guid] = original
                self._index(original)
                readded = readded or current is None
            changes.append((current, original))
        if readded:  # back in the snapshot's order, so that exports compare equal
            self._by_guid = dict(snap.by_guid)
        self._touched = set()
        for before, after in changes:
            for listener in self._listeners:
                listener(before, after)

    def put(self, entity: Entity) -> None:
        before = self._by_guid.get(entity.guid)
        if before is not None:
            self._unindex(before)
        self._by_guid[entity.guid] = entity
        self._index(entity)
        self._touched.add(entity.guid)
        for listener in self._listeners:
            listener(before, entity)

    def remove(self, guid: str) -> Entity | None:
        before = self._by_guid.pop(guid, None)
        if before is None:
            return None
        self._unindex(before)
        self._touched.add(guid)
        for listener in self._listeners:
            listener(before, None)
        return before

    def clear(self) -> None:
        for guid in list(self._by_guid):
            self.remove(guid)

    def replace_all(self, entities: Iterable[Entity]) -> None:
        """Replace the whole content at once (loading a dataset): the indexes are built in one
        pass and listeners hear one replace, not an insert per entity."""
        self._by_guid, self._by_key, self._inbound = {}, {}, {}
        self._cow, self._owned = False, set()
        self._baseline, self._touched = None, set()
        for entity in entities:
            self._by_guid[entity.guid] = entity
            self._index(entity)
        snap = self.snapshot()
        for listener in self._replace_listeners:
            listener(snap)

    # --- indexes -------------------------------------------------------------------------
    def _index(self, entity: Entity) -> None:
        self._by_key[(entity.type_name, entity.qualified_name)] = entity.guid
        for attr, target in entity.targets():
            inverse = self._inverse_name(entity.type_name, attr)
            self._inbound_of(target).setdefault(inverse, set()).add(entity.guid)

    def _unindex(self, entity: Entity) -> None:
        key = (entity.type_name, entity.qualified_name)
        if self._by_key.get(key) == entity.guid:
            del self._by_key[key]
        for attr, target in entity.targets():
            inverse = self._inverse_name(entity.type_name, attr)
            if target not in self._inbound:
                continue
            sources = self._inbound_of(target).get(inverse)
            if sources is not None:
                sources.discard(entity.guid)
                if not sources:
                    del self._inbound[target][inverse]
                    if not self._inbound[target]:
                        del self._inbound[target]

    def _inbound_of(self, target: str) -> dict[str, set[str]]:
        """The target's inbound map, made private to the live store before it is changed."""
        inner = self._inbound.get(target)
        if inner is None:
            inner = self._inbound[target] = {}
            if self._cow:
                self._owned.add(target)
        elif self._cow and target not in self._owned:
            inner = self._inbound[target] = {k: set(v) for k, v in inner.items()}
            self._owned.add(target)
        return inner

    def _inverse_name(self, type_name: str, attr: str) -> str:
        definition = self.relationships.lookup(type_name, attr)
        return definition.inverse if definition else f"~{attr}"
