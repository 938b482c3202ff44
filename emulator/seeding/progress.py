"""Progress while generating or loading a large tenant: a bar on a terminal, a line per tenth
otherwise (CI logs), nothing at all below ``THRESHOLD`` items."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")
THRESHOLD = 50_000
_WIDTH = 30


class Progress:
    def __init__(self, total: int, label: str, *, stream: TextIO | None = None, threshold: int = THRESHOLD) -> None:
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = total > threshold
        self.tty = self.enabled and bool(getattr(self.stream, "isatty", lambda: False)())
        self.done = 0
        self._next_line = 1 if self.tty else total // 10
        self._started = time.perf_counter()

    def advance(self, n: int = 1) -> None:
        if not self.enabled:
            return
        self.done += n
        if self.tty:
            if self.done >= self._next_line or self.done == self.total:
                self._next_line = self.done + max(1, self.total // 200)
                self._draw()
        elif self.done >= self._next_line:
            self._next_line += max(1, self.total // 10)
            self._line()

    def finish(self) -> None:
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self._started
        end = "\n" if self.tty else ""
        self.stream.write(f"{end}{self.label}: {self.done:,} in {elapsed:.1f}s\n")
        self.stream.flush()

    def _draw(self) -> None:
        share = min(1.0, self.done / self.total) if self.total else 1.0
        filled = int(share * _WIDTH)
        bar = "#" * filled + "." * (_WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {share:4.0%} {self.done:,}/{self.total:,}")
        self.stream.flush()

    def _line(self) -> None:
        share = min(1.0, self.done / self.total) if self.total else 1.0
        self.stream.write(f"{self.label}: {self.done:,}/{self.total:,} ({share:.0%})\n")
        self.stream.flush()


def tracked(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """``items`` unchanged, reporting progress every 1,024 of them when ``total`` is large."""
    progress = Progress(total, label)
    if not progress.enabled:
        yield from items
        return
    for i, item in enumerate(items, start=1):
        if not i & 1023:
            progress.advance(1024)
        yield item
    progress.advance(progress.total - progress.done)
    progress.finish()
