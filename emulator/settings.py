"""Changing a tenant's runtime settings (PATCH /_emulator/config, the fixture's ``configure``):
generic over the fields of the settings dataclass, validated as a whole before anything changes.

A field may carry ``metadata={"minimum": x}`` (numbers default to >= 0); a settings class may
define ``validate()`` for checks across fields. Unknown keys and bad values are 400s.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from .errors import BadRequest


def settings_dict(settings: Any) -> dict[str, Any]:
    return dataclasses.asdict(settings)


def apply_settings(settings: Any, changes: Any) -> dict[str, Any]:
    """Apply ``changes`` to ``settings`` all-or-nothing; return the settings as they now are."""
    if not isinstance(changes, Mapping):
        raise BadRequest(f"expected a JSON object of settings, got {type(changes).__name__}")
    fields = {f.name: f for f in dataclasses.fields(settings)}
    unknown = sorted(set(changes) - set(fields))
    if unknown:
        raise BadRequest(f"unknown settings: {', '.join(unknown)} (known: {', '.join(sorted(fields))})")
    coerced = {name: _coerce(fields[name], getattr(settings, name), value) for name, value in changes.items()}
    candidate = dataclasses.replace(settings, **coerced)
    validate = getattr(candidate, "validate", None)
    if callable(validate):
        try:
            validate()
        except ValueError as exc:
            raise BadRequest(str(exc)) from None
    for name, value in coerced.items():
        setattr(settings, name, value)
    return settings_dict(settings)


def _coerce(spec: dataclasses.Field[Any], current: Any, value: Any) -> Any:
    kind = spec.type if isinstance(spec.type, str) else getattr(spec.type, "__name__", str(spec.type))
    name = spec.name
    if kind in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise BadRequest(f"{name}: expected a number, got {value!r}")
        if kind == "int" and value != int(value):
            raise BadRequest(f"{name}: expected a whole number, got {value!r}")
        minimum = spec.metadata.get("minimum", 0)
        if value < minimum:
            raise BadRequest(f"{name}: must be >= {minimum}, got {value!r}")
        maximum = spec.metadata.get("maximum")
        if maximum is not None and value > maximum:
            raise BadRequest(f"{name}: must be <= {maximum}, got {value!r}")
        return int(value) if kind == "int" else float(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise BadRequest(f"{name}: expected true or false, got {value!r}")
        return value
    if kind == "str":
        choices = spec.metadata.get("choices")
        if not isinstance(value, str) or (choices and value not in choices):
            allowed = f" (one of {', '.join(choices)})" if choices else ""
            raise BadRequest(f"{name}: expected a string{allowed}, got {value!r}")
        return value
    # Structured settings (dicts, lists): same JSON shape as the current value.
    if type(value) is not type(current):
        raise BadRequest(f"{name}: expected {type(current).__name__}, got {value!r}")
    return value
