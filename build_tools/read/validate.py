"""Cross-checks over the whole edition: what no single file's schema can see.

* Every text id named in an editorial YAML file (emendations, glossary,
  commentary, ...) must be an id of ``texts.yaml``.  Fields named ``text``,
  ``texts``, ``text_id`` or ``text_ids`` anywhere in a file, and top-level
  keys of files under ``source_texts/emendations/``, are text ids.
* No two generated pages may share a path: one would silently replace the
  other and text would be lost.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import EditionError, EditionErrors
from ..core.yamlio import Mapping, Sequence
from .texts import Paths
from .yamlfile import load_yaml

TEXT_ID_FIELDS = {"text", "texts", "text_id", "text_ids"}
ID_SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


def _ids_in(value) -> list[str]:
    """The id-shaped values of a field (prose in a field that happens to be called `text` is left alone)."""
    values = value if isinstance(value, list) else [value]
    ids = [str(v) for v in values if isinstance(v, (str, int)) and not isinstance(v, bool)]
    return [v for v in ids if ID_SHAPE.match(v)]


def _walk(node, found: list[tuple[str, int, str]]):
    """Collect (text id, line, field) from every text-id field in a YAML tree."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in TEXT_ID_FIELDS:
                for text_id in _ids_in(value):
                    found.append((text_id, node.line_of(key), str(key)))
            _walk(value, found)
    elif isinstance(node, (list, Sequence)):
        for item in node:
            _walk(item, found)


def editorial_yaml_files(paths: Paths) -> list[Path]:
    """Every YAML file of the edition except texts.yaml itself."""
    sources = paths.sources
    files = sorted(p for p in sources.rglob("*.yaml") if p != paths.texts_yaml)
    files += sorted(p for p in sources.rglob("*.yml"))
    return files


def check_text_ids(paths: Paths, known_ids) -> None:
    """Raise EditionErrors listing every unknown text id in the editorial YAML files."""
    known = set(known_ids)
    listing = ", ".join(sorted(known))
    errors: list[EditionError] = []
    for path in editorial_yaml_files(paths):
        data = load_yaml(path)
        found: list[tuple[str, int, str]] = []
        _walk(data, found)
        for text_id, line, field in found:
            if text_id not in known:
                errors.append(
                    EditionError(
                        path,
                        f"unknown text id {text_id!r} ({field})",
                        line,
                        hint=f"use an id from source_texts/texts.yaml ({listing})",
                    )
                )
    if errors:
        raise EditionErrors(errors)


def check_unique_pages(pages, texts_yaml: Path) -> None:
    """Refuse two generated pages with one path (the second would replace the first)."""
    seen: dict[str, str] = {}
    errors: list[EditionError] = []
    for page in pages:
        if page.src_uri in seen:
            errors.append(
                EditionError(
                    texts_yaml,
                    f"two pages would be written to {page.src_uri} ({seen[page.src_uri]!r} and {page.title!r}); "
                    "one would replace the other and its text would be lost",
                    hint="the text has two divisions with the same heading number, or text before its first "
                    "division; set `structure:` for this text in source_texts/texts.yaml",
                )
            )
        else:
            seen[page.src_uri] = page.title
    if errors:
        raise EditionErrors(errors)
