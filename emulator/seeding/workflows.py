"""A generated tenant's workflow history: one crawler template per connection with its past
runs, and a couple of connection-delete workflows that retired older connections.

Shapes are those the tenant stores and exports (Argo ``WorkflowTemplate`` / ``Workflow``
documents, see ``emulator.workflows``), with the labels and annotations pyatlan's crawler
packages put on them, so ``find_by_type(WorkflowPackage.SNOWFLAKE)``, ``get_runs`` and
``rerun`` work on them. A crawler is named after its connection, as Atlan names it:
``atlan-snowflake-1712345678`` crawls ``default/snowflake/1712345678``.

Everything comes from the generator's RNG and lies before its fixed epoch. Connection-delete
workflows are dated 1.5 to 2 years before it, older than every crawler and than the docs
dataset's ``atlan-connection-delete-1684500411``, which so stays the newest of its type (the
one the docs' ``find_by_type(...)[0]`` picks) when a generated tenant is merged with it.
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass
from typing import Any

from ..workflows.documents import (
    ANNOTATION_ATLAN_NAME,
    ANNOTATION_PACKAGE,
    API_VERSION,
    FAILED,
    LABEL_COMPLETED,
    LABEL_CREATOR,
    LABEL_CREATOR_USERNAME,
    LABEL_PHASE,
    LABEL_TEMPLATE,
    NAMESPACE,
    SUCCEEDED,
    argo_time,
)

_HOUR_MS = 3600 * 1000
_DAY_MS = 24 * _HOUR_MS
_YEAR_MS = 365 * _DAY_MS
_RUN_SUFFIX = "abcdefghijklmnopqrstuvwxyz0123456789"
# The built-in admin (emulator.directory): who made the workflows when no generated admin did.
BUILT_IN_CREATOR = ("00000000-0000-4000-8000-000000000001", "alice")
# pyatlan's AtlanConnectorType categories of the generator's connectors.
SOURCE_CATEGORY = {"snowflake": "warehouse", "postgres": "database", "databricks": "lake",
                   "bigquery": "warehouse", "redshift": "warehouse", "mysql": "warehouse"}
_REGISTRY_LABEL = "httpsc-o-l-o-ns-l-a-s-hs-l-a-s-hpackages.atlan.com"
_COMMON_ANNOTATIONS = {
    "orchestration.atlan.com/dependentPackage": "",
    "package.argoproj.io/author": "Atlan",
    "package.argoproj.io/registry": "https://packages.atlan.com",
    "package.argoproj.io/repository": "git+https://github.com/atlanhq/marketplace-packages.git",
    "package.argoproj.io/support": "support@atlan.com",
}


@dataclass(frozen=True)
class GeneratedConnection:
    """What a crawler template needs of a generated connection."""

    qualified_name: str
    name: str
    connector: str
    created_ms: int

    @property
    def number(self) -> str:
        return self.qualified_name.rsplit("/", 1)[-1]


class WorkflowHistory:
    """Builds the templates and runs; every draw from ``rng``, every time before ``epoch_ms``."""

    def __init__(self, rng: random.Random, epoch_ms: int, creators: list[tuple[str, str]], guid: Any) -> None:
        self.rng = rng
        self.epoch_ms = epoch_ms
        self.creators = creators or [BUILT_IN_CREATOR]
        self._guid = guid  # guid_of(rng), passed in so both modules share one definition

    def build(self, connections: list[GeneratedConnection]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(templates, runs): templates oldest first, each template's runs oldest first."""
        names: set[str] = set()
        pairs = [self._retired_connection_delete(connections, names) for _ in range(min(2, len(connections) // 2))]
        pairs += [self._crawler(connection) for connection in connections]
        templates = [template for template, _ in pairs]
        runs = [run for _, template_runs in pairs for run in template_runs]
        return templates, runs

    # --- crawlers ----------------------------------------------------------------------------
    def _crawler(self, connection: GeneratedConnection) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        rng, connector = self.rng, connection.connector
        name = f"atlan-{connector}-{connection.number}"
        package = f"@atlan/{connector}"
        title = connector.capitalize()
        category = SOURCE_CATEGORY.get(connector, "warehouse")
        labels = {
            "orchestration.atlan.com/certified": "true",
            "orchestration.atlan.com/source": connector,
            "orchestration.atlan.com/sourceCategory": category,
            "orchestration.atlan.com/type": "connector",
            "orchestration.atlan.com/verified": "true",
            "package.argoproj.io/installer": "argopm",
            "package.argoproj.io/name": f"a-t-ratlans-l-a-s-h{connector}",
            "package.argoproj.io/registry": _REGISTRY_LABEL,
            f"orchestration.atlan.com/default-{connector}-{connection.number}": "true",
            "orchestration.atlan.com/atlan-ui": "true",
        }
        annotations = dict(
            _COMMON_ANNOTATIONS,
            **{
                "orchestration.atlan.com/allowSchedule": "true",
                "orchestration.atlan.com/categories": f"{category},crawler",
                "orchestration.atlan.com/emoji": "\U0001f680",
                "orchestration.atlan.com/marketplaceLink": f"https://packages.atlan.com/-/web/detail/{package}",
                "orchestration.atlan.com/name": f"{title} Assets",
                "package.argoproj.io/description": f"Package to crawl {title} assets and publish to Atlan for discovery",
                "package.argoproj.io/homepage": f"https://packages.atlan.com/-/web/detail/{package}",
                "package.argoproj.io/keywords": json.dumps([connector, category, "connector", "crawler"]),
                ANNOTATION_PACKAGE: package,
                ANNOTATION_ATLAN_NAME: f"atlan-{connector}-default-{connector}-{connection.number}",
            },
        )
        connection_json = json.dumps({"typeName": "Connection", "attributes": {
            "name": connection.name, "qualifiedName": connection.qualified_name, "connectorName": connector,
            "category": category, "adminUsers": ["alice"], "adminGroups": [], "adminRoles": [],
            "allowQuery": True, "allowQueryPreview": True}}, separators=(",", ":"))
        parameters = [
            {"name": "credential-guid", "value": self._guid(rng)},
            {"name": "control-config-strategy", "value": "default"},
            {"name": "connection", "value": connection_json},
            {"name": "include-filter", "value": "{}"},
            {"name": "exclude-filter", "value": "{}"},
        ]
        created = min(connection.created_ms, self.epoch_ms - _DAY_MS)
        template = self._template(name, created, labels, annotations, f"atlan-{connector}", package, parameters)
        count = 2 + rng.randrange(4)
        last_start = self.epoch_ms - 2 * _HOUR_MS
        starts = sorted(created + rng.randrange(max(1, last_start - created)) for _ in range(count))
        runs = self._runs(template, starts, failure_rate=0.15, longest_minutes=40)
        return template, runs

    # --- connection-delete -------------------------------------------------------------------
    def _retired_connection_delete(self, connections: list[GeneratedConnection], names: set[str]
                                   ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """A connection-delete of a connection retired before today's were crawled (its number
        is below every generated connection's, so it names none of them)."""
        rng = self.rng
        connector = connections[rng.randrange(len(connections))].connector
        retired = f"default/{connector}/{1_500_000_000 + rng.randrange(100_000_000)}"
        oldest = self.epoch_ms - 2 * _YEAR_MS
        epoch_s = (oldest + rng.randrange(_YEAR_MS // 2)) // 1000
        while f"atlan-connection-delete-{epoch_s}" in names:
            epoch_s += 1
        name = f"atlan-connection-delete-{epoch_s}"
        names.add(name)
        package = "@atlan/connection-delete"
        labels = {
            "orchestration.atlan.com/certified": "true",
            "orchestration.atlan.com/type": "utility",
            "orchestration.atlan.com/verified": "true",
            "package.argoproj.io/installer": "argopm",
            "package.argoproj.io/name": "a-t-ratlans-l-a-s-hconnection-delete",
            "package.argoproj.io/registry": _REGISTRY_LABEL,
            "orchestration.atlan.com/atlan-ui": "true",
        }
        annotations = dict(
            _COMMON_ANNOTATIONS,
            **{
                "orchestration.atlan.com/allowSchedule": "false",
                "orchestration.atlan.com/categories": "utility,admin,connection,delete",
                "orchestration.atlan.com/emoji": "\U0001f5d1\ufe0f",
                "orchestration.atlan.com/marketplaceLink": f"https://packages.atlan.com/-/web/detail/{package}",
                "orchestration.atlan.com/name": "Connection Delete",
                "package.argoproj.io/description": "Deletes a connection and all its related assets",
                "package.argoproj.io/homepage": f"https://packages.atlan.com/-/web/detail/{package}",
                "package.argoproj.io/keywords": '["delete","admin","utility"]',
                ANNOTATION_PACKAGE: package,
                ANNOTATION_ATLAN_NAME: name,
            },
        )
        parameters = [
            {"name": "connection-qualified-name", "value": retired},
            {"name": "delete-assets", "value": "true"},
            {"name": "delete-type", "value": "SOFT" if rng.random() < 0.5 else "PURGE"},
        ]
        created = epoch_s * 1000
        template = self._template(name, created, labels, annotations, "atlan-connection-delete", package, parameters)
        starts = sorted(created + rng.randrange(2 * _DAY_MS) for _ in range(1 + rng.randrange(2)))
        runs = self._runs(template, starts, failure_rate=0.0, longest_minutes=10)
        return template, runs

    # --- documents ---------------------------------------------------------------------------
    def _template(self, name: str, created_ms: int, labels: dict[str, str], annotations: dict[str, str],
                  package_ref: str, package: str, parameters: list[dict[str, Any]]) -> dict[str, Any]:
        creator_id, creator_name = self.creators[self.rng.randrange(len(self.creators))]
        labels = dict(labels, **{LABEL_CREATOR: creator_id, LABEL_CREATOR_USERNAME: creator_name})
        return {
            "apiVersion": API_VERSION,
            "kind": "WorkflowTemplate",
            "metadata": {
                "annotations": annotations, "labels": labels, "name": name, "namespace": NAMESPACE,
                "uid": self._guid(self.rng), "creationTimestamp": argo_time(created_ms),
                "resourceVersion": str(created_ms), "generation": 1,
            },
            "spec": {
                "entrypoint": "main",
                "templates": [{"name": "main", "dag": {"tasks": [{
                    "name": "run", "arguments": {"parameters": parameters},
                    "templateRef": {"name": package_ref, "template": "main", "clusterScope": True}}]}}],
                "workflowMetadata": {"annotations": {ANNOTATION_PACKAGE: package}},
            },
            "payload": [],
        }

    def _runs(self, template: dict[str, Any], starts: list[int], *, failure_rate: float,
              longest_minutes: int) -> list[dict[str, Any]]:
        rng = self.rng
        name = template["metadata"]["name"]
        inherited = {k: v for k, v in template["metadata"]["labels"].items()
                     if not k.startswith("workflows.argoproj.io/")}
        runs = []
        used: set[str] = set()
        for started in starts:
            suffix = "".join(rng.choice(_RUN_SUFFIX) for _ in range(5))
            while suffix in used:
                suffix = "".join(rng.choice(_RUN_SUFFIX) for _ in range(5))
            used.add(suffix)
            run_name = f"{name}-{suffix}"
            phase = FAILED if rng.random() < failure_rate else SUCCEEDED
            finished = started + 60_000 + rng.randrange(longest_minutes * 60_000)
            creator_id, creator_name = self.creators[rng.randrange(len(self.creators))]
            status: dict[str, Any] = {
                "phase": phase, "startedAt": argo_time(started), "finishedAt": argo_time(finished),
                "progress": "1/1" if phase == SUCCEEDED else "0/1",
                "storedWorkflowTemplateSpec": dict(copy.deepcopy(template["spec"]), workflowTemplateRef={"name": name}),
            }
            if phase == FAILED:
                status["message"] = f"child '{run_name}-{rng.randrange(10**9, 10**10)}' failed"
            runs.append({
                "apiVersion": API_VERSION,
                "kind": "Workflow",
                "metadata": {
                    "name": run_name, "generateName": f"{name}-", "namespace": NAMESPACE,
                    "uid": self._guid(rng), "resourceVersion": str(finished), "generation": 2,
                    "creationTimestamp": argo_time(started),
                    "labels": dict(inherited, **{
                        LABEL_CREATOR: creator_id, LABEL_CREATOR_USERNAME: creator_name, LABEL_TEMPLATE: name,
                        LABEL_PHASE: phase, LABEL_COMPLETED: "true"}),
                    "annotations": {"workflows.argoproj.io/pod-name-format": "v1"},
                },
                "spec": {"workflowTemplateRef": {"name": name}, "arguments": {}},
                "status": status,
            })
        return runs
