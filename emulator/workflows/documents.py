"""The Argo-shaped JSON documents the workflow endpoints store and answer with.

Templates and runs are kept as plain JSON documents, in the shapes pyatlan parses
(``WorkflowSearchResultDetail``, ``WorkflowResponse``, ``WorkflowRunResponse``,
``WorkflowScheduleResponse``), so what is stored is what is searched and what is exported.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

PENDING = "Pending"
RUNNING = "Running"
SUCCEEDED = "Succeeded"
FAILED = "Failed"
ERROR = "Error"
# pyatlan's AtlanWorkflowPhase has exactly these five; anything else fails its validation.
PHASES = (PENDING, RUNNING, SUCCEEDED, FAILED, ERROR)
TERMINAL = (SUCCEEDED, FAILED, ERROR)

API_VERSION = "argoproj.io/v1alpha1"
NAMESPACE = "default"

LABEL_PHASE = "workflows.argoproj.io/phase"
LABEL_COMPLETED = "workflows.argoproj.io/completed"
LABEL_TEMPLATE = "workflows.argoproj.io/workflow-template"
LABEL_CREATOR = "workflows.argoproj.io/creator"
LABEL_CREATOR_USERNAME = "workflows.argoproj.io/creator-preferred-username"
ANNOTATION_SCHEDULE = "orchestration.atlan.com/schedule"
ANNOTATION_TIMEZONE = "orchestration.atlan.com/timezone"
ANNOTATION_ATLAN_NAME = "orchestration.atlan.com/atlanName"
ANNOTATION_PACKAGE = "package.argoproj.io/name"


def argo_time(epoch_ms: int) -> str:
    """Argo's timestamp format: ISO-8601 UTC to the second, with a Z."""
    return datetime.fromtimestamp(epoch_ms / 1000.0, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def template_name(doc: dict[str, Any]) -> str:
    return str(doc["metadata"]["name"])


def template_response(template: dict[str, Any]) -> dict[str, Any]:
    """What run/update/changeownership answer: the template as a ``WorkflowResponse``."""
    return {
        "metadata": copy.deepcopy(template["metadata"]),
        "spec": copy.deepcopy(template["spec"]),
        "payload": copy.deepcopy(template.get("payload", [])),
    }


def template_source(template: dict[str, Any]) -> dict[str, Any]:
    """A template as the workflows index holds it (no payload: it may carry credentials)."""
    return {
        "apiVersion": template.get("apiVersion", API_VERSION),
        "kind": template.get("kind", "WorkflowTemplate"),
        "metadata": template["metadata"],
        "spec": template["spec"],
    }


def parameters(template: dict[str, Any]) -> dict[str, Any]:
    """Every ``{name, value}`` parameter of the template: workflow arguments and each DAG task's."""
    found: dict[str, Any] = {}
    spec = template.get("spec") or {}
    for param in ((spec.get("arguments") or {}).get("parameters") or []):
        if isinstance(param, dict) and "name" in param:
            found[str(param["name"])] = param.get("value")
    for inner in spec.get("templates") or []:
        for task in ((inner or {}).get("dag") or {}).get("tasks") or []:
            for param in ((task or {}).get("arguments") or {}).get("parameters") or []:
                if isinstance(param, dict) and "name" in param:
                    found[str(param["name"])] = param.get("value")
    return found


def package_names(template: dict[str, Any]) -> set[str]:
    """The names a template's package goes by: task templateRefs and the npm-style annotation."""
    names: set[str] = set()
    spec = template.get("spec") or {}
    for inner in spec.get("templates") or []:
        for task in ((inner or {}).get("dag") or {}).get("tasks") or []:
            ref = (task or {}).get("templateRef") or {}
            if ref.get("name"):
                names.add(str(ref["name"]))
    for notes in (
        (template.get("metadata") or {}).get("annotations") or {},
        ((spec.get("workflowMetadata") or {}).get("annotations")) or {},
    ):
        if notes.get(ANNOTATION_PACKAGE):
            names.add(str(notes[ANNOTATION_PACKAGE]))
    return names


def cron_document(template: dict[str, Any]) -> dict[str, Any] | None:
    """The CronWorkflow derived from a template's schedule annotation (None without one)."""
    annotations = template["metadata"].get("annotations") or {}
    schedule = annotations.get(ANNOTATION_SCHEDULE)
    if not schedule:
        return None
    timezone = annotations.get(ANNOTATION_TIMEZONE) or "UTC"
    name = template_name(template)
    return {
        "apiVersion": API_VERSION,
        "kind": "CronWorkflow",
        "metadata": {
            "name": f"{name}-cron",
            "namespace": template["metadata"].get("namespace", NAMESPACE),
            "creationTimestamp": template["metadata"].get("creationTimestamp"),
            "labels": {LABEL_TEMPLATE: name},
            "annotations": {ANNOTATION_SCHEDULE: schedule, ANNOTATION_TIMEZONE: timezone},
        },
        "spec": {
            "schedule": schedule,
            "timezone": timezone,
            "concurrencyPolicy": "Forbid",
            "startingDeadlineSeconds": 0,
            "successfulJobsHistoryLimit": 3,
            "failedJobsHistoryLimit": 1,
            "workflowSpec": {"workflowTemplateRef": {"name": name}},
        },
        "status": {"active": None, "conditions": None, "lastScheduledTime": None},
    }
