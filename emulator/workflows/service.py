"""A tenant's workflows: templates, their runs and crons, and every operation the
``/api/service/workflows…`` (and ``package-workflows…``) endpoints offer.

Templates are created by ``create`` (pyatlan's ``run``), which also starts a run; ``submit``
re-runs a stored template. Archived templates leave the workflows index; their runs stay.
"""

from __future__ import annotations

import copy
import string
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..clock import Clock
from ..errors import BadRequest, Conflict, NotFound
from ..ids import IdSource
from .apps import APP_KIND, APP_RUN_KIND, Apps
from .documents import (
    ANNOTATION_ATLAN_NAME,
    API_VERSION,
    ERROR,
    FAILED,
    LABEL_CREATOR,
    LABEL_CREATOR_USERNAME,
    LABEL_TEMPLATE,
    NAMESPACE,
    PHASES,
    argo_time,
    cron_document,
    template_response,
    template_source,
)
from .executors import Outcome, PackageExecutors
from .lifecycle import PhaseDurations, RunLifecycle
from .search import required_values, search_documents

RUN_SUFFIX_ALPHABET = string.ascii_lowercase + string.digits
SUBMIT_KINDS = ("WorkflowTemplate", "ClusterWorkflowTemplate")
SCHEDULE_QUERY_PREFIX = "asq-"


class Workflows:
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
        self.templates: dict[str, dict[str, Any]] = {}
        self.archived: set[str] = set()
        self.runs: dict[str, dict[str, Any]] = {}
        # lower-cased template name -> its runs' names, oldest first (narrows pyatlan's run searches)
        self._runs_of: dict[str, list[str]] = {}
        self.lifecycle = RunLifecycle(clock, durations, self._finish)
        self.apps = Apps(clock, executors, ids=ids, durations=durations, user=user)

    # --- templates ---------------------------------------------------------------------------
    def create(self, body: Any) -> dict[str, Any]:
        """pyatlan's ``run``: store a new template, start its first run, answer the template."""
        workflow = _workflow_body(body)
        name = workflow["metadata"]["name"]
        if name in self.templates and name not in self.archived:
            raise Conflict(f"workflow {name} already exists")
        now = self.clock.now_ms()
        user = self._user()
        metadata = workflow["metadata"]
        metadata.setdefault("namespace", NAMESPACE)
        metadata["uid"] = self._ids().guid()
        metadata["creationTimestamp"] = argo_time(now)
        metadata["resourceVersion"] = str(now)
        metadata["generation"] = 1
        labels = metadata.setdefault("labels", {})
        labels.setdefault(LABEL_CREATOR, str(user.get("id", "")))
        labels.setdefault(LABEL_CREATOR_USERNAME, str(user.get("username", "")))
        metadata.setdefault("annotations", {}).setdefault(ANNOTATION_ATLAN_NAME, name)
        template = {"apiVersion": API_VERSION, "kind": "WorkflowTemplate", **workflow}
        self.templates[name] = template
        self.archived.discard(name)
        self._start_run(template)
        return template_response(template)

    def update(self, name: str, body: Any) -> dict[str, Any]:
        """Replace a template's labels, annotations and spec (update, add/remove_schedule)."""
        template = self._live_template(name)
        workflow = _workflow_body(body)
        if workflow["metadata"]["name"] != name:
            raise BadRequest(f"metadata.name {workflow['metadata']['name']!r} does not match the path's {name!r}")
        metadata = template["metadata"]
        metadata["labels"] = workflow["metadata"].get("labels") or {}
        annotations = workflow["metadata"].get("annotations") or {}
        annotations.setdefault(ANNOTATION_ATLAN_NAME, name)
        metadata["annotations"] = annotations
        metadata["generation"] = int(metadata.get("generation") or 1) + 1
        metadata["resourceVersion"] = str(self.clock.now_ms())
        template["spec"] = workflow["spec"]
        if "payload" in workflow:
            template["payload"] = workflow["payload"]
        return template_response(template)

    def change_owner(self, name: str, username: Any) -> dict[str, Any]:
        if not isinstance(username, str) or not username.strip():
            raise BadRequest("username is required (a non-empty string)")
        template = self._live_template(name)
        template["metadata"].setdefault("labels", {})[LABEL_CREATOR_USERNAME] = username.strip()
        template["metadata"]["resourceVersion"] = str(self.clock.now_ms())
        return template_response(template)

    def archive(self, name: str) -> None:
        """Hide a template from the workflows index and drop its cron; its runs stay."""
        self._live_template(name)
        self.archived.add(name)

    # --- runs ----------------------------------------------------------------------------------
    def submit(self, body: Any) -> dict[str, Any]:
        """Re-run a stored template by ``resourceName`` (``submit`` and ``triggerAsOwner``)."""
        if not isinstance(body, dict):
            raise BadRequest("body must be a JSON object with namespace, resourceKind and resourceName")
        name = body.get("resourceName")
        if not isinstance(name, str) or not name:
            raise BadRequest("resourceName is required (the name of the workflow template to run)")
        kind = body.get("resourceKind", "WorkflowTemplate")
        if kind not in SUBMIT_KINDS:
            raise BadRequest(f"resourceKind must be one of {', '.join(SUBMIT_KINDS)}, got {kind!r}")
        template = self._live_template(name)
        return copy.deepcopy(self._start_run(template))

    def stop(self, run_name: str) -> dict[str, Any]:
        """Answer the run as it is (still live), then let it end Failed after the stop time."""
        run = self.runs.get(run_name)
        if run is None:
            raise NotFound(f"workflow run {run_name} not found")
        before = copy.deepcopy(run)
        self.lifecycle.stop(run)
        return before

    def _start_run(self, template: dict[str, Any]) -> dict[str, Any]:
        name = template["metadata"]["name"]
        run_name = self._run_name(name)
        user = self._user()
        labels = {
            key: value for key, value in (template["metadata"].get("labels") or {}).items()
            if not key.startswith("workflows.argoproj.io/")
        }
        labels.update({
            LABEL_CREATOR: str(user.get("id", "")),
            LABEL_CREATOR_USERNAME: str(user.get("username", "")),
            LABEL_TEMPLATE: name,
        })
        now = self.clock.now_ms()
        run: dict[str, Any] = {
            "apiVersion": API_VERSION,
            "kind": "Workflow",
            "metadata": {
                "name": run_name,
                "generateName": f"{name}-",
                "namespace": template["metadata"].get("namespace", NAMESPACE),
                "uid": self._ids().guid(),
                "resourceVersion": str(now),
                "generation": 1,
                "creationTimestamp": argo_time(now),
                "labels": labels,
                "annotations": {"workflows.argoproj.io/pod-name-format": "v1"},
            },
            "spec": {"workflowTemplateRef": {"name": name}, "arguments": {}},
            "status": {
                "phase": None,
                "startedAt": None,
                "finishedAt": None,
                "progress": "0/1",
                "storedWorkflowTemplateSpec": dict(copy.deepcopy(template["spec"]),
                                                   workflowTemplateRef={"name": name}),
            },
        }
        self.runs[run_name] = run
        self._runs_of.setdefault(name.lower(), []).append(run_name)
        self.lifecycle.start(run)
        return run

    def _run_name(self, template_name: str) -> str:
        rng = self._ids().rng
        while True:
            candidate = f"{template_name}-" + "".join(rng.choice(RUN_SUFFIX_ALPHABET) for _ in range(5))
            if candidate not in self.runs:
                return candidate

    def _finish(self, run: dict[str, Any]) -> Outcome:
        template = self.templates.get(run["spec"]["workflowTemplateRef"]["name"])
        if template is None:
            return Outcome(ERROR, "the run's workflow template no longer exists")
        return self.executors.execute(template)

    # --- crons ---------------------------------------------------------------------------------
    def crons(self) -> list[dict[str, Any]]:
        """Every live template's CronWorkflow, derived from its schedule annotation."""
        found = (cron_document(t) for name, t in self.templates.items() if name not in self.archived)
        return [c for c in found if c is not None]

    def cron(self, cron_name: str) -> dict[str, Any]:
        for cron in self.crons():
            if cron["metadata"]["name"] == cron_name:
                return cron
        raise NotFound(f"cron workflow {cron_name} not found")

    def schedule_query_runs(self, start: str, end: str, *, missed: bool) -> list[dict[str, Any]]:
        """Runs of scheduled queries (templates ``asq-…``) started between two ISO-8601 instants;
        ``missed`` keeps only those that did not succeed."""
        low, high = _instant(start, "startDate"), _instant(end, "endDate")
        if high < low:
            raise BadRequest("endDate must not be before startDate")
        chosen = []
        for run in self.runs.values():
            template = run["spec"]["workflowTemplateRef"]["name"]
            started = run["status"].get("startedAt")
            if not template.startswith(SCHEDULE_QUERY_PREFIX) or not started:
                continue
            if not low <= _instant(started, "startedAt") <= high:
                continue
            if missed and run["status"].get("phase") not in (FAILED, ERROR):
                continue
            chosen.append(copy.deepcopy(run))
        return chosen

    # --- search --------------------------------------------------------------------------------
    def search_templates(self, body: Any) -> dict[str, Any]:
        docs = [(name, template_source(t)) for name, t in reversed(self.templates.items())
                if name not in self.archived]
        return search_documents(docs, body, index="workflows", now_ms=self.clock.now_ms())

    def search_runs(self, body: Any) -> dict[str, Any]:
        names = self._run_candidates(body.get("query") if isinstance(body, dict) else None)
        docs = [(name, self.runs[name]) for name in reversed(self.runs) if names is None or name in names]
        return search_documents(docs, body, index="workflow-runs", now_ms=self.clock.now_ms())

    def _run_candidates(self, query: Any) -> set[str] | None:
        """The runs a query can match when it pins the template (monitor, get_runs, rerun) or the
        run name (find_run_by_id); None: every run. A run is also found under its own name in
        the template field (see search._index_view)."""
        found: set[str] | None = None
        templates = required_values(query, "spec.workflowTemplateRef.name.keyword")
        if templates is not None:
            found = {run for t in templates for run in self._runs_of.get(t, [])}
            found |= {name for name in self.runs if name.lower() in templates}
        ids = required_values(query, "_id")
        if ids is not None:
            by_id = {name for name in self.runs if name.lower() in ids}
            found = by_id if found is None else found & by_id
        return found

    # --- state ---------------------------------------------------------------------------------
    def export(self) -> dict[str, Any]:
        """Every workflow of the tenant (Argo templates, and App API workflows by ``kind``) and every run."""
        apps, app_runs = self.apps.export()
        return {
            "workflows": [dict(copy.deepcopy(t), archived=True) if name in self.archived else copy.deepcopy(t)
                          for name, t in self.templates.items()] + apps,
            "runs": [copy.deepcopy(run) for run in self.runs.values()] + app_runs,
        }

    def load(self, workflows: list[dict[str, Any]], runs: list[dict[str, Any]]) -> None:
        """Replace every template and run, all or nothing (a bad document raises BadRequest);
        live runs carry on from their phase (the caller has cleared the clock)."""
        templates: dict[str, dict[str, Any]] = {}
        archived: set[str] = set()
        for i, raw in enumerate(workflows):
            if not isinstance(raw, dict):
                raise BadRequest(f"workflows[{i}] must be an object")
            if raw.get("kind") == APP_KIND:
                continue
            template = copy.deepcopy(raw)
            is_archived = bool(template.pop("archived", False))
            body = _workflow_body(template)
            name = body["metadata"]["name"]
            template.update(body)
            template.setdefault("apiVersion", API_VERSION)
            template.setdefault("kind", "WorkflowTemplate")
            templates[name] = template
            if is_archived:
                archived.add(name)
        loaded: dict[str, dict[str, Any]] = {}
        app_runs = []
        for i, raw in enumerate(runs):
            name = _run_name_of(raw, i)
            if raw.get("kind") == APP_RUN_KIND:
                app_runs.append(raw)
            else:
                loaded[name] = copy.deepcopy(raw)
        self.apps.load([w for w in workflows if w.get("kind") == APP_KIND], app_runs)
        self.templates, self.archived, self.runs = templates, archived, loaded
        self._runs_of = {}
        for name, run in loaded.items():
            self._runs_of.setdefault(run["spec"]["workflowTemplateRef"]["name"].lower(), []).append(name)
        for run in self.runs.values():
            self.lifecycle.resume(run)

    def _live_template(self, name: str) -> dict[str, Any]:
        template = self.templates.get(name)
        if template is None or name in self.archived:
            raise NotFound(f"workflow {name} not found")
        return template


def _workflow_body(body: Any) -> dict[str, Any]:
    """A copy of a submitted workflow ``{metadata, spec, payload}``, checked for what pyatlan
    later parses strictly (string-valued labels and annotations)."""
    if not isinstance(body, dict):
        raise BadRequest("body must be a workflow JSON object {metadata, spec, payload}")
    metadata = body.get("metadata")
    if not isinstance(metadata, dict):
        raise BadRequest("metadata is required (an object with at least a name)")
    name = metadata.get("name")
    if not isinstance(name, str) or not name.strip():
        raise BadRequest("metadata.name is required (a non-empty string)")
    if not isinstance(body.get("spec"), dict):
        raise BadRequest("spec is required (an object)")
    workflow = copy.deepcopy({key: value for key, value in body.items() if key in ("metadata", "spec", "payload")})
    for key in ("labels", "annotations"):
        value = workflow["metadata"].get(key)
        if value is None:
            continue
        if not isinstance(value, dict) or any(isinstance(v, dict | list) or v is None for v in value.values()):
            raise BadRequest(f"metadata.{key} must be an object of string values")
        workflow["metadata"][key] = {str(k): _text(v) for k, v in value.items()}
    payload = workflow.setdefault("payload", [])
    if not isinstance(payload, list):
        raise BadRequest("payload must be a list")
    return workflow


def _run_name_of(raw: Any, index: int) -> str:
    """The name of an exported run, after checking the parts the lifecycle relies on."""
    where = f"runs[{index}]"
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), dict) for k in ("metadata", "spec", "status")):
        raise BadRequest(f"{where} must be an object with metadata, spec and status objects")
    name = raw["metadata"].get("name")
    template = (raw["spec"].get("workflowTemplateRef") or {}).get("name")
    if not isinstance(name, str) or not name or not isinstance(template, str) or not template:
        raise BadRequest(f"{where} needs metadata.name and spec.workflowTemplateRef.name")
    if raw["status"].get("phase") not in (*PHASES, None):
        raise BadRequest(f"{where}.status.phase must be one of {', '.join(PHASES)}")
    return name


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _instant(text: Any, what: str) -> datetime:
    if not isinstance(text, str) or not text:
        raise BadRequest(f"{what} is required (an ISO-8601 date-time)")
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{what} must be an ISO-8601 date-time, got {text!r}") from None
    if parsed.tzinfo is None:
        raise BadRequest(f"{what} must carry a time zone offset, got {text!r}")
    return parsed
