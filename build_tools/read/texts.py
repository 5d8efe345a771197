"""Where things are, and the validated metadata of the texts (``texts.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import EditionError, EditionErrors
from ..core.model import TextMeta
from ..core.yamlio import Mapping
from .structure_options import parse_structure
from .yamlfile import load_yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]

LANGUAGES = {"kk", "ru"}
KINDS = {"article", "essay", "dissertation"}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
# A siglum: one Latin capital, perhaps followed by a second capital or a digit (A, B, AB, D2).
# Latin, so that it is never taken for one of the Cyrillic acronyms the texts are full of.
SIGLUM_RE = re.compile(r"^[A-Z][A-Z0-9]?$")
SHORT_TITLE_MAX = 40  # characters: a short title must fit a line of the sidebar
MISSING_HINTS = {
    "short_title": "add `short_title:`, a few words in the text's language that name it in the navigation, "
    "lists and charts (see the comment at the top of texts.yaml)",
    "siglum": "add `siglum:`, the next free Latin capital letter (A, B, C ...; see the comment at the top of texts.yaml)",
}

TEXT_FIELDS_REQUIRED = {"id", "file", "language", "kind", "title", "title_en", "short_title", "siglum"}
TEXT_FIELDS_OPTIONAL = {
    "source_notes",
    "source_notes_kk",
    "author",
    "year",
    "encoding",
    "not_part_of_work",
    "rules",
    "structure",
    "todo",
}
TODO_FIELDS = ("title", "title_en", "short_title", "source_notes_kk", "source_notes", "author", "year")


@dataclass(frozen=True)
class Paths:
    """The folders the pipeline reads from."""

    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "source_texts"

    @property
    def texts_yaml(self) -> Path:
        return self.sources / "texts.yaml"

    @property
    def edition_yaml(self) -> Path:
        return self.sources / "edition.yaml"

    @property
    def accepted_yaml(self) -> Path:
        return self.sources / "accepted_forms.yaml"


def default_paths() -> Paths:
    return Paths(PROJECT_ROOT)


def _need_choice(entry: Mapping, key: str, allowed, path: Path, errors: list[EditionError], label: str, hint: str):
    """``entry[key]`` if it is one of ``allowed``; otherwise an error naming the choices."""
    value = entry.get(key)
    if value not in allowed:
        errors.append(
            EditionError(path, f"{label}: `{key}` must be one of {sorted(allowed)}, not {value!r}", entry.line_of(key), hint=hint)
        )
    return value


def _need_str(entry: Mapping, key: str, path: Path, errors: list, label: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        errors.append(
            EditionError(
                path,
                f"{label}: `{key}` must be a non-empty string",
                entry.line_of(key),
                hint=f"give `{key}:` a value",
            )
        )
        return ""
    return value.strip()


def parse_text_entry(entry, path: Path, index: int) -> tuple[TextMeta | None, list[EditionError]]:
    """Validate one entry of texts.yaml."""
    errors: list[EditionError] = []
    if not isinstance(entry, Mapping):
        return None, [EditionError(path, f"entry {index + 1} is not a mapping", hint="write `- id: ...`")]
    label = f"text {entry.get('id', index + 1)!r}"
    missing = sorted(TEXT_FIELDS_REQUIRED - set(entry))
    for key in missing:
        errors.append(
            EditionError(
                path, f"{label}: missing required field `{key}`", entry.line, hint=MISSING_HINTS.get(key, f"add `{key}:`")
            )
        )
    for key in sorted(set(entry) - TEXT_FIELDS_REQUIRED - TEXT_FIELDS_OPTIONAL, key=str):
        known = ", ".join(sorted(TEXT_FIELDS_REQUIRED | TEXT_FIELDS_OPTIONAL))
        errors.append(
            EditionError(path, f"{label}: unknown field `{key}`", entry.line_of(key), hint=f"known fields: {known}")
        )
    if missing:
        return None, errors
    text_id = entry.get("id")
    if isinstance(text_id, int):
        text_id = str(text_id)
    if not isinstance(text_id, str) or not _ID_RE.match(text_id):
        errors.append(
            EditionError(
                path,
                f"{label}: `id` must be a short lower-case name (letters, digits, '-'), quoted if it is a number",
                entry.line_of("id"),
                hint='write for example `id: "005"`',
            )
        )
    language = _need_choice(entry, "language", LANGUAGES, path, errors, label, "use `kk` for Kazakh or `ru` for Russian")
    kind = _need_choice(entry, "kind", KINDS, path, errors, label, "choose the kind that fits the text")
    file = _need_str(entry, "file", path, errors, label)
    title = _need_str(entry, "title", path, errors, label)
    title_en = _need_str(entry, "title_en", path, errors, label)
    short_title = _need_str(entry, "short_title", path, errors, label)
    if len(short_title) > SHORT_TITLE_MAX:
        errors.append(
            EditionError(
                path,
                f"{label}: `short_title` has {len(short_title)} characters; at most {SHORT_TITLE_MAX} fit the navigation",
                entry.line_of("short_title"),
                hint="name the text in a few words of its own language (the full title stays in `title`)",
            )
        )
    siglum = entry.get("siglum")
    if not isinstance(siglum, str) or not SIGLUM_RE.match(siglum):
        errors.append(
            EditionError(
                path,
                f"{label}: `siglum` must be one Latin capital letter, perhaps followed by a second capital or a digit, "
                f"not {siglum!r}",
                entry.line_of("siglum"),
                hint="take the next free letter of the alphabet, for example `siglum: F` (see the comment at the top of texts.yaml)",
            )
        )
    not_part = entry.get("not_part_of_work") or []
    if not isinstance(not_part, list) or not all(isinstance(x, str) and x for x in not_part):
        errors.append(
            EditionError(
                path,
                f"{label}: `not_part_of_work` must be a list of exact passages of the raw text",
                entry.line_of("not_part_of_work"),
                hint="write each passage as a quoted string item",
            )
        )
        not_part = []
    rules = entry.get("rules") or {}
    if not isinstance(rules, dict) or not all(isinstance(v, bool) for v in rules.values()):
        errors.append(
            EditionError(
                path,
                f"{label}: `rules` must map rule names to true/false",
                entry.line_of("rules"),
                hint="write for example `rules: {join_broken_lines: false}`",
            )
        )
        rules = {}
    structure, structure_errors = parse_structure(entry.get("structure"), path, label, entry.line_of("structure"))
    errors.extend(structure_errors)
    encoding = entry.get("encoding", "utf-8")
    todo = entry.get("todo") or []
    if not isinstance(todo, list) or not all(isinstance(x, str) and x in TODO_FIELDS for x in todo):
        errors.append(
            EditionError(
                path,
                f"{label}: `todo` must list fields still to write, among {', '.join(TODO_FIELDS)}",
                entry.line_of("todo"),
                hint="remove a field from `todo:` once its value is the editor's (or the whole `todo:` line)",
            )
        )
        todo = []
    if errors:
        return None, errors
    meta = TextMeta(
        id=text_id,
        file=file,
        language=language,
        kind=kind,
        title=title,
        title_en=title_en,
        short_title=short_title,
        siglum=siglum,
        source_notes=str(entry.get("source_notes") or "").strip(),
        source_notes_kk=str(entry.get("source_notes_kk") or "").strip(),
        author=str(entry.get("author") or "").strip(),
        year=str(entry.get("year") or "").strip(),
        encoding=str(encoding).lower(),
        not_part_of_work=tuple(not_part),
        rules=tuple(sorted(rules.items())),
        structure=structure,
        structure_line=entry.line_of("structure") if "structure" in entry else entry.line,
        todo=tuple(todo),
        todo_line=entry.line_of("todo") if "todo" in entry else entry.line,
        source_line=entry.line,
    )
    return meta, []


def load_texts(paths: Paths) -> list[TextMeta]:
    """Load and validate texts.yaml; raise EditionErrors listing every problem."""
    path = paths.texts_yaml
    if not path.is_file():
        raise EditionError(path, "texts.yaml is missing", hint="create it with one entry per raw text")
    data = load_yaml(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("texts"), list):
        raise EditionError(path, "expected a top-level `texts:` list", getattr(data, "line", 0))
    errors: list[EditionError] = []
    metas: list[TextMeta] = []
    seen: dict[str, int] = {}
    names: dict[tuple[str, str], tuple[str, int]] = {}  # (field, value) -> (text id, line)
    for index, entry in enumerate(data["texts"]):
        meta, entry_errors = parse_text_entry(entry, path, index)
        errors.extend(entry_errors)
        if meta is None:
            continue
        for field_name in ("siglum", "short_title"):
            value = getattr(meta, field_name)
            key = (field_name, value.casefold())
            line = entry.line_of(field_name)
            if key in names:
                other, other_line = names[key]
                errors.append(
                    EditionError(
                        path,
                        f"text {meta.id!r}: `{field_name}` {value!r} is already the {field_name} of text {other!r} "
                        f"(line {other_line}); a reader could not tell the two texts apart",
                        line,
                        hint=f"give text {meta.id!r} a {field_name} of its own",
                    )
                )
            else:
                names[key] = (meta.id, line)
        if meta.id in seen:
            errors.append(
                EditionError(
                    path,
                    f"duplicate text id {meta.id!r} (first on line {seen[meta.id]})",
                    meta.source_line,
                    hint="give every text its own id",
                )
            )
            continue
        seen[meta.id] = meta.source_line
        metas.append(meta)
    if errors:
        raise EditionErrors(errors)
    return metas
