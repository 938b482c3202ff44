"""Tenant: one isolated world of entities, typedefs, users and time.

Tenants never share mutable state. ``reset`` returns a tenant to the state it started in
(its dataset), from a snapshot taken once, not by regenerating it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .clock import Clock
from .config import EmulatorConfig
from .directory import Directory
from .entities.model import Entity
from .entities.mutations import EntityMutator
from .entities.render import EntityRenderer
from .entities.store import EntityStore
from .entities.types import TypeRegistry
from .faults import FaultBook
from .ids import IdSource
from .journal import Journal
from .rate_limit import TokenBucket
from .typedefs import TypedefRegistry


@dataclass
class TenantSettings:
    """What can change at runtime without restarting (see PATCH /_emulator/config)."""

    deletion_delay: float = 0.0
    # Longest request line (bytes) before a 414; 0: no limit. Token bucket: requests/s (0: off), burst.
    uri_limit: int = 8192
    rate_limit: float = 0.0
    rate_burst: int = 0


def _settings_from(config: EmulatorConfig) -> TenantSettings:
    return TenantSettings(
        deletion_delay=config.deletion_delay,
        uri_limit=config.uri_limit,
        rate_limit=config.rate_limit,
        rate_burst=config.rate_burst,
    )


class Tenant:
    def __init__(self, config: EmulatorConfig, *, dataset: dict[str, Any] | None = None) -> None:
        self.config = config
        self.settings = _settings_from(config)
        self.clock = Clock(virtual=config.clock == "virtual")
        # Failure on purpose: fault rules, the request journal and the rate limit, all per tenant.
        self.faults = FaultBook(config.faults, seed=config.seed)
        self.journal = Journal(config.journal_size)
        self.rate_limiter = TokenBucket()
        self.types = TypeRegistry.default()
        self.ids = IdSource(config.seed)
        self.store = EntityStore(self.types)
        self.renderer = EntityRenderer(self.store)
        self.typedefs = TypedefRegistry(self.types, self.ids)
        self.directory = Directory.default(config.username)
        self.mutator = EntityMutator(
            self.store,
            self.ids,
            self.clock,
            user=config.username,
            tag_exists=self.typedefs.tag_exists,
            deletion_delay=lambda: self.settings.deletion_delay,
        )
        if dataset:
            self.load(dataset)
        self._snapshot = self.export()

    # --- time ----------------------------------------------------------------------------
    def settle(self) -> None:
        """Let everything that has fallen due by now happen (called before each request)."""
        self.clock.run_due()

    # --- state ---------------------------------------------------------------------------
    def export(self) -> dict[str, Any]:
        """The whole tenant as one JSON-able document (entities, tags)."""
        return {
            "version": 1,
            "entities": [_entity_to_dict(e) for e in self.store],
            "classificationDefs": [dict(d) for d in self.typedefs.classifications.values()],
        }

    def load(self, state: dict[str, Any]) -> None:
        """Replace the tenant's contents with an exported document."""
        self.clock.clear()
        self.store.clear()
        self.typedefs.classifications = {d["name"]: dict(d) for d in state.get("classificationDefs", [])}
        for raw in state.get("entities", []):
            self.store.put(_entity_from_dict(raw))

    def reset(self) -> None:
        self.settings = _settings_from(self.config)
        self.ids = IdSource(self.config.seed)
        self.mutator.ids = self.ids
        self.typedefs.ids = self.ids
        self.clock.set_virtual(self.config.clock == "virtual")
        self.faults.reset()
        self.journal.clear()
        self.rate_limiter.reset()
        self.load(self._snapshot)


def _entity_to_dict(entity: Entity) -> dict[str, Any]:
    return {
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


def _entity_from_dict(raw: dict[str, Any]) -> Entity:
    return Entity(
        guid=raw["guid"],
        type_name=raw["typeName"],
        status=raw.get("status", "ACTIVE"),
        attributes=dict(raw.get("attributes", {})),
        relationships={k: (list(v) if isinstance(v, list) else v) for k, v in raw.get("relationships", {}).items()},
        create_time=raw.get("createTime", 0),
        update_time=raw.get("updateTime", 0),
        created_by=raw.get("createdBy", ""),
        updated_by=raw.get("updatedBy", ""),
        version=raw.get("version", 0),
        classifications=[dict(c) for c in raw.get("classifications", [])],
        labels=list(raw.get("labels", [])),
        business_attributes=dict(raw.get("businessAttributes", {})),
        custom_attributes=dict(raw.get("customAttributes", {})),
    )
