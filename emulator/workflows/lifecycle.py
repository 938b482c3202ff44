"""A run's phases in time: Pending -> Running -> Succeeded | Failed | Error, through the Clock.

Every transition is a clock action, so a virtual clock moves runs only when advanced and a
real clock moves them as requests arrive (the tenant settles due actions before each one).
A step only acts if the run is still where it was scheduled from: a stop, a reset or a later
step makes stale actions harmless no-ops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..clock import Clock
from ..errors import Conflict
from .documents import (
    FAILED,
    LABEL_COMPLETED,
    LABEL_PHASE,
    PENDING,
    PHASES,
    RUNNING,
    SUCCEEDED,
    TERMINAL,
    argo_time,
)
from .executors import Outcome

STOPPED_MESSAGE = "Stopped with strategy 'Stop'"


@dataclass(frozen=True)
class PhaseDurations:
    """Seconds a run spends in each phase (0: the next phase at once)."""

    pending: float
    running: float
    stop: float


class RunLifecycle:
    def __init__(
        self,
        clock: Clock,
        durations: Callable[[], PhaseDurations],
        finish: Callable[[dict[str, Any]], Outcome],
        on_change: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.clock = clock
        self._durations = durations
        self._finish = finish
        self._on_change = on_change or (lambda run: None)

    def start(self, run: dict[str, Any]) -> None:
        """A new run: Pending now, Running after the pending time, then finished."""
        now = self.clock.now_ms()
        run["status"]["startedAt"] = argo_time(now)
        set_phase(run, PENDING, now)
        self._on_change(run)
        self._resume_from(run, now)

    def resume(self, run: dict[str, Any]) -> None:
        """Schedule what comes next for a run in whatever phase it is (after a load, too)."""
        self._resume_from(run, self.clock.now_ms())

    def _resume_from(self, run: dict[str, Any], since_ms: int) -> None:
        phase = run["status"].get("phase")
        durations = self._durations()
        if phase in TERMINAL:
            return
        if run["spec"].get("shutdown"):
            self._at(since_ms, durations.stop, lambda due: self._stopped(run, due))
        elif phase == PENDING:
            self._at(since_ms, durations.pending, lambda due: self._to_running(run, due))
        elif phase == RUNNING:
            self._at(since_ms, durations.running, lambda due: self._to_finished(run, due))

    def stop(self, run: dict[str, Any]) -> None:
        """Ask a live run to stop: it ends Failed after the stop time, without its effect."""
        if run["status"].get("phase") in TERMINAL:
            raise Conflict(f"workflow run {run['metadata']['name']} has already finished "
                           f"({run['status'].get('phase')})")
        if run["spec"].get("shutdown"):
            return
        run["spec"]["shutdown"] = "Stop"
        self._at(self.clock.now_ms(), self._durations().stop, lambda due: self._stopped(run, due))

    def _at(self, since_ms: int, seconds: float, step: Callable[[int], None]) -> None:
        """Run ``step(due)`` ``seconds`` after ``since_ms``. Phases chain from when the previous
        one was due, not from when the lazy clock got round to it, so a run polled late has
        still moved on exactly on time (and carries those times)."""
        due = since_ms + int(seconds * 1000)
        self.clock.schedule(max(0.0, (due - self.clock.now_ms()) / 1000.0), lambda: step(due))

    def _to_running(self, run: dict[str, Any], due: int) -> None:
        if run["status"].get("phase") != PENDING or run["spec"].get("shutdown"):
            return
        set_phase(run, RUNNING, due)
        self._on_change(run)
        self._at(due, self._durations().running, lambda finished: self._to_finished(run, finished))

    def _to_finished(self, run: dict[str, Any], due: int) -> None:
        if run["status"].get("phase") != RUNNING or run["spec"].get("shutdown"):
            return
        outcome = self._finish(run)
        set_phase(run, outcome.phase, due, outcome.message)
        self._on_change(run)

    def _stopped(self, run: dict[str, Any], due: int) -> None:
        if run["status"].get("phase") in TERMINAL:
            return
        set_phase(run, FAILED, due, STOPPED_MESSAGE)
        self._on_change(run)


def set_phase(run: dict[str, Any], phase: str, now_ms: int, message: str | None = None) -> None:
    """Move a run to ``phase``, keeping the phase label, completion label and times in step."""
    if phase not in PHASES:
        raise ValueError(f"not a workflow phase: {phase!r}")
    status = run["status"]
    labels = run["metadata"].setdefault("labels", {})
    status["phase"] = phase
    labels[LABEL_PHASE] = phase
    terminal = phase in TERMINAL
    labels[LABEL_COMPLETED] = "true" if terminal else "false"
    status["progress"] = "1/1" if phase == SUCCEEDED else "0/1"
    if terminal:
        status["finishedAt"] = argo_time(now_ms)
    if message is not None:
        status["message"] = message

