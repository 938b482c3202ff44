"""What a run does when it finishes Running: the package's effect on the tenant.

Only connection-delete has an effect; every other package runs through its phases and
succeeds without touching anything. A parameter ``emulator-outcome`` (``Failed`` or
``Error``) on any template makes its runs end that way, for testing failure handling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..entities.model import DELETED
from ..entities.mutations import EntityMutator
from ..entities.store import EntityStore
from ..errors import ApiError
from .documents import ERROR, FAILED, SUCCEEDED, package_names, parameters

OUTCOME_PARAMETER = "emulator-outcome"
CONNECTION_DELETE = ("atlan-connection-delete", "@atlan/connection-delete")
CONNECTION_DELETE_APP = "connection-delete"


@dataclass(frozen=True)
class Outcome:
    phase: str
    message: str | None = None


class PackageExecutors:
    """Applies a template's package effect to the tenant's entities, through the entity mutator."""

    def __init__(self, store: EntityStore, mutator: Callable[[], EntityMutator]) -> None:
        self.store = store
        self.mutator = mutator  # a getter: the tenant may replace its mutator

    def execute(self, template: dict[str, Any]) -> Outcome:
        params = parameters(template)
        forced = params.get(OUTCOME_PARAMETER)
        if forced in (FAILED, ERROR):
            return Outcome(str(forced), f"run ended {forced} on request (parameter {OUTCOME_PARAMETER})")
        if package_names(template) & set(CONNECTION_DELETE):
            try:
                return self.connection_delete(params)
            except ApiError as exc:
                return Outcome(ERROR, exc.message)
        return Outcome(SUCCEEDED)

    def execute_app(self, app_id: str, inputs: dict[str, Any]) -> Outcome:
        """An App API run: the ``connection-delete`` app takes ``connection_qualified_name`` and
        ``delete_type``; other apps succeed without side effects."""
        forced = inputs.get(OUTCOME_PARAMETER.replace("-", "_"))
        if forced in (FAILED, ERROR):
            return Outcome(str(forced), f"run ended {forced} on request (input {OUTCOME_PARAMETER.replace('-', '_')})")
        if app_id == CONNECTION_DELETE_APP:
            params = {"connection-qualified-name": inputs.get("connection_qualified_name"),
                      "delete-type": inputs.get("delete_type")}
            try:
                return self.connection_delete(params)
            except ApiError as exc:
                return Outcome(ERROR, exc.message)
        return Outcome(SUCCEEDED)

    def connection_delete(self, params: dict[str, Any]) -> Outcome:
        """Archive (SOFT) or purge (PURGE/HARD) every asset of the connection, then the connection."""
        qualified_name = params.get("connection-qualified-name")
        if not qualified_name or not isinstance(qualified_name, str):
            return Outcome(FAILED, "parameter connection-qualified-name is missing")
        delete_type = str(params.get("delete-type") or "SOFT").upper()
        if delete_type not in ("SOFT", "HARD", "PURGE"):
            return Outcome(FAILED, f"parameter delete-type must be SOFT or PURGE, got {delete_type!r}")
        connection = self.store.find("Connection", qualified_name)
        if connection is None:
            return Outcome(FAILED, f"Connection {qualified_name} does not exist")
        purge = delete_type != "SOFT"
        assets = [
            entity.guid
            for entity in self.store
            if entity.attributes.get("connectionQualifiedName") == qualified_name
            and entity.guid != connection.guid
            and (purge or entity.status != DELETED)
        ]
        mutator = self.mutator()
        if assets:
            mutator.delete(assets, delete_type)
        if purge or connection.status != DELETED:
            mutator.delete([connection.guid], delete_type)
        verb = "purged" if purge else "archived"
        return Outcome(SUCCEEDED, f"{verb} connection {qualified_name} and {len(assets)} of its assets")
