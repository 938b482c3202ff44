"""Which start state a config asks for: a named or file dataset, generated tenants by name,
and the default ``docs`` dataset merged with a small generated tenant."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from ..config import EmulatorConfig
from ..datasets import load_dataset
from ..errors import BadRequest
from .generator import generate

_DATASET_NAME = re.compile(r"[A-Za-z0-9_]+")
# Generated tenants by name (made on demand: even "small" is megabytes of JSON).
GENERATED_SIZES = {"small": 1_000, "medium": 50_000}
# The most assets a reset over HTTP may generate: a few GB of memory and minutes of work already;
# more is a typo (an unbounded number would hang the server and then exhaust its memory).
MAX_RESET_ASSETS = 5_000_000
# Seeds are 64-bit integers, as the CLI's and the config file's.
SEED_RANGE = (-(2**63), 2**63 - 1)


def dataset_for(config: EmulatorConfig) -> dict[str, Any]:
    """The state document a tenant of this config starts from.

    ``docs`` is the docs' own dataset plus a generated tenant of ``config.assets`` assets;
    ``small`` / ``medium`` are generated tenants of a fixed size; ``generated`` is a generated
    tenant of ``config.assets`` alone; anything else is a fixtures/ name or a JSON path.
    """
    name = config.dataset
    if name in GENERATED_SIZES:
        return generate(config.seed, GENERATED_SIZES[name])
    if name == "generated":
        return generate(config.seed, config.assets)
    document = load_dataset(name)
    if name == "docs" and config.assets:
        document = merge(document, generate(config.seed, config.assets))
    return document


def merge(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Two state documents as one: lists are concatenated, other keys come from ``first``."""
    out = dict(second)
    out.update(first)
    for key, value in second.items():
        if isinstance(value, list) and isinstance(first.get(key), list):
            out[key] = first[key] + value
    return out


def reset_config(config: EmulatorConfig, body: Any) -> EmulatorConfig:
    """The config a ``POST /_emulator/reset`` body asks for: seed, assets and dataset may change."""
    if not isinstance(body, dict):
        raise BadRequest("reset body must be a JSON object such as {\"seed\": 7, \"assets\": 1000}")
    unknown = set(body) - {"seed", "assets", "dataset"}
    if unknown:
        raise BadRequest(f"reset: unknown key(s) {', '.join(sorted(unknown))}; use seed, assets, dataset")
    for key, (low, high) in (("seed", SEED_RANGE), ("assets", (0, MAX_RESET_ASSETS))):
        if key not in body:
            continue
        value = body[key]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise BadRequest(f"reset: {key} must be an integer from {low} to {high}, got {json.dumps(value)}")
    if "dataset" in body and (not isinstance(body["dataset"], str) or not body["dataset"]):
        raise BadRequest("reset: dataset must be a dataset name or path")
    if "dataset" in body and not _DATASET_NAME.fullmatch(body["dataset"]) and body["dataset"] != config.dataset:
        # Over HTTP a path would read any .json file on the server's disk: names only, or the
        # path the server was started with.
        raise BadRequest(f"reset: dataset must be a dataset name (letters, digits, _), got {body['dataset']!r}; "
                         "a file path is accepted only from the command line or config file")
    return replace(config, **body)
