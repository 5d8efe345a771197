"""The glossary: entries loaded from YAML and one compiled matcher for all their forms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EditionError, EditionErrors
from .matching import literal_trie_regex
from .yamlio import Mapping, load_yaml

KINDS = {"organisation", "treaty", "programme", "person", "place", "concept", "state", "event"}
REQUIRED = {"id", "kind", "name"}
OPTIONAL = {"acronym", "variants", "description", "dates", "link"}
LANGS = ("kk", "ru", "en")

LOWER_CYR = "а-яёәғқңөұүһі"
WORD_CHARS = r"\w"


@dataclass
class Entry:
    id: str
    kind: str
    name: dict[str, str]
    acronym: dict[str, str] = field(default_factory=dict)
    variants: list[str] = field(default_factory=list)
    description: dict[str, str] = field(default_factory=dict)
    dates: str = ""
    link: str = ""
    source: str = ""  # file:line of the entry

    def display_name(self, language: str = "kk") -> str:
        return self.name.get(language) or self.name.get("kk") or self.name.get("en") or self.id

    def forms(self) -> list[str]:
        """Every surface form that should link to this entry."""
        result = []
        for value in [*self.acronym.values(), *self.name.values(), *self.variants]:
            if value and value not in result:
                result.append(value)
        return result


class Glossary:
    """All entries, with one compiled regular expression over all their forms."""

    def __init__(self, entries: list[Entry]):
        self.entries = {e.id: e for e in entries}
        self._form_to_id: dict[str, str] = {}
        for entry in entries:
            for form in entry.forms():
                self._form_to_id.setdefault(form, entry.id)
        self._regex = self._compile()

    def _compile(self):
        if not self._form_to_id:
            return None
        # one compiled matcher for all forms, folded into a trie so that its cost
        # stays nearly flat as the glossary grows (see build_tools/matching.py)
        alternation = literal_trie_regex(self._form_to_id)
        # A form, then optionally a Kazakh ending (after a hyphen or directly,
        # in lower case), never inside a longer word.
        pattern = rf"(?<![\w-])({alternation})(?:[-‐]?[{LOWER_CYR}]{{1,8}})?(?![\w])"
        return re.compile(pattern)

    def find(self, text: str, language: str = "kk"):
        """Yield (start, end, entry_id) for every occurrence in text."""
        if self._regex is None:
            return
        for m in self._regex.finditer(text):
            form = m.group(1)
            entry_id = self._form_to_id[form]
            yield m.start(), m.end(), entry_id

    def __len__(self) -> int:
        return len(self.entries)


def _entry_from_yaml(item, path: Path) -> tuple[Entry | None, list[EditionError]]:
    errors: list[EditionError] = []
    if not isinstance(item, Mapping):
        return None, [EditionError(path, "a glossary entry must be a mapping", getattr(item, "line", 0))]
    label = f"entry {item.get('id', '?')!r}"
    for key in sorted(REQUIRED - set(item)):
        errors.append(EditionError(path, f"{label}: missing required field `{key}`", item.line, hint=f"add `{key}:`"))
    for key in sorted(set(item) - REQUIRED - OPTIONAL, key=str):
        errors.append(
            EditionError(
                path,
                f"{label}: unknown field `{key}`",
                item.line_of(key),
                hint=f"known fields: {', '.join(sorted(REQUIRED | OPTIONAL))}",
            )
        )
    if errors:
        return None, errors
    if item["kind"] not in KINDS:
        errors.append(
            EditionError(
                path,
                f"{label}: unknown kind {item['kind']!r}",
                item.line_of("kind"),
                hint=f"use one of {', '.join(sorted(KINDS))}",
            )
        )
    name = item.get("name")
    if not isinstance(name, dict) or not name.get("kk"):
        errors.append(
            EditionError(path, f"{label}: `name` needs at least `kk:`", item.line_of("name"), hint="add `name: {kk: ...}`")
        )
    if errors:
        return None, errors
    entry = Entry(
        id=str(item["id"]),
        kind=item["kind"],
        name={k: str(v) for k, v in name.items()},
        acronym={k: str(v) for k, v in (item.get("acronym") or {}).items()},
        variants=[str(v) for v in item.get("variants") or []],
        description={k: str(v) for k, v in (item.get("description") or {}).items()},
        dates=str(item.get("dates") or ""),
        link=str(item.get("link") or ""),
        source=f"{path}:{item.line}",
    )
    return entry, []


def load_glossary(directory: Path) -> Glossary:
    """Load every ``*.yaml`` under ``source_texts/glossary/`` into one validated glossary."""
    directory = Path(directory)
    entries: list[Entry] = []
    errors: list[EditionError] = []
    seen_ids: dict[str, str] = {}
    seen_forms: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        data = load_yaml(path)
        items = data.get("entries") if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            errors.append(EditionError(path, "expected a top-level `entries:` list", getattr(data, "line", 0)))
            continue
        for item in items:
            entry, entry_errors = _entry_from_yaml(item, path)
            errors.extend(entry_errors)
            if entry is None:
                continue
            if entry.id in seen_ids:
                errors.append(
                    EditionError(path, f"duplicate entry id {entry.id!r} (first at {seen_ids[entry.id]})", item.line)
                )
                continue
            seen_ids[entry.id] = entry.source
            for form in entry.forms():
                owner = seen_forms.get(form)
                if owner and owner != entry.id:
                    errors.append(
                        EditionError(
                            path,
                            f"entry {entry.id!r}: form {form!r} is already claimed by entry {owner!r}",
                            item.line,
                            hint="a form may belong to one entry only",
                        )
                    )
                seen_forms.setdefault(form, entry.id)
            entries.append(entry)
    if errors:
        raise EditionErrors(errors)
    return Glossary(entries)
