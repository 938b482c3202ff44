"""The App API (``/api/service/v1/app…``, pyatlan's ``client.app``, the only workflow surface
in pyatlan 11): app workflows by slug, their runs in time, schedules.

Runs move through the same phases and clock as legacy runs (``RunLifecycle``), are mirrored
as ``AppWorkflowRun`` assets (pyatlan's idempotent submit searches for them), and the
``connection-delete`` app really deletes; every other app id succeeds without side effects.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from ..clock import Clock
from ..entities.mutations import MutationFlags
from ..errors import ApiError, BadRequest, Conflict, NotFound
from ..ids import IdSource
from .documents import FAILED, PENDING, RUNNING, TERMINAL, argo_time
from .executors import CONNECTION_DELETE_APP, Outcome, PackageExecutors
from .lifecycle import STOPPED_MESSAGE, PhaseDurations, RunLifecycle

APP_KIND = "AppWorkflow"
APP_RUN_KIND = "AppRun"
RUN_QN_PREFIX = "default/apps/automation_engine/workflows/"
EXECUTION_MODE = "native"
_CRON = re.compile(r"^\S+(\s+\S+){4,5}$")

# The marketplace apps the emulator knows: connection-delete plus the app ids of pyatlan 11's
# per-app builders (pyatlan/model/apps/*.py ``_APP_ID``), so a builder's describe / inputs find
# its app. Describing any other id is a 404, as for an app the marketplace does not have.
KNOWN_APPS = frozenset({
    CONNECTION_DELETE_APP,
    "Kafka-apache", "Kafka-confluent", "anaplan-anaplan", "atlan-alloydb-postgres", "atlan-athena",
    "atlan-cloudsql-postgres", "atlan-dbt", "atlan-dynamodb", "atlan-glue", "atlan-knowledge-catalog",
    "atlan-metabase", "atlan-mssql", "atlan-mysql", "atlan-presto", "atlan-quicksight", "atlan-redash",
    "atlan-sigma", "atlan-standard-lineage", "atlan-tableau", "atlan-trino", "bigquery-crawler", "bigquery-miner",
    "cloudsql-postgres-miner", "csa-uber-asset-export-basic", "databricks-crawler", "databricks-miner",
    "hive-crawler", "mongodbatlas-atlas", "oracle-crawler", "oracle-miner", "postgres-crawler", "postgres-miner",
    "powerbi-crawler", "powerbi-miner", "snowflake-crawler", "snowflake-miner", "teradata-crawler",
    "teradata-miner",
})

# Input contracts (JSON Schema) of the apps with inputs the emulator checks; the other known apps
# have an open contract. Workflows of any app id are accepted and run without side effects.
CONTRACTS: dict[str, dict[str, Any]] = {
    CONNECTION_DELETE_APP: {
        "title": "AppInputContract",
        "type": "object",
        "properties": {
            "connection_qualified_name": {"type": "string", "title": "Connection qualified name"},
            "delete_type": {"type": "string", "enum": ["SOFT", "PURGE"], "default": "SOFT"},
        },
        "required": ["connection_qualified_name"],
        "$defs": {},
    },
}


def _known(app_id: str) -> None:
    if app_id not in KNOWN_APPS:
        raise NotFound(f"app {app_id!r} not found (known apps: {', '.join(sorted(KNOWN_APPS))})")


class AppAlreadyExists(Conflict):
    """A duplicate name: the body carries the existing slug, which pyatlan reuses."""

    def __init__(self, name: str, slug: str, version: int) -> None:
        super().__init__(f"workflow name {name!r} already exists")
        self.slug, self.version = slug, version

    def body(self) -> dict[str, Any]:
        return {"message": self.message, "slug": self.slug, "version": self.version}


class Apps:
    def __init__(
        self,
        clock: Clock,
        executors: PackageExecutors,
        *,
        ids: Callable[[], IdSource],
        durations: Callable[[], PhaseDurations],
        user: Callable[[], dict[str, Any]],
    ) -> None:
        self.clock = clock
        self.executors = executors
        self._ids = ids
        self._user = user
        self.workflows: dict[str, dict[str, Any]] = {}
        self.runs: dict[str, dict[str, Any]] = {}
        self.lifecycle = RunLifecycle(clock, durations, self._finish, on_change=self._mirror)

    # --- apps ----------------------------------------------------------------------------------
    def describe(self, app_id: str) -> dict[str, Any]:
        _known(app_id)
        return {"app_id": app_id, "name": app_id, "native_ready": True, "execution_mode": EXECUTION_MODE,
                "app_service_url": None, "entrypoints": [{"name": "default"}]}

    def input_contract(self, app_id: str) -> dict[str, Any]:
        _known(app_id)
        contract = CONTRACTS.get(app_id)
        if contract is None:
            return {"title": "AppInputContract", "type": "object", "properties": {}, "required": [],
                    "additionalProperties": True, "$defs": {}}
        return copy.deepcopy(contract)

    # --- workflows -----------------------------------------------------------------------------
    def create(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise BadRequest("body must be a JSON object {app_id, name, inputs, schedule?, run?}")
        app_id, name = body.get("app_id"), body.get("name")
        for key, value in (("app_id", app_id), ("name", name)):
            if not isinstance(value, str) or not value.strip():
                raise BadRequest(f"{key} is required (a non-empty string)")
        assert isinstance(app_id, str) and isinstance(name, str)
        inputs = _inputs(app_id, body.get("inputs"))
        run = body.get("run", True)
        if not isinstance(run, bool):
            raise BadRequest("run must be true or false")
        schedule = _schedule(body["schedule"], default_timezone="UTC") if body.get("schedule") is not None else None
        for existing in self.workflows.values():
            if existing["name"] == name and not existing["archived"]:
                raise AppAlreadyExists(name, existing["slug"], existing["version"])
        slug = self._slug(name)
        user = self._user()
        workflow = {
            "kind": APP_KIND, "slug": slug, "name": name, "app_id": app_id,
            "entrypoint": body.get("entrypoint") or "default", "inputs": inputs, "version": 1,
            "owner": str(user.get("username", "")), "created_at": argo_time(self.clock.now_ms()),
            "schedules": {}, "archived": False,
        }
        self.workflows[slug] = workflow
        answer: dict[str, Any] = {"execution_mode": EXECUTION_MODE, "slug": slug, "version": 1}
        if schedule is not None:
            answer["schedule_trigger_id"] = self._add_schedule(workflow, schedule)["trigger_id"]
        if run:
            answer["run_id"] = self._start_run(workflow)["metadata"]["name"]
        return answer

    def list_workflows(self, *, limit: int, cursor: str | None, name: str | None) -> dict[str, Any]:
        try:
            start = int(cursor) if cursor else 0
        except ValueError:
            raise BadRequest(f"cursor is not one this server issued: {cursor!r}") from None
        chosen = [w for w in self.workflows.values() if not w["archived"] and (name is None or w["name"] == name)]
        page = chosen[start : start + limit]
        more = start + limit < len(chosen)
        return {"workflows": [_summary(w) for w in page], "has_more": more,
                "next_cursor": str(start + limit) if more else None}

    def get(self, slug: str) -> dict[str, Any]:
        return _summary(self._live(slug))

    def update(self, slug: str, body: Any) -> dict[str, Any]:
        workflow = self._live(slug)
        if not isinstance(body, dict):
            raise BadRequest("body must be a JSON object {inputs, entrypoint?}")
        workflow["inputs"] = _inputs(workflow["app_id"], body.get("inputs"))
        if body.get("entrypoint"):
            workflow["entrypoint"] = body["entrypoint"]
        workflow["version"] += 1
        return {"execution_mode": EXECUTION_MODE, "slug": slug, "version": workflow["version"]}

    def delete(self, slug: str) -> dict[str, Any]:
        self._live(slug)["archived"] = True
        return {"slug": slug, "archived": True}

    # --- runs ----------------------------------------------------------------------------------
    def submit(self, slug: str) -> dict[str, Any]:
        workflow = self._live(slug)
        for run in self.runs.values():
            if run["spec"]["workflowTemplateRef"]["name"] == slug and run["status"].get("phase") in (PENDING, RUNNING):
                # What the real service answers (pyatlan does not retry a 500 here).
                raise ApiError(f"workflow {slug} already has a run in progress ({run['metadata']['name']})",
                               status=500, code="ATLAS-500-00-001")
        return run_response(self._start_run(workflow))

    def get_run(self, run_id: str) -> dict[str, Any]:
        return run_response(self._run(run_id))

    def cancel_run(self, run_id: str) -> dict[str, Any]:
        run = self._run(run_id)
        live = run["status"].get("phase") not in TERMINAL
        if live:
            self.lifecycle.stop(run)
        answer = run_response(run)
        return {"run_id": run_id, "cancelled": live, "status": answer["status"], "slug": answer["slug"]}

    def _start_run(self, workflow: dict[str, Any]) -> dict[str, Any]:
        run_id = self._ids().guid()
        run = {
            "kind": APP_RUN_KIND,
            "metadata": {"name": run_id, "labels": {}},
            "spec": {"workflowTemplateRef": {"name": workflow["slug"]}, "version": workflow["version"]},
            "status": {},
        }
        self.runs[run_id] = run
        self.lifecycle.start(run)
        return run

    def _finish(self, run: dict[str, Any]) -> Outcome:
        workflow = self.workflows[run["spec"]["workflowTemplateRef"]["name"]]
        return self.executors.execute_app(workflow["app_id"], workflow["inputs"])

    def _mirror(self, run: dict[str, Any]) -> None:
        """Keep the run's AppWorkflowRun asset in step with it (what pyatlan's idempotent submit finds)."""
        workflow = self.workflows.get(run["spec"]["workflowTemplateRef"]["name"])
        if workflow is None:
            return
        answer = run_response(run)
        attributes = {
            "qualifiedName": f"{RUN_QN_PREFIX}{workflow['slug']}/{answer['run_id']}",
            "name": f"{workflow['name']} run",
            "appWorkflowRunStatus": answer["status"],
            "appWorkflowRunStartedAt": self.clock.now_ms() if answer["status"] == PENDING else None,
            "appWorkflowRunStartedBy": workflow["owner"],
            "appWorkflowRunAppWorkflowSlug": workflow["slug"],
            "appWorkflowRunAppWorkflowName": workflow["name"],
            "appWorkflowRunAppWorkflowVersion": str(run["spec"].get("version", 1)),
        }
        if answer["status"] in (*TERMINAL, "Stopped"):
            attributes["appWorkflowRunCompletedAt"] = self.clock.now_ms()
        attributes = {k: v for k, v in attributes.items() if v is not None}
        self.executors.mutator().upsert({"entities": [{"typeName": "AppWorkflowRun", "attributes": attributes}]},
                                        MutationFlags())

    # --- schedules -----------------------------------------------------------------------------
    def add_schedule(self, slug: str, body: Any) -> dict[str, Any]:
        return self._add_schedule(self._live(slug), _schedule(body))

    def remove_schedule(self, slug: str, trigger_id: str) -> dict[str, Any]:
        workflow = self._live(slug)
        if workflow["schedules"].pop(trigger_id, None) is None:
            raise NotFound(f"schedule {trigger_id} not found on workflow {slug}")
        return {"trigger_id": trigger_id, "deleted": True}

    def _add_schedule(self, workflow: dict[str, Any], schedule: dict[str, str]) -> dict[str, Any]:
        trigger_id = self._ids().guid()
        workflow["schedules"][trigger_id] = schedule
        return {"trigger_id": trigger_id, **schedule}

    # --- state ---------------------------------------------------------------------------------
    def export(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return [copy.deepcopy(w) for w in self.workflows.values()], [copy.deepcopy(r) for r in self.runs.values()]

    def load(self, workflows: list[dict[str, Any]], runs: list[dict[str, Any]]) -> None:
        loaded = {}
        for i, raw in enumerate(workflows):
            if not isinstance(raw.get("slug"), str) or not isinstance(raw.get("inputs"), dict):
                raise BadRequest(f"app workflow {i} needs a slug and inputs")
            loaded[raw["slug"]] = copy.deepcopy(raw)
        self.workflows = loaded
        self.runs = {r["metadata"]["name"]: copy.deepcopy(r) for r in runs}
        for run in self.runs.values():
            self.lifecycle.resume(run)

    def _live(self, slug: str) -> dict[str, Any]:
        workflow = self.workflows.get(slug)
        if workflow is None or workflow["archived"]:
            raise NotFound(f"app workflow {slug} not found")
        return workflow

    def _run(self, run_id: str) -> dict[str, Any]:
        run = self.runs.get(run_id)
        if run is None:
            raise NotFound(f"app run {run_id} not found")
        return run

    def _slug(self, name: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "app"
        rng = self._ids().rng
        while True:
            slug = f"{base}-" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(5))
            if slug not in self.workflows:
                return slug


def run_response(run: dict[str, Any]) -> dict[str, Any]:
    """An ``AppRunResponse``: a stopped run reads ``Stopped`` (an App API status) rather than Failed."""
    status = run["status"]
    phase = status.get("phase")
    if phase == FAILED and status.get("message") == STOPPED_MESSAGE:
        phase = "Stopped"
    return {"run_id": run["metadata"]["name"], "status": phase, "slug": run["spec"]["workflowTemplateRef"]["name"],
            "started_at": status.get("startedAt"), "finished_at": status.get("finishedAt"),
            "message": status.get("message")}


def _summary(workflow: dict[str, Any]) -> dict[str, Any]:
    """An ``AppSummary`` (no schedules: the real ``get`` does not show them)."""
    return {
        "slug": workflow["slug"], "name": workflow["name"], "version": workflow["version"],
        "owner": workflow["owner"], "app_id": workflow["app_id"], "entrypoint": workflow["entrypoint"],
        "created_at": workflow["created_at"], "execution_mode": EXECUTION_MODE,
        "dag": {"extract": {"inputs": {"args": copy.deepcopy(workflow["inputs"])}}},
    }


def _inputs(app_id: str, inputs: Any) -> dict[str, Any]:
    """The inputs, checked against the app's contract where the emulator knows it."""
    if not isinstance(inputs, dict):
        raise BadRequest("inputs is required (an object of the app's input values)")
    contract = CONTRACTS.get(app_id)
    if contract is not None:
        missing = [key for key in contract["required"] if inputs.get(key) in (None, "")]
        if missing:
            raise BadRequest(f"inputs for app {app_id} lack required field(s): {', '.join(missing)}")
        for key, spec in contract["properties"].items():
            if key in inputs and "enum" in spec and inputs[key] not in spec["enum"]:
                raise BadRequest(f"inputs.{key} must be one of {', '.join(spec['enum'])}, got {inputs[key]!r}")
    return copy.deepcopy(inputs)


def _schedule(body: Any, *, default_timezone: str | None = None) -> dict[str, str]:
    """A cron schedule; on create a missing timezone means UTC, on add_schedule it is required."""
    if not isinstance(body, dict):
        raise BadRequest("schedule must be an object {cron, timezone}")
    cron, timezone = body.get("cron"), body.get("timezone") or default_timezone
    if not isinstance(cron, str) or not _CRON.match(cron.strip()):
        raise BadRequest(f"cron must be a cron expression such as '0 9 * * *', got {cron!r}")
    if not isinstance(timezone, str) or not timezone:
        raise BadRequest("timezone is required (an IANA name such as 'UTC')")
    return {"cron": cron.strip(), "timezone": timezone}
