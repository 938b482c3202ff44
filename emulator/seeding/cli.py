"""``atlan-emulator seed``: a generated tenant written as a dataset file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .generator import count_types, generate


def write_generated(*, seed: int, assets: int, out: str) -> int:
    if assets < 0:
        print("atlan-emulator seed: --assets must be >= 0", file=sys.stderr)
        return 2
    document = generate(seed, assets)
    text = json.dumps(document, separators=(",", ":")) + "\n"
    if out == "-":
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")
    counts = ", ".join(f"{name} {n:,}" for name, n in sorted(count_types(document).items()))
    print(f"seed={seed} assets={assets:,}: {counts}", file=sys.stderr)
    return 0
