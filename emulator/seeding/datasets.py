"""Which start state a config asks for: a named or file dataset, generated tenants by name,
and the default ``docs`` dataset merged with a small generated tenant."""

from __future__ import annotations

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
    for key in ("seed", "assets"):
        value = body.get(key)
        if key in body and (not isinstance(value, int) or isinstance(value, bool)):
            raise BadRequest(f"reset: {key} must be an integer, got {value!r}")
    if body.get("assets", 0) < 0:
        raise BadRequest("reset: assets must be >= 0")
    if "dataset" in body and (not isinstance(body["dataset"], str) or not body["dataset"]):
        raise BadRequest("reset: dataset must be a dataset name or path")
    if "dataset" in body and not _DATASET_NAME.fullmatch(body["dataset"]) and body["dataset"] != config.dataset:
        # Over HTTP a path would read any .json file on the server's disk: names only, or the
        # path the server was started with.
        raise BadRequest(f"reset: dataset must be a dataset name (letters, digits, _), got {body['dataset']!r}; "
                         "a file path is accepted only from the command line or config file")
    return replace(config, **body)
