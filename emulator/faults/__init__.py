"""Fault injection, pure domain (no aiohttp): rules, matching, firing on the seeded RNG, delays.

``middleware/faults.py`` adapts a :class:`Decision` to what the client sees on the wire.
"""

from .book import Decision, FaultBook, check_rules
from .delays import Delay, parse_delay
from .rules import Action, FaultRule, parse_rule

__all__ = ["Action", "Decision", "Delay", "FaultBook", "FaultRule", "check_rules", "parse_delay", "parse_rule"]
