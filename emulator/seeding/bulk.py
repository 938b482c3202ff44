"""Building a large heap in one go: the cyclic garbage collector rescans every young object it
has not yet promoted, again and again, while a million entities are created; none of them is
garbage, so it is paused for the duration."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
