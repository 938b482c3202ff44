"""Tenant: one isolated world of entities, typedefs, users and time.

Tenants never share mutable state. ``reset`` returns a tenant to the state it started in
(its dataset), from a snapshot taken once, not by regenerating it.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock
from .config import EmulatorConfig
from .directory import Directory, people_of_state
from .entities.codec import entity_from_dict, entity_to_dict, parse_classification_defs, parse_entities
from .entities.mutations import EntityMutator
from .entities.render import EntityRenderer
from .entities.store import EntityStore, StoreSnapshot
from .entities.types import TypeRegistry
from .errors import BadRequest
from .faults import FaultBook
from .ids import IdSource
from .journal import Journal
from .rate_limit import TokenBucket
from .search.service import AssetSearch
from .seeding.bulk import gc_paused
from .seeding.progress import tracked
from .typedefs import TypedefRegistry
from .workflows.executors import PackageExecutors
from .workflows.lifecycle import PhaseDurations
from .workflows.service import Workflows

# From this many assets, a start state is kept out of the garbage collector's full passes.
FREEZE_START_STATES_FROM = 10_000

# Upper bounds of the runtime settings (see emulator/settings.py): generous, but no setting takes
# any number at all (a year-long delay or a 10^30-byte URI limit is a typo, not a test).
_DAY = 86_400
_SETTING_MAX_SECONDS = 365 * _DAY


@dataclass
class TenantSettings:
    """What can change at runtime without restarting (see PATCH /_emulator/config). Each number
    states its range; contracts/admin/config-patch.request.json repeats it (a test compares them)."""

    deletion_delay: float = field(default=0.0, metadata={"maximum": _SETTING_MAX_SECONDS})
    # Longest request line (bytes) before a 414; 0: no limit. Token bucket: requests/s (0: off), burst.
    uri_limit: int = field(default=8192, metadata={"off": 0, "minimum": 64, "maximum": 1_048_576})
    rate_limit: float = field(default=0.0, metadata={"maximum": 1_000_000})
    rate_burst: int = field(default=0, metadata={"maximum": 1_000_000})
    # Seconds a workflow run spends Pending, Running, and stopping (pyatlan's monitor polls every 5 s).
    workflow_pending_seconds: float = field(default=1.0, metadata={"maximum": 7 * _DAY})
    workflow_running_seconds: float = field(default=3.0, metadata={"maximum": 7 * _DAY})
    workflow_stop_seconds: float = field(default=1.0, metadata={"maximum": 7 * _DAY})
    # whoami reports the API-token role, so pyatlan uses workflows…; False: package-workflows….
    api_token_user: bool = True
    # Seconds before a write shows in index search (the real index lags the store); and the
    # largest from + size a search may ask for (Elasticsearch's index.max_result_window).
    search_refresh_interval: float = field(default=0.0, metadata={"maximum": _DAY})
    search_max_result_window: int = field(default=10_000, metadata={"minimum": 1, "maximum": 1_000_000})


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
        self.search = AssetSearch(
            self.store,
            self.types,
            self.typedefs,
            self.renderer,
            self.clock,
            refresh_interval=lambda: self.settings.search_refresh_interval,
            max_result_window=lambda: self.settings.search_max_result_window,
        )
        self.workflows = Workflows(
            self.clock,
            PackageExecutors(self.store, lambda: self.mutator),
            ids=lambda: self.ids,
            durations=self._workflow_durations,
            user=self.directory.current_user,
        )
        if dataset:
            self.load(dataset)
        self._start_here()

    def clone_start(self) -> Tenant:
        """A new, independent tenant in this one's start state, sharing its (immutable) start
        snapshot instead of loading the dataset again: per-token tenancy makes one per token."""
        twin = Tenant(self.config)
        twin._snapshot = self._snapshot
        twin.reset()
        return twin

    def _workflow_durations(self) -> PhaseDurations:
        s = self.settings
        return PhaseDurations(s.workflow_pending_seconds, s.workflow_running_seconds, s.workflow_stop_seconds)

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
            **self.workflows.export(),
            "users": [dict(u) for u in self.directory.users],
            "groups": [dict(g) for g in self.directory.groups],
        }

    def load(self, state: Any) -> None:
        """Replace the tenant's contents with an exported document, checked as a whole first:
        a bad document raises BadRequest and leaves the tenant as it was."""
        if not isinstance(state, dict):
            raise BadRequest("state must be a JSON object (the document GET /_emulator/state returns)")
        if state.get("version", 1) != 1:
            raise BadRequest(f"state.version must be 1, got {state.get('version')!r}")
        tags = parse_classification_defs(state.get("classificationDefs"))
        with gc_paused():
            entities = parse_entities(state.get("entities"), self.types, tags)
        for key in ("workflows", "runs"):
            if not isinstance(state.get(key, []), list):
                raise BadRequest(f"state.{key} must be an array")
        users, groups = people_of_state(state, Directory.default(self.config.username))
        previous = self.workflows.export()
        self.clock.clear()
        try:
            self.workflows.load(state.get("workflows", []), state.get("runs", []))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            self.workflows.load(previous["workflows"], previous["runs"])
            raise BadRequest(f"state.workflows / state.runs: not a valid export ({exc!r})") from None
        self.typedefs.classifications = tags
        self.directory.users, self.directory.groups = users, groups
        with gc_paused():
            self.store.replace_all(tracked(entities, len(entities), "loading"))

    def reload(self, state: Any) -> None:
        """Load a new start state: what ``reset`` returns to from now on."""
        self.load(state)
        self._start_here()

    def _start_here(self) -> None:
        """Make the present content the start state."""
        self._snapshot = self._take_snapshot()
        if len(self.store) >= FREEZE_START_STATES_FROM:
            # A large start state lives as long as the tenant and holds no garbage: out of the
            # cyclic collector's sight, or every full collection rescans it (0.5 s at 100,000
            # assets, in the middle of some request). Its entities are still freed when dropped.
            gc.freeze()

    def _take_snapshot(self) -> _Snapshot:
        return _Snapshot(
            self.store.snapshot(),
            {name: dict(d) for name, d in self.typedefs.classifications.items()},
            self.workflows.export(),
            ([dict(u) for u in self.directory.users], [dict(g) for g in self.directory.groups]),
        )

    def reset(self) -> None:
        self.settings = _settings_from(self.config)
        self.ids = IdSource(self.config.seed)
        self.mutator.ids = self.ids
        self.typedefs.ids = self.ids
        snap = self._snapshot
        self.clock.clear()
        self.clock.set_virtual(self.config.clock == "virtual")
        self.faults.reset()
        self.journal.clear()
        self.rate_limiter.reset()
        self.workflows.load(snap.workflows["workflows"], snap.workflows["runs"])
        self.typedefs.classifications = {name: dict(d) for name, d in snap.classifications.items()}
        self.directory.users = [dict(u) for u in snap.people[0]]
        self.directory.groups = [dict(g) for g in snap.people[1]]
        self.store.restore(snap.store)


@dataclass(frozen=True)
class _Snapshot:
    """A tenant's start state: the store's snapshot (entities shared, copied on write) and
    the small rest, copied on reset."""

    store: StoreSnapshot
    classifications: dict[str, dict[str, Any]]
    workflows: dict[str, Any]
    people: tuple[list[dict[str, Any]], list[dict[str, Any]]]  # users, groups


# The export format's entity codec (kept under these names for callers of the tenant module).
_entity_to_dict = entity_to_dict
_entity_from_dict = entity_from_dict
