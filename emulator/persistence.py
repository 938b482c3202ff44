"""``--state-file``: tenants kept in SQLite (standard library, WAL mode) across restarts.

Each tenant is one key: its entities are rows (upserted / deleted as the store's listener
reports them, whole-table rewritten when the store is replaced by a reset or a state load), and
the small rest (tags, workflows, the id generator's position) is one JSON document. Changes
collect in memory and ``flush`` writes them in one transaction, committed with
``synchronous=FULL`` before the response leaves: an acknowledged write survives ``kill -9``.
Deletions that land later through the clock go through the store too, so they are covered.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import ConfigError
from .entities.codec import entity_to_dict
from .entities.model import Entity
from .entities.store import StoreSnapshot
from .tenant import Tenant

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (
    tenant TEXT NOT NULL, guid TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (tenant, guid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tenants (tenant TEXT PRIMARY KEY, rest TEXT NOT NULL) WITHOUT ROWID;
"""


@dataclass
class _Tracked:
    tenant: Tenant
    changed: dict[str, Entity | None] = field(default_factory=dict)  # guid -> new entity, None: removed
    rewrite: bool = False  # the whole store was replaced: write every row again
    rest: str = ""  # the rest document as last written


class StateFile:
    def __init__(self, path: str | Path) -> None:
        try:
            self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise ConfigError(f"state_file: cannot use {str(path)!r} as an SQLite database: {exc}") from None
        self.path = str(path)
        self._tracked: dict[str, _Tracked] = {}

    def attach(self, tenant: Tenant, key: str) -> bool:
        """Load the tenant's saved state (if any), then follow its changes. True if state was loaded;
        a tenant without saved state is written whole on the next flush."""
        saved = self._saved(key)
        if saved is not None:
            document, id_state = saved
            tenant.load(document)
            if id_state is not None:
                tenant.ids.rng.setstate((id_state[0], tuple(id_state[1]), id_state[2]))
        tracked = _Tracked(tenant, rewrite=saved is None)
        self._tracked[key] = tracked

        def changed(before: Entity | None, after: Entity | None) -> None:
            entity = after if after is not None else before
            assert entity is not None
            tracked.changed[entity.guid] = after

        def replaced(_snapshot: StoreSnapshot) -> None:
            tracked.rewrite, tracked.changed = True, {}

        tenant.store.add_listener(changed)
        tenant.store.add_replace_listener(replaced)
        return saved is not None

    def flush(self, key: str) -> None:
        """Write what changed in this tenant since the last flush, in one committed transaction."""
        tracked = self._tracked.get(key)
        if tracked is None:
            return
        rest = json.dumps(_rest_of(tracked.tenant), sort_keys=True)
        if not tracked.rewrite and not tracked.changed and rest == tracked.rest:
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if tracked.rewrite:
                db.execute("DELETE FROM entities WHERE tenant = ?", (key,))
                db.executemany(
                    "INSERT INTO entities (tenant, guid, body) VALUES (?, ?, ?)",
                    ((key, e.guid, json.dumps(entity_to_dict(e))) for e in tracked.tenant.store),
                )
            else:
                upserts = [(key, g, json.dumps(entity_to_dict(e))) for g, e in tracked.changed.items() if e]
                removals = [(key, g) for g, e in tracked.changed.items() if e is None]
                db.executemany("INSERT OR REPLACE INTO entities (tenant, guid, body) VALUES (?, ?, ?)", upserts)
                db.executemany("DELETE FROM entities WHERE tenant = ? AND guid = ?", removals)
            if rest != tracked.rest or tracked.rewrite:
                db.execute("INSERT OR REPLACE INTO tenants (tenant, rest) VALUES (?, ?)", (key, rest))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        tracked.rewrite, tracked.changed, tracked.rest = False, {}, rest

    def close(self) -> None:
        for key in list(self._tracked):
            self.flush(key)
        self._db.close()

    def _saved(self, key: str) -> tuple[dict[str, Any], Any] | None:
        row = self._db.execute("SELECT rest FROM tenants WHERE tenant = ?", (key,)).fetchone()
        if row is None:
            return None
        rest = json.loads(row[0])
        bodies = self._db.execute("SELECT body FROM entities WHERE tenant = ?", (key,)).fetchall()
        id_state = rest.pop("ids", None)
        document = {**rest, "version": 1, "entities": [json.loads(body) for (body,) in bodies]}
        return document, id_state


def _rest_of(tenant: Tenant) -> dict[str, Any]:
    """Everything of a tenant's state but its entities: small, written whole when it changes."""
    exported = tenant.workflows.export()
    version, internal, gauss = tenant.ids.rng.getstate()
    return {
        "classificationDefs": list(tenant.typedefs.classifications.values()),
        "workflows": exported.get("workflows", []),
        "runs": exported.get("runs", []),
        "ids": [version, list(internal), gauss],
    }
