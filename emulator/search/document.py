"""What the query evaluator searches: a ``Document`` answers ``values(field)`` with a list.

Field names follow the index's naming. ONE general rule maps a field to what it holds:
``split_field`` cuts a trailing sub-field suffix (``.keyword``, ``.text``, ``.stemmed``, ...) off the
name; the base path is looked up in the document, and the suffix only decides how the values are
compared (see ``analysis.py``): ``.keyword`` is the exact value lower-cased (Atlan's normalizer),
``.text``/``.stemmed``/``.delimiter`` are analyzed tokens, no suffix is the raw value.

``DictDocument`` serves plain JSON documents (workflows, ...): ``metadata.name`` walks nested
objects, lists on the way are flattened, so ``spec.templates.dag.tasks.name`` yields every task's
name. The entity side has its own Document (``emulator/search/entity_document.py``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol

# Sub-field suffixes of the index's multi-fields; everything before them is the stored field.
SUBFIELDS = frozenset({"keyword", "text", "stemmed", "delimiter", "date", "rank_feature", "hierarchy"})


@lru_cache(maxsize=4096)
def split_field(field: str) -> tuple[str, str | None]:
    """``"name.keyword"`` -> ``("name", "keyword")``; ``"metadata.name"`` -> ``("metadata.name", None)``."""
    base, dot, suffix = field.rpartition(".")
    if dot and suffix in SUBFIELDS:
        return base, suffix
    return field, None


class Document(Protocol):
    """Anything the evaluator can test: multi-valued fields come back as lists."""

    def values(self, field: str) -> list[Any]: ...

    def nested(self, path: str) -> list[Document]:
        """The objects under ``path``, each as a document of its own (for ``nested`` queries)."""
        ...


class DictDocument:
    """A plain JSON object as a searchable document, resolving dotted paths."""

    __slots__ = ("source", "_prefix")

    def __init__(self, source: dict[str, Any], *, prefix: str = "") -> None:
        self.source = source
        self._prefix = prefix  # set for the inner documents of a nested query

    def values(self, field: str) -> list[Any]:
        base, _ = split_field(field)
        if self._prefix:
            if not base.startswith(self._prefix + "."):
                return []
            base = base[len(self._prefix) + 1 :]
        out: list[Any] = []
        _collect(self.source, base.split("."), out)
        return out

    def nested(self, path: str) -> list[Document]:
        relative = path
        if self._prefix:
            if not path.startswith(self._prefix + "."):
                return []
            relative = path[len(self._prefix) + 1 :]
        objects: list[Any] = []
        _collect(self.source, relative.split("."), objects, keep_objects=True)
        return [DictDocument(o, prefix=path) for o in objects if isinstance(o, dict)]


def _collect(node: Any, parts: list[str], out: list[Any], *, keep_objects: bool = False) -> None:
    if isinstance(node, list):
        for item in node:
            _collect(item, parts, out, keep_objects=keep_objects)
        return
    if not parts:
        if node is None:
            return
        if isinstance(node, dict) and not keep_objects:
            return  # an object is not a value; its leaves are reached by longer paths
        out.append(node)
        return
    if not isinstance(node, dict):
        return
    head = parts[0]
    if head in node:
        _collect(node[head], parts[1:], out, keep_objects=keep_objects)
        return
    # A key may itself contain dots (e.g. labels such as "app.kubernetes.io/name").
    for size in range(2, len(parts) + 1):
        key = ".".join(parts[:size])
        if key in node:
            _collect(node[key], parts[size:], out, keep_objects=keep_objects)
            return
