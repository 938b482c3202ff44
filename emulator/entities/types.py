"""The entity type registry: which type names exist and what their supertypes are.

The data (``entity_types.json``) lists every asset type the Atlan Python SDK models, with its
direct supertypes; the registry answers transitive questions from it once, then from caches.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from ..errors import UnknownTypeName


class TypeRegistry:
    """Type names, their supertypes (transitively) and subtypes, case-insensitive lookup."""

    def __init__(self, direct_supertypes: dict[str, list[str]]) -> None:
        self._direct = {name: tuple(parents) for name, parents in direct_supertypes.items()}
        self._by_lower = {name.lower(): name for name in self._direct}
        self._ancestors: dict[str, tuple[str, ...]] = {}
        self._subtypes: dict[str, frozenset[str]] = {}

    @classmethod
    def default(cls) -> TypeRegistry:
        return _default_registry()

    @property
    def names(self) -> list[str]:
        return sorted(self._direct)

    def exists(self, name: str) -> bool:
        return name in self._direct

    def require(self, name: str) -> str:
        if name not in self._direct:
            raise UnknownTypeName(name)
        return name

    def canonical(self, name: str) -> str | None:
        """The registered spelling of a type name given in any case, or None."""
        return self._by_lower.get(name.lower())

    def direct_supertypes(self, name: str) -> tuple[str, ...]:
        return self._direct.get(name, ())

    def supertypes(self, name: str) -> tuple[str, ...]:
        """All supertypes, nearest first (Table -> SQL, Catalog, Asset, Referenceable)."""
        found = self._ancestors.get(name)
        if found is None:
            ordered: list[str] = []
            frontier = list(self._direct.get(name, ()))
            while frontier:
                parent = frontier.pop(0)
                if parent not in ordered:
                    ordered.append(parent)
                    frontier.extend(self._direct.get(parent, ()))
            found = self._ancestors[name] = tuple(ordered)
        return found

    def is_a(self, name: str, ancestor: str) -> bool:
        return name == ancestor or ancestor in self.supertypes(name)

    def subtypes(self, name: str) -> frozenset[str]:
        """The type itself and every type that inherits from it."""
        found = self._subtypes.get(name)
        if found is None:
            found = frozenset(t for t in self._direct if self.is_a(t, name))
            self._subtypes[name] = found
        return found


@cache
def _default_registry() -> TypeRegistry:
    text = resources.files(__package__).joinpath("entity_types.json").read_text()
    return TypeRegistry(json.loads(text))
