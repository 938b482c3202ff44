"""How the index sees a value: exact keys, normalized keys, analyzed tokens, dates.

Mirrors Atlan's Elasticsearch settings closely enough for the SDK: ``.keyword`` sub-fields use a
lower-casing normalizer; text fields are tokenized on Atlan's delimiters (with a break before each
run of digits) and lower-cased; ``.stemmed`` adds the Snowball English stemmer.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import snowballstemmer

from ..errors import BadRequest

# atlan_text_analyzer_v2's delimiters, plus whitespace.
_SPLIT = re.compile(r"""[\s_\-'/@,;:$#&"().\[\]{}|!?+=*<>~^%\\]+""")
_DIGITS = re.compile(r"(\d+)")
_STEMMER = snowballstemmer.stemmer("english")

Key = tuple[str, Any]


def tokens(text: Any) -> list[str]:
    """Analyzed tokens of a value: ``"CustomerOrders_2024 v2"`` -> ``["customerorders", "2024", "v", "2"]``."""
    if text is None:
        return []
    spaced = _DIGITS.sub(r" \1", str(text))
    return [t.lower() for t in _SPLIT.split(spaced) if t]


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    return str(_STEMMER.stemWord(token))


def stemmed_tokens(text: Any) -> list[str]:
    return [stem(t) for t in tokens(text)]


def fold(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def key(value: Any) -> Key:
    """A comparable identity for one value, equal across JSON's loose typing of numbers/bools."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", float(value))
    if isinstance(value, str):
        return ("s", value)
    return ("s", str(value))


def query_keys(value: Any) -> set[Key]:
    """Every key a query value may match: ES coerces "5" to 5 on numbers and "true" on booleans."""
    out = {key(value)}
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            out.add(("b", lowered == "true"))
        number = as_number(value)
        if number is not None:
            out.add(("n", number))
    elif isinstance(value, bool):
        out.add(("s", "true" if value else "false"))
    elif isinstance(value, (int, float)):
        out.add(("s", str(value)))
    return out


def as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


# --- dates -------------------------------------------------------------------------------
_UNITS_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "H": 3_600_000, "d": 86_400_000, "w": 604_800_000,
             "M": 2_592_000_000, "y": 31_536_000_000}
_MATH = re.compile(r"([+-])(\d+)([smhHdwMy])|/([smhHdwMy])")


def time_zone(name: Any, where: str) -> tzinfo:
    """A range's ``time_zone``: an offset ("+01:00", "-0530") or an IANA name ("Europe/Paris")."""
    if not isinstance(name, str):
        raise BadRequest(f"{where}: a time zone name or offset is required")
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", name.strip())
    if match:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        return timezone(-delta if sign == "-" else delta)
    if name.upper() in ("Z", "UTC"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadRequest(f"{where}: unknown time zone {name!r}") from None


def date_ms(value: Any, now_ms: int, where: str, fmt: str | None = None, zone: tzinfo = UTC) -> float:
    """Epoch milliseconds of a range bound: a number, ``now-1h/d``, an ISO date, or ``date||+1d``."""
    number = as_number(value)
    if number is not None and (fmt is None or "epoch" in fmt or isinstance(value, (int, float))):
        return number * 1000.0 if fmt == "epoch_second" else number
    if not isinstance(value, str):
        raise BadRequest(f"{where}: {value!r} is not a date or number")
    text = value.strip()
    if text.startswith("now"):
        base, math = float(now_ms), text[3:]
    else:
        anchor, sep, math = text.partition("||")
        if not sep:
            math = ""
        base = _parse_date(anchor, where, zone)
    pos = 0
    for match in _MATH.finditer(math):
        if match.start() != pos:
            break
        pos = match.end()
        sign, amount, unit, round_unit = match.groups()
        if round_unit:
            size = _UNITS_MS[round_unit]
            base = base - base % size
        else:
            delta = int(amount) * _UNITS_MS[unit]
            base = base + delta if sign == "+" else base - delta
    if pos != len(math):
        raise BadRequest(f"{where}: cannot parse date math {value!r}")
    return base


def _parse_date(text: str, where: str, zone: tzinfo = UTC) -> float:
    candidate = text.replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        raise BadRequest(f"{where}: cannot parse date {text!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.timestamp() * 1000.0
