"""Changing a tenant's runtime settings (PATCH /_emulator/config, the fixture's ``configure``):
generic over the fields of the settings dataclass, validated as a whole before anything changes.

Every number field states its range in ``metadata``: ``minimum`` (default 0), ``maximum`` (the
tenant's settings all have one: none takes any number at all; a test checks) and ``off`` (a value
outside the range that switches the setting off, such as a URI limit of 0). ``int`` fields take JSON integers only (not 2.0, not
true); ``float`` fields (seconds, rates) take any finite number but a boolean. A settings class
may define ``validate()`` for checks across fields. Unknown keys and bad values are 400s naming
the field, the value and what is allowed, and then nothing changes.
"""

from __future__ import annotations

import dataclasses
import json
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


def allowed_numbers(spec: dataclasses.Field[Any]) -> str:
    """What a number setting accepts, in words (for error messages and the docs)."""
    kind = "an integer" if _kind(spec) == "int" else "a number"
    minimum, maximum = spec.metadata.get("minimum", 0), spec.metadata.get("maximum")
    off = spec.metadata.get("off")
    prefix = f"{off} (off) or " if off is not None else ""
    span = f"from {minimum} to {maximum}" if maximum is not None else f">= {minimum}"
    return f"{prefix}{kind} {span}"


def _json(value: Any) -> str:
    """A value as the caller wrote it (true, null, "1s"), not as Python prints it."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def _kind(spec: dataclasses.Field[Any]) -> str:
    return spec.type if isinstance(spec.type, str) else getattr(spec.type, "__name__", str(spec.type))


def _coerce(spec: dataclasses.Field[Any], current: Any, value: Any) -> Any:
    kind = _kind(spec)
    name = spec.name
    if kind in ("int", "float"):
        allowed = allowed_numbers(spec)
        whole = isinstance(value, int) and not isinstance(value, bool)
        number = whole or (kind == "float" and isinstance(value, float) and math.isfinite(value))
        if not number:
            raise BadRequest(f"{name}: {_json(value)} is not allowed; expected {allowed}")
        if value == spec.metadata.get("off"):
            return int(value) if kind == "int" else float(value)
        maximum = spec.metadata.get("maximum", math.inf)
        if not spec.metadata.get("minimum", 0) <= value <= maximum:
            raise BadRequest(f"{name}: {_json(value)} is out of range; expected {allowed}")
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
