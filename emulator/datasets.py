"""Datasets: JSON documents in the tenant export format, by name (fixtures/) or by path."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import BadRequest

_NAME = re.compile(r"^[A-Za-z0-9_]+$")
_NAME_FILE = re.compile(r"^[A-Za-z0-9_]+\.json$")


def available() -> list[str]:
    folder = resources.files("emulator.fixtures")
    return sorted(p.name[: -len(".json")] for p in folder.iterdir() if _NAME_FILE.match(p.name))


def load_dataset(name_or_path: str) -> dict[str, Any]:
    """A named dataset from fixtures/, or a JSON file at a path ('empty' is nothing at all)."""
    if name_or_path == "empty":
        return {}
    if _NAME.match(name_or_path):
        folder = resources.files("emulator.fixtures")
        resource = folder.joinpath(f"{name_or_path}.json")
        if resource.is_file():
            data = _parse(resource.read_text(encoding="utf-8"), name_or_path)
            # A named dataset may come in parts, NAME-<part>.json, each owning some keys
            # (for example docs-workflows.json holds the docs dataset's workflows).
            parts = [p for p in folder.iterdir() if p.name.startswith(f"{name_or_path}-") and p.name.endswith(".json")]
            for part in sorted(parts, key=lambda p: p.name):
                _merge(data, _parse(part.read_text(encoding="utf-8"), part.name))
            return data
    path = Path(name_or_path)
    if path.suffix == ".json" and path.is_file():
        return _parse(path.read_text(encoding="utf-8"), str(path))
    raise BadRequest(f"unknown dataset {name_or_path!r}: use one of {', '.join(available() + ['empty'])} "
                     "or the path of a .json file")


def _merge(into: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = into[key] + value
        else:
            into[key] = value


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"dataset {where} is not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise BadRequest(f"dataset {where} must be a JSON object")
    return data
